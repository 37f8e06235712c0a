import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { quarantineColumns } from '../../core/contract/quarantine';
import { loadPrefix, quarantinePart, quarantinePartPrefix, s3Uri } from '../../core/keys';
import { bucket, workflow, zone } from '../../core/names';
import { quoteIdent, quoteString } from '../../core/sql/quote';
import type { LocalRuntime } from '../../local/runtime/runtime';

/**
 * The quarantine of a dataset's latest load as a SQL source: the files its quarantine table reads, the findings
 * part of each checks attempt (core/keys.ts quarantinePart), without the partition column (it is only in the folder
 * name); a load without findings has none, and gives an empty source. A load's quarantine table exists only while
 * the load runs (core/tables.ts), so tests read the files.
 */
export async function lastQuarantine(runtime: LocalRuntime, tenant: string, dataset: string): Promise<string> {
  const runs = (await runtime.listRuns()).filter((r) => {
    const input = r.input as { tenant?: string; dataset?: string } | null;
    return r.workflow === workflow.pipeline && input?.tenant === tenant && input.dataset === dataset;
  });
  const loadId = (runs.at(-1)?.input as { loadId?: string } | undefined)?.loadId;
  if (!loadId) throw new Error(`no load of ${tenant}/${dataset}`);
  const folder = runtime.ports.store.uriToPath(s3Uri(bucket.lake, loadPrefix(zone.quarantine, tenant, dataset, loadId)));
  const files = readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.parquet') && f.includes(quarantinePartPrefix('/', quarantinePart.findings)))
    .map((f) => join(folder, f));
  if (files.length === 0) {
    return `(select ${quarantineColumns.map((c) => `cast(null as ${c.type}) as ${quoteIdent(c.name)}`).join(', ')} where false)`;
  }
  return `read_parquet([${files.map(quoteString).join(', ')}], hive_partitioning = false)`;
}
