import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseContract } from '../../core/contract/parse';
import { listTenants } from '../../core/config';
import { putContractOverride } from './contract-override';
import { renderReportText } from '../../core/report';
import { ingest } from '../../functions/ingest';
import { pipelineInputFromEvent } from '../../core/pipeline-input';
import { type LoadReport, loadReport } from '../../schemas/report';
import { parseS3Uri } from '../../core/keys';
import { LocalRuntime } from '../runtime/runtime';
import { CliError, type CommandContext, required } from './context';
import { workflow } from '../../core/names';

export interface ValidateFileOptions {
  dataset: string;
  tenant?: string;
  contractFile?: string;
}

/** Runs the validate state machine on a file in the given runtime and returns the load's report. */
export async function validateFile(runtime: LocalRuntime, file: string, opts: ValidateFileOptions): Promise<{ report: LoadReport; reportKey: string }> {
  const { store, buckets } = runtime.ports;
  const tenant = opts.tenant ?? (await listTenants(store, buckets.lake))[0];
  if (!tenant) throw new CliError('no tenants are configured: add one under tenants/');
  if (opts.contractFile) await putContractOverride(store, buckets.lake, { tenant, dataset: opts.dataset, contractFile: opts.contractFile });
  const event = await runtime.putUpload(file, { tenant, dataset: opts.dataset });
  const loadInput = await ingest.core(pipelineInputFromEvent(event), runtime.ports);
  const run = await runtime.startExecution(workflow.validate, loadInput);
  if (run.status !== 'SUCCEEDED') throw new CliError(`validation failed to run: ${run.error ?? ''} ${run.cause ?? ''}`);
  const { report: reportUri } = run.output as { report: string };
  const reportKey = parseS3Uri(reportUri).key;
  const report = loadReport.parse(JSON.parse(new TextDecoder().decode(await store.get({ bucket: buckets.lake, key: reportKey }))));
  return { report, reportKey };
}

/**
 * Checks a file without uploading it: a scratch workspace runs the same validate state machine,
 * so the rules and the report are exactly those of an upload. The scratch workspace (a copy of the file, its
 * quarantine rows) is removed afterwards; `--out DIR` keeps report.json and report.html there.
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
    const { report, reportKey } = await validateFile(runtime, file, { dataset, tenant: ctx.options.tenant, contractFile });
    if (ctx.options.out) {
      const folder = join(scratch, 'buckets', runtime.ports.buckets.lake, reportKey.replace(/report\.json$/, ''));
      await mkdir(ctx.options.out, { recursive: true });
      for (const name of ['report.json', 'report.html']) await copyFile(join(folder, name), join(ctx.options.out, name));
    }
    if (ctx.options.json) ctx.out(JSON.stringify(report, null, 2));
    else {
      ctx.out(renderReportText(report));
      if (ctx.options.out) ctx.out(`\nReport files: ${ctx.options.out}`);
    }
    return report.status === 'rejected' ? 1 : 0;
  } finally {
    await runtime.close();
    await rm(scratch, { recursive: true, force: true });
  }
}
