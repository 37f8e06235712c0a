import { z } from 'zod';
import { sqlName } from './contract';
import { language } from './language';

export const tenantId = z
  .string()
  .regex(/^[a-z][a-z0-9-]{1,30}[a-z0-9]$/, 'tenant ids are lowercase letters, digits and hyphens (3-32), e.g. "leeuwarden"');

export const tenantConfig = z.object({
  id: tenantId,
  name: z.string().min(1),
  /** CBS municipality code, e.g. GM0080. */
  cbs_code: z.string().regex(/^GM\d{4}$/).optional(),
  /** Domain packs this tenant uses (folders under packs/); none for a tenant that only loads with its own contracts. */
  packs: z.array(sqlName).default([]),
  /** Athena bytes-scanned cutoff per query. */
  bytes_scanned_cutoff: z.number().int().min(10_000_000).default(10_000_000_000),
  /** The language of the reports for this tenant's teams. */
  language: language.default('nl'),
  /** Published result rows with a count below this are suppressed (never below 5, core/privacy/disclosure.ts). */
  min_published_count: z.number().int().min(5).default(10),
  /** Most a single load may hold; a contract may set lower limits (load.max_rows, load.max_bytes). */
  limits: z
    .object({
      /** Rows after the header. */
      max_rows: z.number().int().positive().default(500_000_000),
      /** Bytes after inflating gzip. */
      max_bytes: z.number().int().positive().default(50_000_000_000),
    })
    .default({ max_rows: 500_000_000, max_bytes: 50_000_000_000 }),
});

export type TenantConfig = z.infer<typeof tenantConfig>;
