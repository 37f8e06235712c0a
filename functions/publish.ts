import { tenantAwsPorts } from '../adapters/aws/ports';
import { publishLink } from '../core/link/publish';
import { quoteIdent } from '../core/sql/quote';
import { recordBuild } from '../core/versions';
import { buildStep, type PublishOutput } from '../schemas/payloads';
import { defineFunction, edge } from './lib/edge';

export class PublishError extends Error {
  override name = 'PublishError';
}

/**
 * Makes a build current: registers its Parquet folder as the table (the catalog entry is the pointer to the
 * current build) and records the version. A model build whose checks failed is recorded as held back and the
 * table keeps pointing at the previous build.
 */
export const publish = defineFunction(buildStep, async (step, ports): Promise<PublishOutput> => {
  if (!step.table) throw new PublishError(`build step ${step.name} names no table to publish`);
  if (step.link) {
    const report = await publishLink(ports, { ...step, link: step.link, table: step.table });
    return { name: step.name, table: step.table.name, location: step.location, rowsIn: report.rowsIn, rowsOut: report.distinctKeys, published: true };
  }
  const check = step.check;
  const builtAt = ports.clock.now().toISOString();
  const tables = [{ name: step.table.name, columns: step.table.columns, location: step.location }, ...step.extraTables];
  const base = { name: step.name, table: step.table.name, location: step.location, rowsIn: step.rowsIn, ...(check ? { check } : {}) };
  if (check && !check.passed) {
    const failed = [...check.tests, ...check.reconciliations].filter((t) => !t.passed).map((t) => t.message);
    for (const table of tables) {
      await recordBuild(ports.store, ports.buckets.lake, step.tenant, table.name, {
        runId: step.runId, location: table.location, columns: table.columns, rowsOut: check.rowsOut, builtAt, status: 'held_back', reason: failed.join('; '),
      });
    }
    return { ...base, rowsOut: check.rowsOut, published: false };
  }
  for (const table of tables) {
    await ports.catalog.putTable({
      database: step.database,
      name: table.name,
      columns: table.columns,
      locations: [table.location],
      storage: { format: 'parquet' },
      description: `${step.stage} ${step.name}, run ${step.runId}`,
    });
  }
  let rowsOut = check?.rowsOut;
  if (rowsOut === undefined) {
    const counted = await ports.engine.query(`select count(*) as row_count from ${quoteIdent(step.table.name)}`, { tenant: step.tenant, database: step.database });
    rowsOut = Number(counted.rows[0]?.row_count ?? 0);
  }
  // curated tables have their own history (loads); marts and results keep theirs here
  if (step.model) {
    for (const table of tables) {
      await recordBuild(ports.store, ports.buckets.lake, step.tenant, table.name, {
        runId: step.runId, location: table.location, columns: table.columns, rowsOut: table.name === step.table.name ? rowsOut : 0, builtAt, status: 'published',
      });
    }
  }
  return { ...base, rowsOut, published: true };
});

export const handler = edge(publish, (input) => tenantAwsPorts(input));
