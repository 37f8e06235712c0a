import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseContract } from '../../core/contract/load';
import { listTenants, overrideContractKey } from '../../core/config';
import { renderReportText } from '../../core/report';
import { ingest } from '../../functions/ingest';
import { pipelineInputFromEvent } from '../../functions/start-pipeline';
import { loadReport } from '../../schemas/report';
import { LocalRuntime } from '../runtime/runtime';
import { CliError, type CommandContext, required } from './context';

/**
 * Checks a file without uploading it: a scratch workspace runs the same validate state machine,
 * so the rules and the report are exactly those of an upload.
 */
export async function validate(ctx: CommandContext): Promise<number> {
  const file = required(ctx.args[0], 'the file: polder validate <file> (--dataset D [--tenant T] | --contract C)');
  const contractFile = ctx.options.contract;
  const contract = contractFile ? parseContract(await readFile(contractFile, 'utf8'), contractFile) : undefined;
  const dataset = ctx.options.dataset ?? contract?.id;
  if (!dataset) throw new CliError('name the dataset (--dataset D) or give a contract (--contract C)');
  if (contract && contract.id !== dataset) throw new CliError(`contract ${contractFile} is for dataset "${contract.id}", not "${dataset}"`);

  const scratch = await mkdtemp(join(tmpdir(), 'polder-validate-'));
  const runtime = await LocalRuntime.open({ workspace: scratch, projectRoot: ctx.projectRoot });
  try {
    const { store, buckets } = runtime.ports;
    const tenant = ctx.options.tenant ?? (await listTenants(store, buckets.lake))[0];
    if (!tenant) throw new CliError('no tenants are configured: add one under tenants/');
    if (contractFile) await store.put({ bucket: buckets.lake, key: overrideContractKey(tenant, dataset) }, await readFile(contractFile));
    const event = await runtime.putUpload(file, { tenant, dataset });
    const loadInput = await ingest.core(pipelineInputFromEvent(event), runtime.ports);
    const run = await runtime.startExecution('validate', loadInput);
    if (run.status !== 'SUCCEEDED') throw new CliError(`validation failed to run: ${run.error ?? ''} ${run.cause ?? ''}`);
    const { report: reportUri } = run.output as { report: string };
    const key = reportUri.replace(/^s3:\/\/[^/]+\//, '');
    const report = loadReport.parse(JSON.parse(new TextDecoder().decode(await store.get({ bucket: buckets.lake, key }))));
    if (ctx.options.json) ctx.out(JSON.stringify(report, null, 2));
    else {
      ctx.out(renderReportText(report));
      ctx.out(`\nReport files: ${join(scratch, 'buckets', buckets.lake, key.replace(/report\.json$/, ''))}`);
    }
    return report.status === 'rejected' ? 1 : 0;
  } finally {
    await runtime.close();
  }
}
