import { describe, expect, it } from 'vitest';
import { auc, calibration, fitLogistic, predict, contributions } from '../../../../core/score/logistic';
import { calibrationSelect, coefficientsSelect, sampleQuery, scoringSelect } from '../../../../core/score/sql';
import { trainScore } from '../../../../core/score/train';
import { parseTrino } from '../../../../core/sql/trino';
import { scoreSpec } from '../../../../schemas/model';
import { duck, rows } from '../../../support/sql-duckdb';
import { shuffledLabels, signalRows } from '../../../support/synthetic-score';

const spec = scoreSpec.parse({ id: 'row_id', label: 'label', features: ['a', 'b', 'c'], sample_rows: 20_000 });

describe('Score: logistic regression by IRLS', () => {
  it('reaches AUC ≥ 0.8 on held-out rows of data with a known signal, and finds its direction', () => {
    const trained = trainScore(spec, signalRows(20_000));
    expect(trained.metrics.aucHoldout).toBeGreaterThanOrEqual(0.8);
    expect(trained.model.converged).toBe(true);
    const [a, b, c] = trained.model.coefficients;
    // standardised: β_a ≈ 1.5·sd(a)=1.5, β_b ≈ −0.5·sd(b)=−1, c carries nothing
    expect(a).toBeGreaterThan(1.2);
    expect(a).toBeLessThan(1.8);
    expect(b).toBeLessThan(-0.8);
    expect(Math.abs(c!)).toBeLessThan(0.1);
    expect(trained.metrics.holdoutRows).toBeGreaterThan(5_000);
    expect(trained.metrics.trainRows + trained.metrics.holdoutRows).toBe(20_000);
  });

  it('is about 0.5 when the labels are shuffled', () => {
    const trained = trainScore(spec, shuffledLabels(signalRows(20_000)));
    expect(trained.metrics.aucHoldout).toBeGreaterThan(0.45);
    expect(trained.metrics.aucHoldout).toBeLessThan(0.55);
  });

  it('is calibrated on held-out rows (predicted and observed rates close per decile)', () => {
    const trained = trainScore(spec, signalRows(20_000));
    expect(trained.calibration).toHaveLength(10);
    for (const bin of trained.calibration) expect(Math.abs(bin.meanPredicted - bin.observedRate)).toBeLessThan(0.08);
    expect(trained.metrics.brierHoldout).toBeLessThan(0.2);
  });

  it('refuses labels that are not 0/1 and data with one class', () => {
    expect(() => trainScore(spec, [{ row_id: 'x', a: 1, b: 1, c: 1, label: 2 }])).toThrow(/0 or 1/);
    expect(() => fitLogistic(['a'], Array.from({ length: 10 }, (_v, i) => ({ x: [i], y: 1 as const })))).toThrow(/nothing to learn/);
  });

  it('computes AUC with ties counted half and calibration bins', () => {
    expect(auc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBe(0.75);
    expect(auc([0.5, 0.5], [0, 1])).toBe(0.5);
    expect(calibration([0.1, 0.9], [0, 1], 2).brier).toBeCloseTo(0.01);
  });
});

describe('Score: SQL on both engines', () => {
  it('scores in SQL exactly as in TypeScript, with the top contributing features per row', async () => {
    const data = signalRows(2_000);
    const trained = trainScore(spec, data);
    const conn = await duck();
    const values = data.map((r) => `('${r.row_id}', ${r.a}, ${r.b}, ${r.c ?? 'null'}, ${r.label})`).join(',\n');
    await conn.run(`create table signal as select * from (values ${values}) as t(row_id, a, b, c, label)`);
    const features = 'select row_id, a, b, c, label from signal';
    const scoring = scoringSelect(features, spec, trained.model);
    for (const sql of [scoring, coefficientsSelect(trained.model, trained.metrics), calibrationSelect(trained.calibration), sampleQuery(features, spec, 0.5)]) {
      expect(parseTrino(sql).errors).toEqual([]);
    }
    const scored = await rows(conn, `${scoring} order by row_id`);
    expect(scored).toHaveLength(2_000);
    const byId = new Map(data.map((r) => [r.row_id, r]));
    for (const row of scored.slice(0, 200)) {
      const source = byId.get(String(row.row_id))!;
      const x = [source.a, source.b, source.c];
      expect(Number(row.score)).toBeCloseTo(predict(trained.model, x), 10);
      const parts = contributions(trained.model, x);
      const best = ['a', 'b', 'c'][parts.indexOf(Math.max(...parts))];
      expect(row.top_feature_1).toBe(best);
      expect(new Set([row.top_feature_1, row.top_feature_2, row.top_feature_3]).size).toBe(3);
      expect(Number(row.top_contribution_1)).toBeGreaterThanOrEqual(Number(row.top_contribution_2));
    }
    const coefficients = await rows(conn, coefficientsSelect(trained.model, trained.metrics));
    expect(coefficients.map((r) => r.term)).toEqual(['(intercept)', 'a', 'b', 'c']);
    expect(Number(coefficients[0]!.auc_holdout)).toBeCloseTo(trained.metrics.aucHoldout, 10);
    const sample = await rows(conn, sampleQuery(features, spec, 0.5));
    expect(sample.length).toBeGreaterThan(800);
    expect(sample.length).toBeLessThan(1_200);
  });
});
