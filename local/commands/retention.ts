import { listTenants } from '../../core/config';
import { workflow } from '../../core/names';
import { retentionRunOutput } from '../../schemas/payloads';
import { LocalRuntime } from '../runtime/runtime';
import { CliError, type CommandContext, wordsOf } from './context';

/** `polder retention run [--tenant T] [--as-of ISO]`: the retention state machine, the same definition as in AWS. */
export async function retention(ctx: CommandContext): Promise<number> {
  const w = wordsOf(ctx);
  if (ctx.args[0] !== 'run') throw new CliError(w.retentionUsage);
  const runtime = await LocalRuntime.open({ workspace: ctx.workspace, projectRoot: ctx.projectRoot });
  try {
    const tenants = ctx.options.tenant ? [ctx.options.tenant] : await listTenants(runtime.ports.store, runtime.ports.buckets.lake);
    const run = await runtime.startExecution(workflow.retention, { tenants, asOf: ctx.options['as-of'] ?? null });
    if (run.status !== 'SUCCEEDED') throw new CliError(w.retentionFailed(`${run.error ?? ''} ${run.cause ?? ''}`.trim()));
    const out = retentionRunOutput.parse(run.output);
    if (ctx.options.json) ctx.out(JSON.stringify(out, null, 2));
    else {
      for (const t of out.tenants) {
        ctx.out(w.retentionLine(t));
      }
    }
    return 0;
  } finally {
    await runtime.close();
  }
}
