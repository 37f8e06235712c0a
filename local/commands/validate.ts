import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseContract } from '../../core/contract/parse';
import { rawKey, reportFile } from '../../core/keys';
import { renderReportText } from '../../core/report';
import type { LoadReport } from '../../schemas/report';
import { LocalRuntime } from '../runtime/runtime';
import { CliError, type CommandContext, required, wordsOf } from './context';

/**
 * What validate shows of its report: nothing the user cannot look up afterwards. The load id names a load in the
 * scratch workspace, which is gone; the set-aside CSV exists only where --out kept it; where a text names the
 * scratch copy of the file (`raw/…/load=<id>/<file>`), the user's own file is meant.
 */
export function validateReport(report: LoadReport, file: string, kept: boolean): Omit<LoadReport, 'loadId'> {
  const copy = rawKey(report.tenant, report.dataset, report.loadId, report.fileName);
  const inJson = (text: string) => JSON.stringify(text).slice(1, -1);
  const own = JSON.parse(JSON.stringify(report).replaceAll(inJson(copy), inJson(file))) as LoadReport;
  const { loadId: _scratch, setAsideCsv, ...rest } = own;
  return kept && setAsideCsv ? { ...rest, setAsideCsv } : rest;
}

/**
 * Checks a file without uploading it: a scratch workspace runs the same validate state machine
 * (LocalRuntime.validate), so the rules and the report are exactly those of an upload. The scratch workspace (a
 * copy of the file, its quarantine rows) is removed afterwards; `--out DIR` keeps report.json and report.html there
 * (and set-aside.csv, which the HTML links to). `--lang` sets the language of the findings and the report.
 */
export async function validate(ctx: CommandContext): Promise<number> {
  const w = wordsOf(ctx);
  const file = required(ctx, ctx.args[0], w.arg.validateFile);
  const contractFile = ctx.options.contract;
  const dataset =
    ctx.options.dataset ?? (contractFile ? parseContract(await readFile(contractFile, 'utf8'), contractFile).id : undefined);
  if (!dataset) throw new CliError(w.nameDataset);

  const scratch = await mkdtemp(join(tmpdir(), 'polder-validate-'));
  const runtime = await LocalRuntime.open({ workspace: scratch, projectRoot: ctx.projectRoot });
  try {
    const { report, reportKey } = await runtime.validate(file, { dataset, tenant: ctx.options.tenant, contractFile, language: ctx.language });
    const out = ctx.options.out;
    if (out) {
      const folder = join(scratch, 'buckets', runtime.ports.buckets.lake, reportKey.replace(/report\.json$/, ''));
      await mkdir(out, { recursive: true });
      const names = [reportFile.json, reportFile.html, ...(report.setAsideCsv ? [report.setAsideCsv] : [])];
      for (const name of names) await copyFile(join(folder, name), join(out, name));
    }
    const shown = validateReport(report, file, out !== undefined);
    if (ctx.options.json) ctx.out(JSON.stringify(shown, null, 2));
    else {
      ctx.out(renderReportText({ ...shown, loadId: report.loadId }, { load: false, language: ctx.language }));
      if (out) ctx.out(`\n${wordsOf(ctx, report.language).reportFiles(out)}`);
    }
    return report.status === 'rejected' ? 1 : 0;
  } finally {
    await runtime.close();
    await rm(scratch, { recursive: true, force: true });
  }
}
