import { LocalRuntime } from '../runtime/runtime';
import { type CommandContext, CliError, required } from './context';
import { printUpload, summarizeUpload } from './upload';

/**
 * `polder rerun <run>`: resumes a failed pipeline run from the state it failed in, with the input that state had
 * (Step Functions' redrive; on AWS: `aws stepfunctions redrive-execution --execution-arn …`). The states that
 * succeeded are not run again, and the load keeps its id, its raw copy and its history.
 */
export async function rerun(ctx: CommandContext): Promise<number> {
  const name = required(ctx.args[0], 'the run to rerun: polder rerun <run> (the names are in polder runs)');
  const runtime = await LocalRuntime.open({ workspace: ctx.workspace, projectRoot: ctx.projectRoot });
  try {
    const record = (await runtime.listRuns()).find((r) => r.name === name);
    if (!record) throw new CliError(`no run named ${name}; polder runs lists them`);
    if (record.parent) throw new CliError(`${name} is a stage of run ${record.parent}: rerun that one`);
    const input = record.input as { tenant: string; dataset: string; landing?: { key?: string } };
    const done = await runtime.redrive(name);
    const file = input.landing?.key?.split('/').slice(2).join('/') ?? '';
    const summary = await summarizeUpload(runtime, input.tenant, input.dataset, file, [done]);
    if (ctx.options.json) ctx.out(JSON.stringify(summary, null, 2));
    else printUpload(ctx.out, summary);
    return summary.status.startsWith('FAILED') ? 1 : 0;
  } finally {
    await runtime.close();
  }
}
