import { type BuildStageName, stage, tablePrefix } from '../../core/names';
import { rollbackVersion, versionHistory } from '../../core/table-pointer';
import { curatedTableName, scoreTables, tenantDatabase } from '../../core/tables';
import { readVersions, rollbackTable } from '../../core/versions';
import { table } from '../format';
import { LocalRuntime } from '../runtime/runtime';
import { CliError, type CommandContext, required, wordsOf } from './context';

/**
 * `polder rollback`: points a published table back at an earlier version; every version stays in its own folder,
 * so this only moves the pointer.
 * - `<table> --tenant T [--to RUN]`: a mart or result table, at an earlier build (core/versions.ts)
 * - `--tenant T --dataset D [--to LOAD]`: a dataset's curated table, at an earlier load (core/table-pointer.ts),
 *   then the marts and analyses are built again on it
 */
export async function rollback(ctx: CommandContext): Promise<number> {
  const tenant = required(ctx, ctx.options.tenant, '--tenant');
  const runtime = await LocalRuntime.open({ workspace: ctx.workspace, projectRoot: ctx.projectRoot });
  try {
    return ctx.options.dataset ? await rollbackDataset(ctx, runtime, tenant, ctx.options.dataset) : await rollbackModel(ctx, runtime, tenant);
  } finally {
    await runtime.close();
  }
}

async function rollbackModel(ctx: CommandContext, runtime: LocalRuntime, tenant: string): Promise<number> {
  const w = wordsOf(ctx);
  const name = required(ctx, ctx.args[0], w.arg.table);
  if (!name.startsWith(tablePrefix.mart) && !name.startsWith(tablePrefix.result)) throw new CliError(w.notAModel(name));
  const done = await rollbackTable(runtime.ports, tenant, tenantDatabase(tenant), name, ctx.options.to);
  // a score's coefficients and calibration follow its scored rows to the same build
  const companions = name.startsWith(tablePrefix.result) ? Object.values(scoreTables(name.slice(tablePrefix.result.length))) : [];
  const followed: string[] = [];
  for (const companion of companions) {
    const versions = await readVersions(runtime.ports.store, runtime.ports.buckets.lake, tenant, companion);
    if (!versions.versions.some((v) => v.runId === done.to.runId && v.status === 'published')) continue;
    await rollbackTable(runtime.ports, tenant, tenantDatabase(tenant), companion, done.to.runId);
    followed.push(companion);
  }
  const history = await readVersions(runtime.ports.store, runtime.ports.buckets.lake, tenant, name);
  if (ctx.options.json) ctx.out(JSON.stringify({ table: name, from: done.from, to: done.to.runId, followed, history }, null, 2));
  else {
    ctx.out(w.pointsAt({ table: name, tenant, run: done.to.runId, rows: done.to.rowsOut, builtAt: done.to.builtAt, from: done.from }));
    if (followed.length) ctx.out(w.followed(followed));
    ctx.out(w.versions(history.versions.map((v) => `${v.runId}${v.runId === history.current ? ` (${w.current})` : ''}${v.status === 'held_back' ? ` (${w.heldBack})` : ''}`).join(', ')));
  }
  return 0;
}

/** What is built on a dataset: run again after its table moved back. */
const rebuiltAfterDataset: readonly BuildStageName[] = [stage.datamart, stage.analyze];

async function rollbackDataset(ctx: CommandContext, runtime: LocalRuntime, tenant: string, dataset: string): Promise<number> {
  const w = wordsOf(ctx);
  const database = tenantDatabase(tenant);
  const tableName = curatedTableName(dataset);
  const { from, to } = await rollbackVersion(runtime.ports.catalog, database, tableName, { to: ctx.options.to, now: new Date() });
  const runId = `rollback-${Date.now()}`;
  const rebuilt = [];
  for (const next of rebuiltAfterDataset) {
    const run = await runtime.startExecution(next, { stage: next, tenant, dataset, runId });
    rebuilt.push({ stage: next, run: run.name, status: run.status });
  }
  const history = await versionHistory(runtime.ports.catalog, database, tableName);
  if (ctx.options.json) ctx.out(JSON.stringify({ table: tableName, from: from.id, to: to.id, rebuilt, history }, null, 2));
  else {
    ctx.out(w.pointsAtLoad({ table: tableName, tenant, to: to.id, from: from.id }));
    for (const r of rebuilt) ctx.out(`  ${r.stage}: ${r.status} (${r.run})`);
    const h = w.head;
    ctx.out(table(history.map((v) => ({ [h.version]: v.id, [h.action]: v.action, [h.at]: v.at, [h.based_on]: v.basedOn ?? null }))));
  }
  return rebuilt.every((r) => r.status === 'SUCCEEDED') ? 0 : 1;
}
