import { join } from 'node:path';
import { LocalRuntime } from '../runtime/runtime';
import type { CommandContext } from './context';
import { printUpload, type UploadSummary, uploadFile } from './upload';

/** The bundled street-gully case: reference data, trees, then gullies — the last upload completes the mart. */
export const demoUploads = [
  { dataset: 'tree_species', file: 'packs/gullies/data/tree_species.csv' },
  { dataset: 'trees', file: 'packs/gullies/data/trees.csv' },
  { dataset: 'gullies', file: 'packs/gullies/data/gullies.csv' },
] as const;

export const demoTenant = 'leeuwarden';

export async function demo(ctx: CommandContext): Promise<number> {
  const runtime = await LocalRuntime.open({ workspace: ctx.workspace, projectRoot: ctx.projectRoot });
  try {
    if (!ctx.options.json) ctx.out(`Polder demo: tenant ${demoTenant}, workspace ${runtime.workspace}`);
    const summaries: UploadSummary[] = [];
    for (const { dataset, file } of demoUploads) {
      const summary = await uploadFile(runtime, join(ctx.projectRoot, file), { tenant: demoTenant, dataset });
      summaries.push(summary);
      if (!ctx.options.json) printUpload(ctx.out, summary);
    }
    const failed = summaries.filter((s) => s.status !== 'SUCCEEDED');
    if (ctx.options.json) {
      ctx.out(JSON.stringify({ workspace: runtime.workspace, uploads: summaries }, null, 2));
    } else {
      ctx.out(`\nOutputs are under ${join(runtime.workspace, 'buckets', runtime.ports.buckets.lake)}: curated/, marts/, results/, reports/.`);
      ctx.out(`Try: npm run polder -- query "select * from result_gully_cleaning_plan order by wijk_code" --tenant ${demoTenant}`);
    }
    return failed.length ? 1 : 0;
  } finally {
    await runtime.close();
  }
}
