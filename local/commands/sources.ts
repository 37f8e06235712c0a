import { listTenants, readContract, readPack, readTenant } from '../../core/config';
import { overrideContractsPrefix } from '../../core/keys';
import { workflow } from '../../core/names';
import { LocalRuntime } from '../runtime/runtime';
import { table } from '../format';
import { type CommandContext, wordsOf } from './context';
import { childRuns } from './stages';
import { amsterdamTime } from '../../core/report/words';

export interface SourceEntry {
  tenant: string;
  dataset: string;
  title: string;
  owner: string;
  source_type: string;
  purpose: string;
  refresh: string;
  last_load: string | null;
  rows: number | null;
  rejected_percent: number | null;
}

/** The register of data sources (report level 1): every dataset a tenant has a contract for, and how its last load went. */
export async function sources(ctx: CommandContext): Promise<number> {
  const w = wordsOf(ctx);
  const runtime = await LocalRuntime.open({ workspace: ctx.workspace, projectRoot: ctx.projectRoot });
  try {
    const { store, buckets } = runtime.ports;
    const tenants = ctx.options.tenant ? [ctx.options.tenant] : await listTenants(store, buckets.lake);
    const all = await runtime.listRuns();
    const pipelines = all.filter((r) => r.workflow === workflow.pipeline);
    const entries: SourceEntry[] = [];
    for (const tenantId of tenants) {
      const tenant = await readTenant(store, buckets.lake, tenantId);
      const datasets = new Set<string>();
      for (const packId of tenant.packs) for (const d of (await readPack(store, buckets.lake, packId)).datasets) datasets.add(d);
      for (const key of await store.list(buckets.lake, overrideContractsPrefix(tenantId))) {
        datasets.add(key.split('/').pop()?.replace(/\.yaml$/, '') ?? '');
      }
      for (const dataset of [...datasets].filter(Boolean).sort()) {
        const contract = await readContract(store, buckets.lake, tenant, dataset);
        // only a finished run is a load: a failed one (also one whose process died) is in polder runs, not here
        const runs = pipelines
          .filter((r) => r.status === 'SUCCEEDED')
          .filter((r) => (r.input as { tenant?: string; dataset?: string }).tenant === tenantId && (r.input as { dataset?: string }).dataset === dataset)
          .sort((a, b) => b.startedAt.localeCompare(a.startedAt));
        const last = runs[0];
        const validate = last ? childRuns(all, last).find((c) => c.workflow === workflow.validate) : undefined;
        const v = validate?.output as { rowsIn?: number; rejected?: number } | undefined;
        entries.push({
          tenant: tenantId,
          dataset,
          title: contract.title,
          owner: contract.owner,
          source_type: contract.source_type,
          purpose: contract.purpose,
          refresh: contract.refresh,
          last_load: last?.startedAt ?? null,
          rows: v?.rowsIn ?? null,
          rejected_percent: v?.rowsIn ? Math.round(((v.rejected ?? 0) / v.rowsIn) * 10000) / 100 : null,
        });
      }
    }
    if (ctx.options.json) ctx.out(JSON.stringify(entries, null, 2));
    else {
      const h = w.head;
      ctx.out(
        table(
          entries.map((e) => ({
            tenant: e.tenant,
            dataset: e.dataset,
            [h.owner]: e.owner,
            [h.type]: e.source_type,
            [h.refresh]: e.refresh,
            [h.last_load]: e.last_load && amsterdamTime(e.last_load),
            [h.rows]: e.rows,
            [h.rejected_percent]: e.rejected_percent,
          })),
        ),
      );
    }
    return 0;
  } finally {
    await runtime.close();
  }
}
