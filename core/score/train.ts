import type { ScoreSpec } from '../../schemas/model';
import { auc, calibration, type CalibrationBin, type FittedModel, fitLogistic, isHeldOut, predict, TrainingError, type TrainingRow } from './logistic';
import type { ScoreMetrics } from './sql';

export interface TrainedScore {
  model: FittedModel;
  metrics: ScoreMetrics;
  calibration: CalibrationBin[];
}

type Cell = string | number | boolean | null | bigint | undefined;

function label(value: Cell, column: string): 0 | 1 {
  const v = typeof value === 'boolean' ? Number(value) : Number(value);
  if (v === 0 || v === 1) return v;
  throw new TrainingError(`label ${column} must be 0 or 1 (or true/false), found ${String(value)}`);
}

/** Splits the sample by row id (held-out share of the spec), fits on the rest, measures on the held-out rows. */
export function trainScore(spec: ScoreSpec, sample: readonly Record<string, Cell>[]): TrainedScore {
  const rows = sample.slice(0, spec.sample_rows);
  const train: TrainingRow[] = [];
  const test: TrainingRow[] = [];
  for (const r of rows) {
    const row: TrainingRow = {
      y: label(r[spec.label], spec.label),
      x: spec.features.map((f) => (r[f] === null || r[f] === undefined ? null : Number(r[f]))),
    };
    (isHeldOut(String(r[spec.id]), spec.holdout_share) ? test : train).push(row);
  }
  const model = fitLogistic(spec.features, train, { l2: spec.l2 });
  const scores = test.map((r) => predict(model, r.x));
  const labels = test.map((r) => r.y);
  const cal = calibration(scores, labels);
  return {
    model,
    calibration: cal.bins,
    metrics: {
      aucHoldout: auc(scores, labels),
      brierHoldout: cal.brier,
      trainRows: train.length,
      holdoutRows: test.length,
      positiveRate: rows.length ? rows.reduce((s, r) => s + Number(label(r[spec.label], spec.label)), 0) / rows.length : Number.NaN,
    },
  };
}
