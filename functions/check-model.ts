import { readTenant } from '../core/config';
import { checksQuery, readChecks } from '../core/models/checks';
import { renderTemplate } from '../core/models/render';
import { candidateTable } from '../core/tables';
import { buildStep, type BuildStep } from '../schemas/payloads';
import { tenantAwsPorts } from '../adapters/aws/ports';
import { defineFunction, edge } from './lib/edge';
import { modelOfStep } from './lib/model-def';

export class CheckModelError extends Error {
  override name = 'CheckModelError';
}

/**
 * Runs a model build's data tests, counts and reconciliations before it may become current: the new build is
 * registered as `<table>__candidate`, one query checks it. Steps that build no model (integrate) pass through.
 */
export const checkModel = defineFunction(buildStep, async (step, ports): Promise<BuildStep> => {
  if (!step.model) return step;
  if (!step.table) throw new CheckModelError(`build step ${step.name} names no table`);
  const model = await modelOfStep(ports, step);
  const candidate = candidateTable(step.table.name);
  await ports.catalog.putTable({
    database: step.database,
    name: candidate,
    columns: step.table.columns,
    locations: [step.location],
    storage: { format: 'parquet' },
    description: `${step.stage} ${step.name}, run ${step.runId}: build under test`,
  });
  const tenant = await readTenant(ports.store, ports.buckets.lake, step.tenant);
  const render = (text: string) => renderTemplate(text, model.file.variables, tenant.min_published_count, model.path);
  const result = await ports.engine.query(checksQuery(model, candidate, step.model.reads, render), { tenant: step.tenant, database: step.database });
  return { ...step, check: readChecks(model, result.rows, step.table.columns) };
});

export const handler = edge(checkModel, (input) => tenantAwsPorts(input));
