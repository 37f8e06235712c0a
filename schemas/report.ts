import { z } from 'zod';
import { sqlName } from './contract';
import { language } from './language';
import { finding, preambleValue } from './payloads';
import { tenantId } from './tenant';

/** The per-load validation report: reports/<tenant>/<dataset>/load=<loadId>/report.json (and .html). */
export const loadStatus = z.enum(['accepted', 'accepted_with_warnings', 'rejected']);

export const loadReport = z.object({
  tenant: tenantId,
  dataset: sqlName,
  loadId: z.string().min(1),
  fileName: z.string(),
  contract: z.object({ id: sqlName, title: z.string(), owner: z.string() }),
  status: loadStatus,
  /** Why the load was rejected, in one sentence; absent when accepted. */
  reason: z.string().optional(),
  rows: z.object({
    total: z.number().int().nonnegative(),
    accepted: z.number().int().nonnegative(),
    rejected: z.number().int().nonnegative(),
    warned: z.number().int().nonnegative(),
  }),
  findings: z.array(finding),
  /** The contract's `load.max_rejected_percent` the status was decided with. */
  maxRejectedPercent: z.number().optional(),
  /** The language people read the report in (the tenant's `language`). */
  language: language.default('nl'),
  /** The set-aside rows as CSV (personal values masked), a file next to report.html; absent when none were set aside. */
  setAsideCsv: z.string().optional(),
  /** Where in the file the set-aside rows are: counts per stretch of lines. */
  setAsidePlaces: z.array(z.object({ from: z.number().int(), to: z.number().int(), count: z.number().int().nonnegative() })).optional(),
  /** CSV: the `key;value` lines of the metadata block above the table (file.header_line), and the columns they became. */
  preamble: z.array(preambleValue).optional(),
  /** ISO 8601 time the report was written. */
  createdAt: z.string(),
});

export type LoadStatus = z.infer<typeof loadStatus>;
export type LoadReport = z.infer<typeof loadReport>;
