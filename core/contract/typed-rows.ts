import type { Contract } from '../../schemas/contract';
import { quoteIdent as id, quoteString as lit } from '../sql/quote';
import type { ColumnSlot } from './checks';
import { extraColumnName, headerRows, rowsSpanLines } from './raw-table';
import { typePlan } from './types';

/**
 * The typed reading of the raw table that the checks query and the curated query share, so the same text gives
 * the same value in both.
 */

/** Columns of the file that the contract does not know: their name in the raw table and in the query. */
export function extraColumns(contract: Contract, header: readonly (string | null)[]): { file: string; raw: string }[] {
  return header.flatMap((h, i) => (h === null ? [{ file: id(extraColumnName(contract, i + 1)), raw: id(`_x${i}`) }] : []));
}

/**
 * Line breaks inside the quoted values of a row (NULL when none): each one moves the rows after it one line
 * further down in the file than their record number says. Text columns `cols` (raw, as read).
 */
export function lineBreaks(cols: string[]): string {
  if (cols.length === 0) return 'cast(null as bigint)';
  const nl = 'chr(10)';
  const count = cols.map((c) => `coalesce(length(${c}) - length(replace(${c}, ${nl}, '')), 0)`).join(' + ');
  return `case when ${cols.map((c) => `strpos(${c}, ${nl}) > 0`).join(' or ')} then cast(${count} as bigint) end`;
}

/**
 * `_src` → `_clean` → `_typed`: one read of the raw table; each value is trimmed, null-marked and cast once.
 * With `numbered`, `_src` carries `_line`, the line in the file where the row starts (row number + header rows +
 * line breaks inside quoted values of the rows before it); the checks number their rows later instead.
 */
export function typedCtes(contract: Contract, rawName: string, slots: ColumnSlot[], header: readonly (string | null)[], numbered: boolean): string {
  const markers = [...new Set(contract.file.null_markers.map((m) => m.trim()))];
  const markerList = markers.map(lit).join(', ');
  const extras = extraColumns(contract, header);
  const src = [
    // a preamble value is a constant of the load, typed and checked like the file's values
    ...slots.map((s) => `${s.preamble ? `cast(${lit(s.preamble.value)} as varchar)` : s.present ? id(s.col.name) : 'cast(null as varchar)'} as ${s.raw}`),
    // columns the contract does not know are read only for their line breaks
    ...extras.map((x) => `${x.file} as ${x.raw}`),
  ];
  // trim only values that start or end with a space: LIKE on the ends is ~5x cheaper than trim() on DuckDB
  const trimmed = (s: ColumnSlot): string =>
    `case when ${s.raw} like ' %' or ${s.raw} like '% ' then trim(${s.raw}) else coalesce(${s.raw}, '') end`;
  const clean = slots.map((s) => {
    const t = id(`_t${s.i}`);
    return markers.length > 0 ? `case when ${t} in (${markerList}) then null else ${t} end as ${s.clean}` : `${t} as ${s.clean}`;
  });
  const typed = slots.map((s) => `${typePlan(s.col, contract.file).convert(s.clean)} as ${s.typed}`);
  // row_number() over () numbers rows in read order; the running sum of line breaks runs in the same order
  const breaks = lineBreaks([...slots.filter((s) => s.present).map((s) => id(s.col.name)), ...extras.map((x) => x.file)]);
  const shift = rowsSpanLines(contract)
    ? ` + coalesce(sum(${breaks}) over (rows between unbounded preceding and current row) - coalesce(${breaks}, 0), 0)`
    : '';
  const line = numbered ? [`cast(row_number() over () + ${headerRows(contract)}${shift} as bigint) as ${id('_line')}`] : [];
  const carried = [...(numbered ? [id('_line')] : []), ...slots.map((s) => s.raw), ...extras.map((x) => x.raw)].join(', ');
  return [
    `${id('_src')} as (\n  select ${[...line, ...src].join(',\n    ')}\n  from ${id(rawName)}\n)`,
    `${id('_trimmed')} as (\n  select ${carried},\n    ${slots.map((s) => `${trimmed(s)} as ${id(`_t${s.i}`)}`).join(',\n    ')}\n  from ${id('_src')}\n)`,
    `${id('_clean')} as (\n  select ${carried},\n    ${clean.join(',\n    ')}\n  from ${id('_trimmed')}\n)`,
    `${id('_typed')} as (\n  select *,\n    ${typed.join(',\n    ')}\n  from ${id('_clean')}\n)`,
  ].join(',\n');
}

