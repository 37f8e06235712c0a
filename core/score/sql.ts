import type { ScoreSpec } from '../../schemas/model';
import { numberLiteral, quoteIdent, quoteString } from '../sql/quote';
import type { CalibrationBin, FittedModel } from './logistic';

/** SQL around a score model: the training sample, the scoring select, and the coefficient and calibration tables. */

const id = quoteIdent;
const dbl = (n: number) => `cast(${numberLiteral(n)} as double)`;

/** How many labelled rows the features query has. */
export function labelledCountQuery(featuresSql: string, spec: ScoreSpec): string {
  return `select count(*) as labelled from (\n${featuresSql}\n) as f where f.${id(spec.label)} is not null`;
}

/** A random sample of about `share` of the labelled rows (random() exists in Trino and DuckDB). */
export function sampleQuery(featuresSql: string, spec: ScoreSpec, share: number): string {
  const cols = [spec.id, spec.label, ...spec.features].map((c) => `cast(f.${id(c)} as ${c === spec.id ? 'varchar' : 'double'}) as ${id(c)}`);
  const where = share < 1 ? ` and random() < ${numberLiteral(share)}` : '';
  return `select ${cols.join(', ')}\nfrom (\n${featuresSql}\n) as f\nwhere f.${id(spec.label)} is not null${where}`;
}

/**
 * The scored rows: every row of the features query with `score = 1 / (1 + exp(-(β₀ + Σ βⱼ·zⱼ)))`, zⱼ the
 * standardised feature (a NULL counts as the mean), and its top contributing features by βⱼ·zⱼ, largest first.
 * Ranks come from pairwise comparisons (ties broken by feature order), so no unnest or sort per row is needed.
 */
export function scoringSelect(featuresSql: string, spec: ScoreSpec, model: FittedModel): string {
  const k = spec.features.length;
  const z = (j: number) => id(`_z_${j}`);
  const c = (j: number) => id(`_c_${j}`);
  const r = (j: number) => id(`_r_${j}`);
  const standardised = spec.features
    .map((f, j) => `coalesce((cast(f.${id(f)} as double) - ${dbl(model.means[j]!)}) / ${dbl(model.sds[j]!)}, 0) as ${z(j)}`)
    .join(',\n        ');
  const contribution = spec.features.map((_f, j) => `${dbl(model.coefficients[j]!)} * s.${z(j)} as ${c(j)}`).join(',\n        ');
  const logit = [dbl(model.intercept), ...spec.features.map((_f, j) => `${dbl(model.coefficients[j]!)} * s.${z(j)}`)].join(' + ');
  const ranks = spec.features
    .map((_f, j) => {
      const beats = spec.features
        .map((_g, i) => (i === j ? undefined : i < j ? `case when t.${c(i)} >= t.${c(j)} then 1 else 0 end` : `case when t.${c(i)} > t.${c(j)} then 1 else 0 end`))
        .filter(Boolean);
      return `${['1', ...beats].join(' + ')} as ${r(j)}`;
    })
    .join(',\n        ');
  const top = Math.min(spec.top_features, k);
  const topColumns: string[] = [];
  for (let place = 1; place <= top; place++) {
    const name = spec.features.map((f, j) => `when u.${r(j)} = ${place} then ${quoteString(f)}`).join(' ');
    const value = spec.features.map((_f, j) => `when u.${r(j)} = ${place} then u.${c(j)}`).join(' ');
    topColumns.push(`case ${name} end as ${id(`top_feature_${place}`)}`);
    topColumns.push(`round(case ${value} end, 4) as ${id(`top_contribution_${place}`)}`);
  }
  const passThrough = [spec.id, spec.label, ...spec.features.filter((f) => f !== spec.id && f !== spec.label)].map((col) => `u.${id(col)}`);
  return `with

features as (

    ${featuresSql.replace(/\n/g, '\n    ')}

),

standardised as (

    select
        f.*,
        ${standardised}
    from features as f

),

contributions as (

    select
        s.*,
        ${contribution},
        ${logit} as _logit
    from standardised as s

),

ranked as (

    select
        t.*,
        ${ranks}
    from contributions as t

),

final as (

    select
        ${[...passThrough, `1 / (1 + exp(-u._logit)) as score`, ...topColumns].join(',\n        ')}
    from ranked as u

)

select * from final`;
}

export interface ScoreMetrics {
  aucHoldout: number;
  brierHoldout: number;
  trainRows: number;
  holdoutRows: number;
  positiveRate: number;
}

/** One row per term (intercept, then each feature): coefficient, standard error, z, the feature's scaling, and the metrics. */
export function coefficientsSelect(model: FittedModel, metrics: ScoreMetrics): string {
  const terms = [
    { term: '(intercept)', b: model.intercept, se: model.interceptStdError, mean: 0, sd: 1 },
    ...model.features.map((f, j) => ({ term: f, b: model.coefficients[j]!, se: model.stdErrors[j]!, mean: model.means[j]!, sd: model.sds[j]! })),
  ];
  const num = (v: number) => (Number.isFinite(v) ? dbl(v) : 'cast(null as double)');
  const rows = terms.map(
    (t) =>
      `(${quoteString(t.term)}, ${num(t.b)}, ${num(t.se)}, ${num(t.se > 0 ? t.b / t.se : Number.NaN)}, ${num(Math.exp(t.b))}, ${num(t.mean)}, ${num(t.sd)}, ${num(metrics.aucHoldout)}, ${num(metrics.brierHoldout)}, cast(${metrics.trainRows} as bigint), cast(${metrics.holdoutRows} as bigint), ${num(metrics.positiveRate)})`,
  );
  return `select * from (values\n    ${rows.join(',\n    ')}\n) as coefficients (term, coefficient, std_error, z_value, odds_ratio_per_sd, feature_mean, feature_sd, auc_holdout, brier_holdout, train_rows, holdout_rows, positive_rate)`;
}

export function calibrationSelect(bins: readonly CalibrationBin[]): string {
  const rows = bins.map((b) => `(cast(${b.bin} as integer), cast(${b.rows} as bigint), ${dbl(b.meanPredicted)}, ${dbl(b.observedRate)})`);
  return `select * from (values\n    ${rows.join(',\n    ')}\n) as calibration (bin, row_count, mean_predicted, observed_rate)`;
}
