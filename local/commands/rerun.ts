import { LocalRuntime } from '../runtime/runtime';
import { type CommandContext, CliError, required, wordsOf } from './context';
import { exitCode, printUpload, summarizeUpload } from './upload';

/**
 * `polder rerun <run>`: resumes a failed pipeline run from the state it failed in, with the input that state had
 * (Step Functions' redrive; on AWS: `aws stepfunctions redrive-execution --execution-arn …`). The states that
 * succeeded are not run again, and the load keeps its id, its raw copy and its history.
 */
export async function rerun(ctx: CommandContext): Promise<number> {
  const w = wordsOf(ctx);
  const name = required(ctx, ctx.args[0], w.arg.run);
  const runtime = await LocalRuntime.open({ workspace: ctx.workspace, projectRoot: ctx.projectRoot });
  try {
    const record = (await runtime.listRuns()).find((r) => r.name === name);
    if (!record) throw new CliError(w.noRun(name));
    if (record.parent) throw new CliError(w.stageOfRun(name, record.parent));
    const input = record.input as { tenant: string; dataset: string; landing?: { key?: string } };
    const done = await runtime.redrive(name);
    const file = input.landing?.key?.split('/').slice(2).join('/') ?? '';
    const summary = await summarizeUpload(runtime, input.tenant, input.dataset, file, [done]);
    if (ctx.options.json) ctx.out(JSON.stringify(summary, null, 2));
    else printUpload(ctx.out, w, summary);
    return exitCode(summary);
  } finally {
    await runtime.close();
  }
}
