import { z } from 'zod';

/** EventBridge "Object Created" event as S3 sends it (only the fields Polder reads). */
export const objectCreatedEvent = z.object({
  version: z.string().default('0'),
  id: z.string(),
  'detail-type': z.literal('Object Created'),
  source: z.literal('aws.s3'),
  account: z.string(),
  time: z.string(),
  region: z.string(),
  resources: z.array(z.string()).default([]),
  detail: z.object({
    version: z.string().default('0'),
    bucket: z.object({ name: z.string() }),
    object: z.object({
      key: z.string(),
      size: z.number().int().nonnegative(),
      etag: z.string().optional(),
      'version-id': z.string().optional(),
      sequencer: z.string(),
    }),
    'request-id': z.string().optional(),
    requester: z.string().optional(),
    reason: z.string().optional(),
  }),
});

export type ObjectCreatedEvent = z.infer<typeof objectCreatedEvent>;
