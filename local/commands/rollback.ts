import { tablePrefix } from '../../core/names';
import { scoreTables, tenantDatabase } from '../../core/tables';
import { readVersions, rollbackTable } from '../../core/versions';
import { LocalRuntime } from '../runtime/runtime';
import { CliError, type CommandContext, required } from './context';

/**
 * `polder rollback <table> --tenant T [--to RUN]`: points a mart or result table back at an earlier build (the
 * build before the current one, or run RUN). Every build stays in its run folder, so this only moves the pointer.
 */
export async function rollback(ctx: CommandContext): Promise<number> {
  const name = required(ctx.args[0], 'the table: polder rollback <mart_… | result_…> --tenant T [--to RUN]');
  const tenant = required(ctx.options.tenant, '--tenant');
  if (!name.startsWith(tablePrefix.mart) && !name.startsWith(tablePrefix.result)) {
    throw new CliError(`${name} is geen mart- of resultaattabel (mart_… of result_…)`);
  }
  const runtime = await LocalRuntime.open({ workspace: ctx.workspace, projectRoot: ctx.projectRoot });
  try {
    const done = await rollbackTable(runtime.ports, tenant, tenantDatabase(tenant), name, ctx.options.to);
    // a score's coefficients and calibration follow its scored rows to the same build
    const companions = name.startsWith(tablePrefix.result) ? Object.values(scoreTables(name.slice(tablePrefix.result.length))) : [];
    const followed: string[] = [];
    for (const table of companions) {
      const versions = await readVersions(runtime.ports.store, runtime.ports.buckets.lake, tenant, table);
      if (!versions.versions.some((v) => v.runId === done.to.runId && v.status === 'published')) continue;
      await rollbackTable(runtime.ports, tenant, tenantDatabase(tenant), table, done.to.runId);
      followed.push(table);
    }
    const history = await readVersions(runtime.ports.store, runtime.ports.buckets.lake, tenant, name);
    if (ctx.options.json) ctx.out(JSON.stringify({ table: name, from: done.from, to: done.to.runId, followed, history }, null, 2));
    else {
      ctx.out(`${name} (tenant ${tenant}) wijst nu naar run ${done.to.runId} (${done.to.rowsOut} rijen, gebouwd ${done.to.builtAt}); was ${done.from ?? '(geen)'}.`);
      if (followed.length) ctx.out(`Mee teruggezet: ${followed.join(', ')}.`);
      ctx.out(`Versies: ${history.versions.map((v) => `${v.runId}${v.runId === history.current ? ' (huidig)' : ''}${v.status === 'held_back' ? ' (tegengehouden)' : ''}`).join(', ')}`);
    }
    return 0;
  } finally {
    await runtime.close();
  }
}
