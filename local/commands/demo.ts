import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { projectFolder } from '../../core/names';
import { checksSummary, readModelBuilds } from '../../core/report/model-run';
import { pack as packSchema } from '../../schemas/pack';
import type { PublishOutput } from '../../schemas/payloads';
import { seconds } from '../format';
import { LocalRuntime } from '../runtime/runtime';
import { type CommandContext, wordsOf } from './context';
import type { CliWords } from '../words';
import { printUpload, type UploadSummary, uploadFile } from './upload';

/** One pack's demo: its tenant and its sample files in upload order (the pack's `demo:` section). */
export interface DemoPack {
  pack: string;
  tenant: string;
  uploads: { dataset: string; file: string }[];
}

/** Every bundled pack with a demo, the street-gully case first (the README's quick start), then by name. */
export function demoPacks(projectRoot: string): DemoPack[] {
  const root = join(projectRoot, projectFolder.packs);
  const found: DemoPack[] = [];
  for (const id of readdirSync(root).sort()) {
    const file = join(root, id, 'pack.yaml');
    if (!existsSync(file)) continue;
    const { demo } = packSchema.parse(parseYaml(readFileSync(file, 'utf8')));
    if (demo) found.push({ pack: id, tenant: demo.tenant, uploads: demo.uploads.map((u) => ({ dataset: u.dataset, file: join(projectFolder.packs, id, u.file) })) });
  }
  return found.sort((a, b) => Number(b.pack === 'gullies') - Number(a.pack === 'gullies'));
}

/** The street-gully case alone: its tenant and uploads (tests use it as the quick start's data). */
export const demoTenant = 'leeuwarden';
export const demoUploads = demoPacks(join(import.meta.dirname, '..', '..')).find((p) => p.pack === 'gullies')?.uploads ?? [];

export interface PackSummary {
  pack: string;
  tenant: string;
  uploads: UploadSummary[];
  /** The last build of every table the pack's uploads built, with its checks. */
  tables: PublishOutput[];
}

async function builtTables(runtime: LocalRuntime, tenant: string, uploads: UploadSummary[]): Promise<PublishOutput[]> {
  const latest = new Map<string, PublishOutput>();
  for (const upload of uploads) {
    if (!upload.loadId) continue;
    for (const built of await readModelBuilds(runtime.ports.store, runtime.ports.buckets.lake, tenant, upload.loadId)) latest.set(built.table, built);
  }
  return [...latest.values()];
}

function printPack(out: (text: string) => void, w: CliWords, summary: PackSummary): void {
  const checks = checksSummary(summary.tables);
  out(
    w.demoPack({
      pack: summary.pack,
      tenant: summary.tenant,
      ok: summary.uploads.filter((u) => u.status === 'SUCCEEDED').length,
      total: summary.uploads.length,
      took: seconds(summary.uploads.reduce((s, u) => s + (u.durationMs ?? 0), 0)),
    }),
  );
  // row counts as the engine has them (no thousands separators), as polder query shows them
  out(w.demoTables(summary.tables.map((t) => `${t.table} ${t.rowsOut}`).join(' · ') || w.none));
  out(w.demoChecks({ ...checks, held: summary.tables.filter((t) => !t.published).map((t) => t.table) }));
}

/** `npm start`: every bundled pack for its demo tenant, end to end, and a short summary per pack. */
export async function demo(ctx: CommandContext): Promise<number> {
  const w = wordsOf(ctx);
  const runtime = await LocalRuntime.open({ workspace: ctx.workspace, projectRoot: ctx.projectRoot });
  try {
    if (!ctx.options.json) ctx.out(w.demoStart(runtime.workspace));
    const packs: PackSummary[] = [];
    for (const pack of demoPacks(ctx.projectRoot)) {
      const uploads: UploadSummary[] = [];
      for (const { dataset, file } of pack.uploads) {
        const summary = await uploadFile(runtime, join(ctx.projectRoot, file), { tenant: pack.tenant, dataset });
        uploads.push(summary);
        if (!ctx.options.json && summary.status !== 'SUCCEEDED') printUpload(ctx.out, w, summary);
      }
      const summary = { pack: pack.pack, tenant: pack.tenant, uploads, tables: await builtTables(runtime, pack.tenant, uploads) };
      packs.push(summary);
      if (!ctx.options.json) printPack(ctx.out, w, summary);
    }
    const failed = packs.flatMap((p) => p.uploads).filter((s) => s.status !== 'SUCCEEDED');
    if (ctx.options.json) {
      ctx.out(JSON.stringify({ workspace: runtime.workspace, packs }, null, 2));
    } else {
      ctx.out(w.demoOutputs(join(runtime.workspace, 'buckets', runtime.ports.buckets.lake)));
      const tries = [
        `query "select * from result_gully_cleaning_plan order by wijk_code" --tenant ${demoTenant}`,
        'query "select * from result_wijk_scorecard where early_warning" --tenant amsterdam',
        'query "select term, coefficient, auc_holdout from result_foundation_risk_coefficients" --tenant zaanstad',
        'runs            npm run polder -- test',
      ];
      tries.forEach((t, i) => ctx.out(`${i === 0 ? w.demoTry : ' '.repeat(w.demoTry.length)} npm run polder -- ${t}`));
    }
    return failed.length ? 1 : 0;
  } finally {
    await runtime.close();
  }
}
