import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { parseS3Uri } from '../../core/keys';
import { projectFolder, workflow } from '../../core/names';
import { repeatCode } from '../../core/report';
import { loadReport } from '../../schemas/report';
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
  /** Uploads (their run names) rejected only as a repeat: an earlier demo in this workspace loaded the same bytes. */
  alreadyLoaded: string[];
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
      ok: summary.uploads.filter((u) => u.status === 'SUCCEEDED' || isAlreadyLoaded(summary, u)).length,
      total: summary.uploads.length,
      took: seconds(summary.uploads.reduce((s, u) => s + (u.durationMs ?? 0), 0)),
    }),
  );
  // row counts as the engine has them (no thousands separators), as polder query shows them
  out(w.demoTables(summary.tables.map((t) => `${t.table} ${t.rowsOut}`).join(' · ') || w.none));
  out(w.demoChecks({ ...checks, held: summary.tables.filter((t) => !t.published).map((t) => t.table) }));
}

function isAlreadyLoaded(pack: Pick<PackSummary, 'alreadyLoaded'>, upload: UploadSummary): boolean {
  return upload.run !== undefined && pack.alreadyLoaded.includes(upload.run);
}

/**
 * `npm start` run again in the same workspace: an append dataset's sample is then rejected as a repeat (the same
 * bytes are already in the table). That is the platform doing its job, not a failed demo.
 */
async function rejectedOnlyAsRepeat(runtime: LocalRuntime, upload: UploadSummary): Promise<boolean> {
  const report = upload.stages.find((s) => s.stage === workflow.validate)?.output;
  if (upload.status !== 'REJECTED' || !report) return false;
  const { bucket, key } = parseS3Uri(report);
  const { findings } = loadReport.parse(JSON.parse(new TextDecoder().decode(await runtime.ports.store.get({ bucket, key }))));
  return findings.length > 0 && findings.every((f) => f.code === repeatCode);
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
      const alreadyLoaded: string[] = [];
      for (const { dataset, file } of pack.uploads) {
        const summary = await uploadFile(runtime, join(ctx.projectRoot, file), { tenant: pack.tenant, dataset });
        uploads.push(summary);
        if (summary.run && (await rejectedOnlyAsRepeat(runtime, summary))) {
          alreadyLoaded.push(summary.run);
          if (!ctx.options.json) ctx.out(w.demoAlreadyLoaded({ dataset, file: summary.file }));
        } else if (!ctx.options.json && summary.status !== 'SUCCEEDED') printUpload(ctx.out, w, summary);
      }
      const summary = { pack: pack.pack, tenant: pack.tenant, uploads, alreadyLoaded, tables: await builtTables(runtime, pack.tenant, uploads) };
      packs.push(summary);
      if (!ctx.options.json) printPack(ctx.out, w, summary);
    }
    const failed = packs.flatMap((p) => p.uploads.filter((u) => u.status !== 'SUCCEEDED' && !isAlreadyLoaded(p, u)));
    if (ctx.options.json) {
      ctx.out(JSON.stringify({ workspace: runtime.workspace, packs }, null, 2));
    } else {
      ctx.out(w.demoOutputs(join(runtime.workspace, 'buckets', runtime.ports.buckets.lake)));
      const tries = [
        `query "select * from result_gully_cleaning_plan order by wijk_code" --tenant ${demoTenant}`,
        'query "select * from result_wijk_scorecard where early_warning" --tenant amsterdam',
        'query "select term, coefficient, auc_holdout from result_foundation_risk_coefficients" --tenant zaanstad',
        'runs',
        'test',
      ];
      tries.forEach((t, i) => ctx.out(`${i === 0 ? w.demoTry : ' '.repeat(w.demoTry.length)} npm run polder -- ${t}`));
    }
    return failed.length ? 1 : 0;
  } finally {
    await runtime.close();
  }
}
