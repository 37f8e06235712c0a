import type { TableColumn } from '../ports';
import { quoteIdent as id } from '../sql/quote';

/**
 * The quarantine table (`quarantine_<dataset>__<load>`, core/tables.ts): its columns, and the queries write-report
 * reads it with. It holds only findings; the number of data rows is in the row count table beside it (the checks'
 * other part, core/keys.ts quarantinePart), which has the same columns and one row whose `line` is that number.
 * Pure functions; Trino SQL that runs on both engines.
 */

export const quarantineColumns: TableColumn[] = [
  { name: 'line', type: 'bigint' },
  { name: 'column_name', type: 'varchar' },
  { name: 'rule', type: 'varchar' },
  { name: 'severity', type: 'varchar' },
  { name: 'value', type: 'varchar' },
  { name: 'message', type: 'varchar' },
];

/**
 * Per (column_name, rule, severity): count, first line and up to 5 examples, one row per example (flat rows
 * fit every engine's result format).
 * Columns: column_name, rule, severity, count, first_line, example_line, example_value, message.
 */
export function summaryQuery(quarantineTable: string): string {
  const q = id(quarantineTable);
  return `with ${id('_ranked')} as (
  select ${id('column_name')}, ${id('rule')}, ${id('severity')}, ${id('line')}, ${id('value')}, ${id('message')},
    count(*) over (partition by ${id('column_name')}, ${id('rule')}, ${id('severity')}) as ${id('_count')},
    min(${id('line')}) over (partition by ${id('column_name')}, ${id('rule')}, ${id('severity')}) as ${id('_first')},
    row_number() over (partition by ${id('column_name')}, ${id('rule')}, ${id('severity')} order by ${id('line')}) as ${id('_n')}
  from ${q}
)
select ${id('column_name')}, ${id('rule')}, ${id('severity')}, cast(${id('_count')} as bigint) as ${id('count')},
  ${id('_first')} as ${id('first_line')}, ${id('line')} as ${id('example_line')}, ${id('value')} as ${id('example_value')}, ${id('message')}
from ${id('_ranked')}
where ${id('_n')} <= 5
order by 2, 1, 3, 6`;
}

export interface SummaryGroup {
  column: string | null;
  rule: string;
  severity: string;
  count: number;
  firstLine: number | null;
  examples: { line: number | null; value: string | null; message: string | null }[];
}

type Cell = string | number | boolean | bigint | null | undefined;
const num = (v: Cell): number | null => (v === null || v === undefined || v === '' ? null : Number(v));
const str = (v: Cell): string | null => (v === null || v === undefined ? null : String(v));

/** Rows of summaryQuery (strings from Athena, numbers from DuckDB alike) → groups. */
export function readSummary(rows: readonly Record<string, Cell>[]): SummaryGroup[] {
  const groups = new Map<string, SummaryGroup>();
  for (const r of rows) {
    const key = JSON.stringify([r.column_name, r.rule, r.severity]);
    let g = groups.get(key);
    if (!g) {
      g = {
        column: str(r.column_name),
        rule: String(r.rule),
        severity: String(r.severity),
        count: num(r.count) ?? 0,
        firstLine: num(r.first_line),
        examples: [],
      };
      groups.set(key, g);
    }
    g.examples.push({ line: num(r.example_line), value: str(r.example_value), message: str(r.message) });
  }
  return [...groups.values()];
}

/**
 * The data rows read (from the row count table) and the distinct lines set aside and warned about (from the
 * quarantine table: a row can break several rules). Columns: rows_read (NULL when the checks wrote no count),
 * rejected_lines, warned_lines.
 */
export function lineCountsQuery(quarantineTable: string, rowCountTable: string): string {
  const q = id(quarantineTable);
  return `select
  (select cast(sum(${id('line')}) as bigint) from ${id(rowCountTable)}) as ${id('rows_read')},
  count(distinct case when ${id('severity')} = 'reject_row' then ${id('line')} end) as ${id('rejected_lines')},
  count(distinct case when ${id('severity')} = 'warn' then ${id('line')} end) as ${id('warned_lines')}
from ${q}`;
}

/** At most this many set-aside findings go into the report's CSV download (the quarantine table holds them all). */
export const SET_ASIDE_CSV_ROWS = 100_000;

/** The findings of the set-aside rows, in file order, for the report's CSV download (values as quarantine holds them: personal values masked). */
export function setAsideRowsQuery(quarantineTable: string): string {
  return `select ${id('line')}, ${id('column_name')}, ${id('rule')}, ${id('value')}, ${id('message')}
from ${id(quarantineTable)}
where ${id('severity')} = 'reject_row'
order by ${id('line')}, ${id('column_name')}, ${id('rule')}
limit ${SET_ASIDE_CSV_ROWS}`;
}

/** Set-aside lines per stretch of the file: `bins` equal stretches of `lines` lines (bin, count). */
export function setAsidePlacesQuery(quarantineTable: string, lines: number, bins: number): string {
  const width = Math.max(1, Math.ceil(lines / bins));
  return `select cast((${id('line')} - 1) / ${width} as bigint) as ${id('bin')}, count(distinct ${id('line')}) as ${id('count')}
from ${id(quarantineTable)}
where ${id('severity')} = 'reject_row'
group by 1
order by 1`;
}
