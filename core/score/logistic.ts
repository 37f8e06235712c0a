/**
 * Logistic regression by iteratively reweighted least squares (Newton's method on the log-likelihood), on
 * standardised features with a small ridge penalty so that separable data still converges. Pure TypeScript:
 * it runs in the train-score Lambda on a sample of at most a few hundred thousand rows.
 */

export class TrainingError extends Error {
  override name = 'TrainingError';
}

export interface TrainingRow {
  /** Feature values in the order of `features`; NULL becomes the feature's mean. */
  x: (number | null)[];
  y: 0 | 1;
}

export interface FittedModel {
  features: string[];
  intercept: number;
  /** Per feature, on the standardised scale: β for (x − mean) / sd. */
  coefficients: number[];
  stdErrors: number[];
  interceptStdError: number;
  means: number[];
  sds: number[];
  iterations: number;
  converged: boolean;
}

const sigmoid = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/** Solves A·x = b (A symmetric positive definite, n×n row-major) by Cholesky; also returns A⁻¹'s diagonal. */
function choleskySolve(a: Float64Array, b: Float64Array, n: number): { x: Float64Array; inverseDiagonal: Float64Array } {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * n + j]!;
      for (let k = 0; k < j; k++) sum -= l[i * n + k]! * l[j * n + k]!;
      if (i === j) {
        if (sum <= 0) throw new TrainingError('the features are linearly dependent (a feature is constant or a copy of another)');
        l[i * n + i] = Math.sqrt(sum);
      } else l[i * n + j] = sum / l[j * n + j]!;
    }
  }
  const solve = (rhs: Float64Array): Float64Array => {
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = rhs[i]!;
      for (let k = 0; k < i; k++) s -= l[i * n + k]! * y[k]!;
      y[i] = s / l[i * n + i]!;
    }
    const x = new Float64Array(n);
    for (let i = n - 1; i >= 0; i--) {
      let s = y[i]!;
      for (let k = i + 1; k < n; k++) s -= l[k * n + i]! * x[k]!;
      x[i] = s / l[i * n + i]!;
    }
    return x;
  };
  const inverseDiagonal = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const e = new Float64Array(n);
    e[i] = 1;
    inverseDiagonal[i] = solve(e)[i]!;
  }
  return { x: solve(b), inverseDiagonal };
}

/** Mean and standard deviation of each feature over the non-NULL values (sd 1 for a constant feature). */
function moments(rows: readonly TrainingRow[], k: number): { means: number[]; sds: number[] } {
  const means: number[] = [];
  const sds: number[] = [];
  for (let j = 0; j < k; j++) {
    let n = 0;
    let sum = 0;
    let sq = 0;
    for (const r of rows) {
      const v = r.x[j];
      if (v === null || v === undefined || !Number.isFinite(v)) continue;
      n++;
      sum += v;
      sq += v * v;
    }
    const mean = n ? sum / n : 0;
    const variance = n > 1 ? (sq - n * mean * mean) / (n - 1) : 0;
    means.push(mean);
    sds.push(variance > 1e-12 ? Math.sqrt(variance) : 1);
  }
  return { means, sds };
}

/** The standardised design matrix with a leading 1 column (row-major, n × (k + 1)). */
function design(rows: readonly TrainingRow[], means: number[], sds: number[]): Float64Array {
  const k = means.length;
  const p = k + 1;
  const x = new Float64Array(rows.length * p);
  rows.forEach((r, i) => {
    x[i * p] = 1;
    for (let j = 0; j < k; j++) {
      const v = r.x[j];
      x[i * p + j + 1] = v === null || v === undefined || !Number.isFinite(v) ? 0 : (v - means[j]!) / sds[j]!;
    }
  });
  return x;
}

export interface FitOptions {
  l2?: number;
  maxIterations?: number;
  tolerance?: number;
}

