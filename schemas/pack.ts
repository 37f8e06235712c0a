import { z } from 'zod';
import { sqlName } from './contract';
import { link } from './link';
import { tenantId } from './tenant';

/**
 * A domain pack: contracts, models and sample data about one domain (report levels 3 to 5). The models are the
 * files in the pack's models/ folder (schemas/model.ts); which tables they read comes from their SQL.
 */
export const pack = z.object({
  id: sqlName,
  title: z.string().min(1),
  description: z.string().default(''),
  datasets: z.array(sqlName).min(1),
  /** Declared links (schemas/link.ts): each builds link_<name> in the datamart stage, with a match report. */
  links: z.array(link).default([]),
  /** What `npm start` uploads for this pack: the demo tenant and the sample files (below the pack), in order. */
  demo: z
    .object({
      tenant: tenantId,
      uploads: z.array(z.object({ dataset: sqlName, file: z.string().regex(/^data\/[A-Za-z0-9_.-]+$/) })).min(1),
    })
    .optional(),
});

export type Pack = z.infer<typeof pack>;
