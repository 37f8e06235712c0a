/** Terminal output for people: aligned tables and short figures. */

export type Cell = string | number | boolean | null | undefined;

/** A value as the engine has it: no thousands separators, no rounding (a year is 2019, an id 53671581). */
function show(value: Cell): string {
  if (value === null || value === undefined) return '';
  return String(value).replace(/[\r\n\t]+/g, ' ');
}

const numeric = (value: Cell) => typeof value === 'number';

export function table(rows: Record<string, Cell>[], columns?: string[], maxWidth = 60): string {
  const cols = columns ?? [...new Set(rows.flatMap((r) => Object.keys(r)))];
  if (cols.length === 0) return '';
  const cells = rows.map((r) => cols.map((c) => truncate(show(r[c]), maxWidth)));
  const widths = cols.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i]?.length ?? 0)));
  const line = (values: string[], alignRight: boolean[]) =>
    values.map((v, i) => (alignRight[i] ? v.padStart(widths[i] ?? 0) : v.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
  const right = cols.map((c) => rows.length > 0 && rows.every((r) => r[c] === null || r[c] === undefined || numeric(r[c])));
  return [
    line(cols, right),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...cells.map((row) => line(row, right)),
  ].join('\n');
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function seconds(ms: number | undefined): string {
  if (ms === undefined) return '';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
