import { randomBytes, randomUUID } from 'node:crypto';
import type { ObjectCreatedEvent } from '../../schemas/events';
import { localAccount, localRegion } from './template';

let lastSequencer = 0n;

/** S3 sequencers grow with each write to a key; time-based so they also grow across processes. */
export function nextSequencer(): string {
  const now = BigInt(Date.now()) * 1_000_000n;
  lastSequencer = now > lastSequencer ? now : lastSequencer + 1n;
  return lastSequencer.toString(16).toUpperCase().padStart(18, '0');
}

/** The EventBridge "Object Created" event S3 sends for a PutObject. */
export function objectCreated(input: { bucket: string; key: string; size: number; etag: string; versionId?: string; time?: Date }): ObjectCreatedEvent {
  const time = (input.time ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Object Created',
    source: 'aws.s3',
    account: localAccount,
    time,
    region: localRegion,
    resources: [`arn:aws:s3:::${input.bucket}`],
    detail: {
      version: '0',
      bucket: { name: input.bucket },
      object: {
        key: input.key,
        size: input.size,
        etag: input.etag,
        'version-id': input.versionId ?? randomBytes(24).toString('base64url').slice(0, 32),
        sequencer: nextSequencer(),
      },
      'request-id': randomBytes(8).toString('hex').toUpperCase(),
      requester: localAccount,
      reason: 'PutObject',
    },
  };
}
