import { loadPrefix, s3Uri } from '../../core/keys';
import { bucket, workflow, zone } from '../../core/names';
import type { LocalRuntime } from '../../local/runtime/runtime';

/**
 * The quarantine of a dataset's latest load as a SQL source. A load's quarantine table exists only while the load
 * runs (core/tables.ts), so tests read its Parquet folder, as the report does.
 */
export async function lastQuarantine(runtime: LocalRuntime, tenant: string, dataset: string): Promise<string> {
  const runs = (await runtime.listRuns()).filter((r) => {
    const input = r.input as { tenant?: string; dataset?: string } | null;
    return r.workflow === workflow.pipeline && input?.tenant === tenant && input.dataset === dataset;
  });
  const loadId = (runs.at(-1)?.input as { loadId?: string } | undefined)?.loadId;
  if (!loadId) throw new Error(`no load of ${tenant}/${dataset}`);
  const folder = runtime.ports.store.uriToPath(s3Uri(bucket.lake, loadPrefix(zone.quarantine, tenant, dataset, loadId)));
  return `read_parquet('${folder.replace(/\/?$/, '/')}**/*.parquet')`;
}
