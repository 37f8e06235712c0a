import { runPrefix, s3Uri } from '../core/keys';
import { tablePrefix, zone } from '../core/names';
import { scoreTables } from '../core/tables';
import { calibrationSelect, coefficientsSelect, labelledCountQuery, sampleQuery, scoringSelect } from '../core/score/sql';
import { trainScore } from '../core/score/train';
import type { Ports, TableColumn } from '../core/ports';
import { unload } from '../core/sql/unload';
import { buildStep, type BuildStep } from '../schemas/payloads';
import { tenantAwsPorts } from '../adapters/aws/ports';
import { defineFunction, edge } from './lib/edge';
import { modelOfStep } from './lib/model-def';

export class TrainScoreError extends Error {
  override name = 'TrainScoreError';
}

async function columnsOf(ports: Ports, step: BuildStep, sql: string): Promise<TableColumn[]> {
  return (await ports.engine.query(`select * from (\n${sql}\n) limit 0`, { tenant: step.tenant, database: step.database })).columns;
}

/**
 * kind score: samples the labelled rows of the features select, fits a logistic regression (IRLS), writes the
 * coefficients (with AUC and Brier score on held-out rows) and the calibration table, and returns the step with
 * the scoring UNLOAD that RunQuery runs next. Nothing becomes current here: publish does that after the checks.
 */
export const trainScoreStep = defineFunction(buildStep, async (step, ports): Promise<BuildStep> => {
  const model = await modelOfStep(ports, step);
  const spec = model.file.score;
  if (!spec || !step.select || !step.table) throw new TrainScoreError(`build step ${step.name} is not a score model`);
  const opts = { tenant: step.tenant, database: step.database };
  const labelled = Number((await ports.engine.query(labelledCountQuery(step.select, spec), opts)).rows[0]?.labelled ?? 0);
  if (labelled === 0) throw new TrainScoreError(`${model.path}: no row has a value for label ${spec.label}; nothing to train on`);
  // a little over the wanted share, so that random sampling rarely falls short
  const share = Math.min(1, (spec.sample_rows / labelled) * 1.05);
  const sample = await ports.engine.query(sampleQuery(step.select, spec, share), opts);
  const trained = trainScore(spec, sample.rows);

  const tables = scoreTables(model.name);
  const extraTables = [];
  for (const [name, select] of [
    [tables.coefficients, coefficientsSelect(trained.model, trained.metrics)],
    [tables.calibration, calibrationSelect(trained.calibration)],
  ] as const) {
    const location = s3Uri(ports.buckets.lake, runPrefix(zone.results, step.tenant, name.slice(tablePrefix.result.length), step.runId));
    await ports.engine.query(unload(select, location), opts);
    extraTables.push({ name, location, columns: await columnsOf(ports, step, select) });
  }
  const scoring = scoringSelect(step.select, spec, trained.model);
  return {
    ...step,
    query: unload(scoring, step.location),
    table: { name: step.table.name, columns: await columnsOf(ports, step, scoring) },
    extraTables,
  };
});

export const handler = edge(trainScoreStep, (input) => tenantAwsPorts(input));
