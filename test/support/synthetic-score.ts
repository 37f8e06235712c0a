/** Synthetic rows with a known signal for score tests: logit = -1 + 1.5·a − 0.5·(b − 5) + 0·c. */
import { gaussian, mulberry32 } from '../../scripts/random';

export { gaussian, mulberry32 };
export interface SignalRow {
  row_id: string;
  a: number;
  b: number;
  c: number | null;
  label: 0 | 1;
  [key: string]: string | number | null;
}

export function signalRows(n: number, seed = 13): SignalRow[] {
  const random = mulberry32(seed);
  const rows: SignalRow[] = [];
  for (let i = 0; i < n; i++) {
    const a = gaussian(random);
    const b = gaussian(random) * 2 + 5;
    const c = i % 50 === 0 ? null : gaussian(random);
    const logit = -1 + 1.5 * a - 1 * (b - 5) / 2;
    rows.push({ row_id: `R${i}`, a, b, c, label: random() < 1 / (1 + Math.exp(-logit)) ? 1 : 0 });
  }
  return rows;
}

/** The same rows with the labels shuffled: no signal left. */
export function shuffledLabels(rows: SignalRow[], seed = 7): SignalRow[] {
  const random = mulberry32(seed);
  const labels = rows.map((r) => r.label);
  for (let i = labels.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [labels[i], labels[j]] = [labels[j]!, labels[i]!];
  }
  return rows.map((r, i) => ({ ...r, label: labels[i]! }));
}
