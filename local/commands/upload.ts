import { basename } from 'node:path';
import { readTenant } from '../../core/config';
import { putContractOverride } from '../runtime/contract-override';
import { LocalRuntime } from '../runtime/runtime';
import type { RunRecord } from '../runtime/run-record';
import { seconds } from '../format';
import { type CommandContext, required, wordsOf } from './context';
import type { CliWords } from '../words';
import { childRuns, failureText, stageLines, stageTable, type StageLine } from './stages';
import { workflow } from '../../core/names';

export interface UploadSummary {
  tenant: string;
  dataset: string;
  file: string;
  loadId: string | undefined;
  run: string | undefined;
  status: string;
  durationMs: number | undefined;
  stages: StageLine[];
  duplicate: boolean;
}

/** Drops one file in the local landing bucket, delivers the S3 event and waits for the pipeline it starts. */
export async function uploadFile(
  runtime: LocalRuntime,
  file: string,
  opts: { tenant: string; dataset: string; contractFile?: string },
): Promise<UploadSummary> {
  const { store, buckets } = runtime.ports;
  // Fail before anything is dropped: an unknown tenant has no prefix to land in.
  await readTenant(store, buckets.lake, opts.tenant);
  if (opts.contractFile) await putContractOverride(store, buckets.lake, { tenant: opts.tenant, dataset: opts.dataset, contractFile: opts.contractFile });
  const event = await runtime.putUpload(file, { tenant: opts.tenant, dataset: opts.dataset });
  const runs = await runtime.deliver(event);
  return summarizeUpload(runtime, opts.tenant, opts.dataset, basename(file), runs);
}

export async function summarizeUpload(
  runtime: LocalRuntime,
  tenant: string,
  dataset: string,
  file: string,
  runs: RunRecord[],
): Promise<UploadSummary> {
  const run = runs.find((r) => r.workflow === workflow.pipeline);
  if (!run) {
    return { tenant, dataset, file, loadId: undefined, run: undefined, status: 'no run started (duplicate event)', durationMs: undefined, stages: [], duplicate: true };
  }
  const children = childRuns(await runtime.listRuns(), run);
  const input = run.input as { loadId?: string };
  const output = (run.output ?? {}) as { status?: string };
  const status = run.status !== 'SUCCEEDED' ? `FAILED: ${failureText(run)}` : output.status === 'rejected' ? 'REJECTED' : 'SUCCEEDED';
  return {
    tenant,
    dataset,
    file,
    loadId: input.loadId,
    run: run.name,
    status,
    durationMs: run.durationMs,
    stages: stageLines(run, children),
    duplicate: false,
  };
}

/** The summary's status in words: the JSON keeps SUCCEEDED, REJECTED or FAILED: <why>. */
function statusWords(w: CliWords, s: UploadSummary): string {
  if (s.duplicate) return w.duplicateEvent;
  if (s.status.startsWith('FAILED')) return w.uploadStatus.failed(s.status.replace(/^FAILED: /, ''));
  return s.status === 'REJECTED' ? w.uploadStatus.rejected : w.uploadStatus.succeeded;
}

export function printUpload(out: (t: string) => void, w: CliWords, s: UploadSummary): void {
  const took = s.durationMs !== undefined ? w.took(seconds(s.durationMs)) : '';
  out(`\n${w.uploadLine({ tenant: s.tenant, dataset: s.dataset, file: s.file, load: s.loadId ?? '-', status: statusWords(w, s), took })}`);
  if (s.stages.length) out(stageTable(w, s.stages));
  for (const line of s.stages) if (line.message) out(`  ${line.stage}: ${line.message}`);
}

/** For schedulers: 0 the load was accepted, 1 it was rejected, 2 the run failed (README, "Exit codes"). */
export function exitCode(s: UploadSummary): number {
  if (s.status.startsWith('FAILED')) return 2;
  return s.status === 'REJECTED' ? 1 : 0;
}

export async function upload(ctx: CommandContext): Promise<number> {
  const w = wordsOf(ctx);
  const file = required(ctx, ctx.args[0], w.arg.uploadFile);
  const tenant = required(ctx, ctx.options.tenant, '--tenant');
  const dataset = required(ctx, ctx.options.dataset, '--dataset');
  const runtime = await LocalRuntime.open({ workspace: ctx.workspace, projectRoot: ctx.projectRoot });
  try {
    const summary = await uploadFile(runtime, file, { tenant, dataset, contractFile: ctx.options.contract });
    if (ctx.options.json) ctx.out(JSON.stringify(summary, null, 2));
    else printUpload(ctx.out, w, summary);
    return exitCode(summary);
  } finally {
    await runtime.close();
  }
}
