import { z } from 'zod';
import { sqlName } from './contract';
import { link } from './link';

/** A domain pack: contracts, SQL models and sample data about one domain (report level 3 and 4). */
export const sqlModel = z.object({
  name: sqlName,
  description: z.string().default(''),
  /** File under the pack's sql/ folder, e.g. marts/gully_tree_proximity.sql. */
  sql: z.string().regex(/^[a-z0-9_/]+\.sql$/),
  /** Datasets (for marts) or marts (for analyses) the model reads. */
  depends_on: z.array(sqlName).min(1),
  /** One row per …: the grain, for documentation. */
  grain: z.string().default(''),
  /**
   * The model says something about individual persons (a score, a prediction, a profile per person): with a
   * `kind: score` model this raises the privacy register's "DPIA needed" (core/privacy/register.ts).
   */
  about_persons: z.boolean().default(false),
});

export const pack = z.object({
  id: sqlName,
  title: z.string().min(1),
  description: z.string().default(''),
  datasets: z.array(sqlName).min(1),
  marts: z.array(sqlModel).default([]),
  analyses: z.array(sqlModel.extend({ publish: z.boolean().default(true) })).default([]),
  /** Declared links (schemas/link.ts): each builds link_<name> in the datamart stage, with a match report. */
  links: z.array(link).default([]),
});

export type Pack = z.infer<typeof pack>;
export type SqlModel = z.infer<typeof sqlModel>;
