import { tenantAwsPorts } from '../adapters/aws/ports';
import { publishLink } from '../core/link/publish';
import { quoteIdent } from '../core/sql/quote';
import { buildStep, type PublishOutput } from '../schemas/payloads';
import { defineFunction, edge } from './lib/edge';

export class PublishError extends Error {
  override name = 'PublishError';
}

/** Registers the Parquet folder a build step wrote as a table and counts what landed in it. */
export const publish = defineFunction(buildStep, async (step, ports): Promise<PublishOutput> => {
  if (!step.table) throw new PublishError(`build step ${step.name} names no table to publish`);
  if (step.link) {
    const report = await publishLink(ports, { ...step, link: step.link, table: step.table });
    return { name: step.name, table: step.table.name, location: step.location, rowsIn: report.rowsIn, rowsOut: report.distinctKeys };
  }
  await ports.catalog.putTable({
    database: step.database,
    name: step.table.name,
    columns: step.table.columns,
    locations: [step.location],
    storage: { format: 'parquet' },
    description: `${step.stage} ${step.name}, run ${step.runId}`,
  });
  const counted = await ports.engine.query(`select count(*) as row_count from ${quoteIdent(step.table.name)}`, {
    tenant: step.tenant,
    database: step.database,
  });
  const rowsOut = Number(counted.rows[0]?.row_count ?? 0);
  return { name: step.name, table: step.table.name, location: step.location, rowsIn: step.rowsIn, rowsOut };
});

export const handler = edge(publish, (input) => tenantAwsPorts(input));
