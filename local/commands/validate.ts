import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseContract } from '../../core/contract/parse';
import { reportFile } from '../../core/keys';
import { renderReportText } from '../../core/report';
import { LocalRuntime } from '../runtime/runtime';
import { CliError, type CommandContext, required } from './context';

/**
 * Checks a file without uploading it: a scratch workspace runs the same validate state machine
 * (LocalRuntime.validate), so the rules and the report are exactly those of an upload. The scratch workspace (a
 * copy of the file, its quarantine rows) is removed afterwards; `--out DIR` keeps report.json and report.html there.
 */
export async function validate(ctx: CommandContext): Promise<number> {
  const file = required(ctx.args[0], 'the file: polder validate <file> (--dataset D [--tenant T] | --contract C)');
  const contractFile = ctx.options.contract;
  const dataset =
    ctx.options.dataset ?? (contractFile ? parseContract(await readFile(contractFile, 'utf8'), contractFile).id : undefined);
  if (!dataset) throw new CliError('name the dataset (--dataset D) or give a contract (--contract C)');

  const scratch = await mkdtemp(join(tmpdir(), 'polder-validate-'));
  const runtime = await LocalRuntime.open({ workspace: scratch, projectRoot: ctx.projectRoot });
  try {
    const { report, reportKey } = await runtime.validate(file, { dataset, tenant: ctx.options.tenant, contractFile });
    if (ctx.options.out) {
      const folder = join(scratch, 'buckets', runtime.ports.buckets.lake, reportKey.replace(/report\.json$/, ''));
      await mkdir(ctx.options.out, { recursive: true });
      for (const name of [reportFile.json, reportFile.html]) await copyFile(join(folder, name), join(ctx.options.out, name));
    }
    if (ctx.options.json) ctx.out(JSON.stringify(report, null, 2));
    else {
      ctx.out(renderReportText(report, { load: false }));
      if (ctx.options.out) ctx.out(`\nReport files: ${ctx.options.out}`);
    }
    return report.status === 'rejected' ? 1 : 0;
  } finally {
    await runtime.close();
    await rm(scratch, { recursive: true, force: true });
  }
}