export function fitLogistic(features: string[], rows: readonly TrainingRow[], opts: FitOptions = {}): FittedModel {
  const k = features.length;
  const p = k + 1;
  const n = rows.length;
  if (n < p + 1) throw new TrainingError(`too few labelled rows to train on (${n}) for ${k} features`);
  const positives = rows.reduce((s, r) => s + r.y, 0);
  if (positives === 0 || positives === n) throw new TrainingError(`every labelled row has label ${positives ? 1 : 0}: there is nothing to learn`);
  const { means, sds } = moments(rows, k);
  const x = design(rows, means, sds);
  const l2 = (opts.l2 ?? 0.001) * n;
  const beta = new Float64Array(p);
  beta[0] = Math.log(positives / (n - positives));
  let converged = false;
  let iterations = 0;
  let inverseDiagonal: Float64Array = new Float64Array(p);
  for (; iterations < (opts.maxIterations ?? 50); iterations++) {
    // Newton step: (XᵀWX + λI) Δ = Xᵀ(y − p) − λβ (no penalty on the intercept)
    const h = new Float64Array(p * p);
    const g = new Float64Array(p);
    for (let i = 0; i < n; i++) {
      const row = i * p;
      let eta = 0;
      for (let j = 0; j < p; j++) eta += x[row + j]! * beta[j]!;
      const mu = sigmoid(eta);
      const w = Math.max(mu * (1 - mu), 1e-10);
      const residual = rows[i]!.y - mu;
      for (let a = 0; a < p; a++) {
        const xa = x[row + a]!;
        g[a] = g[a]! + xa * residual;
        const wxa = w * xa;
        for (let b = 0; b <= a; b++) h[a * p + b] = h[a * p + b]! + wxa * x[row + b]!;
      }
    }
    for (let a = 0; a < p; a++) {
      for (let b = 0; b < a; b++) h[b * p + a] = h[a * p + b]!;
      if (a > 0) {
        h[a * p + a] = h[a * p + a]! + l2;
        g[a] = g[a]! - l2 * beta[a]!;
      }
    }
    const step = choleskySolve(h, g, p);
    inverseDiagonal = step.inverseDiagonal;
    let change = 0;
    for (let j = 0; j < p; j++) {
      beta[j] = beta[j]! + step.x[j]!;
      change = Math.max(change, Math.abs(step.x[j]!));
    }
    if (change < (opts.tolerance ?? 1e-8)) {
      converged = true;
      iterations++;
      break;
    }
  }
  const se = [...inverseDiagonal].map((v) => Math.sqrt(Math.max(v, 0)));
  return {
    features,
    intercept: beta[0]!,
    coefficients: [...beta.slice(1)],
    stdErrors: se.slice(1),
    interceptStdError: se[0]!,
    means,
    sds,
    iterations,
    converged,
  };
}

/** The linear predictor's parts for one row: each feature's contribution β·(x − mean)/sd. */
export function contributions(model: FittedModel, x: readonly (number | null)[]): number[] {
  return model.coefficients.map((b, j) => {
    const v = x[j];
    return v === null || v === undefined || !Number.isFinite(v) ? 0 : (b * (v - model.means[j]!)) / model.sds[j]!;
  });
}

export function predict(model: FittedModel, x: readonly (number | null)[]): number {
  return sigmoid(model.intercept + contributions(model, x).reduce((s, c) => s + c, 0));
}

/** Area under the ROC curve (Mann–Whitney, ties counted half). */
export function auc(scores: readonly number[], labels: readonly (0 | 1)[]): number {
  const order = scores.map((s, i) => [s, labels[i]!] as const).sort((a, b) => a[0] - b[0]);
  let positives = 0;
  let rankSum = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j < order.length && order[j]![0] === order[i]![0]) j++;
    const midRank = (i + 1 + j) / 2;
    for (let t = i; t < j; t++) {
      if (order[t]![1] === 1) {
        positives++;
        rankSum += midRank;
      }
    }
    i = j;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

export interface CalibrationBin {
  bin: number;
  rows: number;
  meanPredicted: number;
  observedRate: number;
}

/** Calibration in equal-count bins of the predicted probability, and the Brier score. */
export function calibration(scores: readonly number[], labels: readonly (0 | 1)[], bins = 10): { bins: CalibrationBin[]; brier: number } {
  const order = scores.map((s, i) => [s, labels[i]!] as const).sort((a, b) => a[0] - b[0]);
  const result: CalibrationBin[] = [];
  for (let b = 0; b < bins; b++) {
    const slice = order.slice(Math.floor((b * order.length) / bins), Math.floor(((b + 1) * order.length) / bins));
    if (slice.length === 0) continue;
    result.push({
      bin: b + 1,
      rows: slice.length,
      meanPredicted: slice.reduce((s, r) => s + r[0], 0) / slice.length,
      observedRate: slice.reduce((s, r) => s + r[1], 0) / slice.length,
    });
  }
  const brier = order.length ? order.reduce((s, [p, y]) => s + (p - y) ** 2, 0) / order.length : Number.NaN;
  return { bins: result, brier };
}

/** FNV-1a of a string, for a deterministic held-out split by row id. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export function isHeldOut(id: string, share: number): boolean {
  return fnv1a(id) % 10_000 < share * 10_000;
}
