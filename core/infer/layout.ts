/**
 * Where the table in a CSV sample starts, and whether its first line holds headings. Real exports put a block of
 * metadata above the header (a preamble: `Locatie;D06325;`, `x-coördinaat;121611;`), use years as headings
 * (`wijk;2014;2015`) and leave headings empty (a pandas index column, a delimiter at the end of every line).
 */
import type { CsvRecord } from '../csv';
import { type DecimalSeparator, guessType } from './types';

const NO_PAIRS = { rdX: false, rdY: false, lat: false, lon: false };
/** Rows after a header candidate that must all fit the column types. */
const CONFIRM = 5;

export interface TableLayout {
  /** Index (in the records) of the header line, or of the first data row when there is no header. */
  start: number;
  header: boolean;
}

type Guess = (values: string[]) => string;

/**
 * The field count that the rows at the end of the sample have (the table's width): the most common among the last
 * half of the records (at most 50), so a long preamble above a few rows does not set it.
 */
function tableWidth(records: CsvRecord[]): number {
  const tail = records.slice(-Math.min(50, Math.ceil(records.length / 2)));
  const counts = new Map<number, number>();
  for (const r of tail) counts.set(r.fields.length, (counts.get(r.fields.length) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0]?.[0] ?? 0;
}

/**
 * The first record from which the field count stays the table's width (a few ragged rows further down do not
 * count: the start is the first record followed by CONFIRM records of that width).
 */
function stableFrom(records: CsvRecord[], width: number): number {
  for (let i = 0; i < records.length; i++) {
    const next = records.slice(i, i + CONFIRM + 1);
    if (next.every((r) => r.fields.length === width)) return i;
  }
  return 0;
}

/** Per column: its type from these rows ('string' when it has no other). */
function columnTypes(rows: CsvRecord[], width: number, guess: Guess): string[] {
  return Array.from({ length: width }, (_, c) => guess(rows.map((r) => (r.fields[c] ?? '').trim()).filter((v) => v !== '')));
}

/** Does the record fit the typed columns (each value empty or of the column's type)? */
function fits(record: CsvRecord, types: string[], guess: Guess): boolean {
  return types.every((t, c) => {
    if (t === 'string') return true;
    const v = (record.fields[c] ?? '').trim();
    return v === '' || guess([v]) === t || (t === 'decimal' && guess([v]) === 'integer');
  });
}

/**
 * Does the first record hold headings rather than data? Compares it with the rows below, column by column:
 * a value that does not fit a typed column is a heading; so is a number whose length lies outside the lengths of
 * the column's values (`2014` above `263417`), and a text that never recurs where the column's values repeat. A
 * heading row has no repeated non-empty values. A column of only empty values below says nothing. A tie is a header.
 */
export function firstLineIsHeader(first: string[], rows: CsvRecord[], guess: Guess): boolean {
  // a lone line: headings without rows is the likelier reading
  if (rows.length === 0) return true;
  const nonEmpty = first.map((f) => f.trim()).filter((f) => f !== '');
  if (nonEmpty.length === 0) return false;
  if (new Set(nonEmpty).size < nonEmpty.length) return false;
  let heading = 0;
  let data = 0;
  first.forEach((raw, c) => {
    const v = raw.trim();
    const values = rows.map((r) => (r.fields[c] ?? '').trim()).filter((x) => x !== '');
    if (values.length === 0) return;
    const type = guess(values);
    if (v === '') {
      // an empty heading is common (index column); an empty first value in a column that is never empty is odd for data
      if (values.length === rows.length) heading += 1;
      return;
    }
    if (type !== 'string') {
      const own = guess([v]);
      if (own !== type && !(type === 'decimal' && own === 'integer')) return void (heading += 2);
      const lengths = values.map((x) => x.length);
      if (v.length < Math.min(...lengths) || v.length > Math.max(...lengths)) heading += 1;
      else data += 1;
      return;
    }
    if (values.includes(v)) data += 1;
  });
  // no evidence either way (only text columns whose values do not repeat): a header, as in most files
  return heading >= data;
}

/** A data row: as wide as the table, every value fits its column, and some typed column has a value. */
function isData(record: CsvRecord, width: number, types: string[], guess: Guess): boolean {
  return (
    record.fields.length === width &&
    fits(record, types, guess) &&
    types.some((t, c) => t !== 'string' && (record.fields[c] ?? '').trim() !== '')
  );
}

/**
 * The header above the first run of data rows, when the lines above it are a preamble: the first record from which
 * CONFIRM records (or all that are left) are data rows, and the line just above it is the header. Catches a
 * preamble as wide as the table (`Titel;Grondwaterstand;;` above four columns, `Locatie;D06325` above two), which
 * the field count cannot see. Refused (undefined) when the lines above the header look more like data than not (a
 * file without a header whose first rows hold an odd value), or when that line does not read as headings.
 */
function headerAboveData(records: CsvRecord[], width: number, types: string[], guess: Guess): number | undefined {
  const data = records.map((r) => isData(r, width, types, guess));
  const first = data.findIndex((_, d) => {
    const run = data.slice(d, d + CONFIRM);
    return run.length > 0 && run.every(Boolean);
  });
  if (first <= 0) return undefined;
  const header = first - 1;
  const above = data.slice(0, header);
  const dataLike = above.filter(Boolean).length;
  if (dataLike > 0 && dataLike >= above.length - dataLike) return undefined;
  const record = records[header] as CsvRecord;
  if (!record.fields.some((f) => f.trim() !== '')) return undefined;
  return firstLineIsHeader(record.fields, records.slice(first), guess) ? header : undefined;
}

/**
 * Finds the header line. A preamble is found two ways: by shape, the table starts where the field count becomes
 * stable; and by type, the header is the line just above the first rows whose values fit the column types, when
 * the lines above it do not (a preamble can have the table's width: `Locatie;D06325;`). When neither finds one,
 * the header is the last line within the stable part that does not fit the column types while the rows after it do.
 */
export function findTable(records: CsvRecord[], sep: DecimalSeparator, year: number): TableLayout {
  const guess: Guess = (values) => guessType({ name: '', values }, sep, NO_PAIRS, year).type;
  if (records.length === 0) return { start: 0, header: false };
  const width = tableWidth(records);
  let start = stableFrom(records, width);
  // the column types from the last rows (a sixth of the stable part, at least 2): below any header, also when
  // the table has only a few rows under a long metadata block
  const body = records.slice(start).slice(-Math.max(2, Math.floor((records.length - start) / 6)));
  const types = columnTypes(body, width, guess);
  const typed = types.some((t) => t !== 'string');
  const above = typed ? headerAboveData(records, width, types, guess) : undefined;
  if (above !== undefined) return { start: above, header: true };
  if (start > 0 && typed) {
    for (let i = start; i < records.length - 1; i++) {
      const record = records[i] as CsvRecord;
      const after = records.slice(i + 1, i + 1 + CONFIRM);
      if (!fits(record, types, guess) && after.every((r) => fits(r, types, guess)) && record.fields.some((f) => f.trim() !== '')) {
        start = i;
        break;
      }
    }
  }
  const first = records[start] as CsvRecord;
  return { start, header: firstLineIsHeader(first.fields, records.slice(start + 1), guess) };
}
