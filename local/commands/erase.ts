import { dropReplacedRuns, modelsFrom } from '../../core/privacy/derived';
import { eraseRows, parseWhere } from '../../core/privacy/erase';
import { stage, workflow } from '../../core/names';
import { LocalRuntime } from '../runtime/runtime';
import { CliError, type CommandContext, required, wordsOf } from './context';

/**
 * `polder erase --tenant T --dataset D --where <column>=<value>`: a person's rows out of every curated load and raw
 * upload, then the marts and results rebuilt by the same datamart and analyze state machines as a load runs, and
 * their older runs deleted. The audit record holds no value.
 */
export async function erase(ctx: CommandContext): Promise<number> {
  const w = wordsOf(ctx);
  const tenant = required(ctx, ctx.options.tenant, '--tenant');
  const dataset = required(ctx, ctx.options.dataset, '--dataset');
  const { column, value } = parseWhere(required(ctx, ctx.options.where, w.arg.where));
  const runtime = await LocalRuntime.open({ workspace: ctx.workspace, projectRoot: ctx.projectRoot });
  try {
    const id = `${runtime.ports.clock.now().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, '').toLowerCase()}-erasure`;
    const { audit, key } = await eraseRows(runtime.ports, { tenant, dataset, column, value, id });
    const models = await modelsFrom(runtime.ports, tenant, dataset);
    if (audit.rowsErased > 0 && models.marts.length + models.links.length > 0) {
      for (const name of [stage.datamart, stage.analyze] as const) {
        const run = await runtime.startExecution(workflow[name], { stage: name, tenant, dataset, runId: id, only: name === stage.datamart ? [...models.marts, ...models.links] : models.analyses });
        if (run.status !== 'SUCCEEDED') throw new CliError(w.eraseFailed(name, `${run.error ?? ''} ${run.cause ?? ''}`.trim()));
      }
      await dropReplacedRuns(runtime.ports, tenant, models);
    }
    if (ctx.options.json) ctx.out(JSON.stringify({ ...audit, audit: key, rebuilt: models }, null, 2));
    else {
      ctx.out(
        w.erased({
          rows: audit.rowsErased,
          dataset,
          byPseudonym: audit.matchedBy === 'pseudonym',
          column,
          loads: audit.curatedLoadsRewritten.length,
          uploads: audit.rawLinesBlanked.length,
          rebuilt: models.marts.length + models.links.length ? [...models.marts, ...models.links, ...models.analyses] : [],
          audit: key,
        }),
      );
      for (const r of audit.rawNotRewritten) ctx.out(w.rawNotRewritten(r.loadId, r.reason));
    }
    return 0;
  } finally {
    await runtime.close();
  }
}
