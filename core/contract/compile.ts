import type { Contract } from '../../schemas/contract';
import type { TableColumn, TableDefinition } from '../ports';
import { quoteIdent as id, quoteString as lit } from '../sql/quote';
import { unload } from '../sql/trino';
import { type ColumnSlot, planChecks, slotsOf } from './checks';
import { ContractError } from './load';
import { privacyOf, generaliseSql, pseudonymSql } from './privacy';
import { typePlan } from './types';

/**
 * Contract → Trino SQL. Pure functions; the SQL runs on Athena as written and on DuckDB with the macros in
 * sql/duckdb-compat.sql (the local engine rewrites the UNLOAD wrapper into COPY).
 */

/** Rule code of the one summary row in quarantine: `line` holds the number of data rows in the file. */
export const rowCountRule = '_row_count';

export const quarantineColumns: TableColumn[] = [
  { name: 'line', type: 'bigint' },
  { name: 'column_name', type: 'varchar' },
  { name: 'rule', type: 'varchar' },
  { name: 'severity', type: 'varchar' },
  { name: 'value', type: 'varchar' },
  { name: 'message', type: 'varchar' },
];

/** Lines before the first row: the header line of a CSV file; a JSON lines file has none. */
export function headerRows(contract: Contract): number {
  return contract.file.format === 'csv' && contract.file.header ? 1 : 0;
}

/**
 * Can a row span several lines? In CSV a quoted value may hold line breaks; in JSON lines each row is one line (a
 * JSON string writes a line break as `\n`, which the value holds as a real line break but which ends no line).
 */
function rowsSpanLines(contract: Contract): boolean {
  return contract.file.format === 'csv';
}

/** Name of a file column that the contract does not know (1-based position), kept unique against contract names. */
export function extraColumnName(contract: Contract, position: number): string {
  const taken = new Set(contract.columns.map((c) => c.name));
  let name = `extra_${position}`;
  while (taken.has(name)) name = `_${name}`;
  return name;
}

function checkHeader(contract: Contract, header: readonly (string | null)[]): void {
  const known = new Set(contract.columns.map((c) => c.name));
  const seen = new Set<string>();
  const problems: string[] = [];
  header.forEach((h, i) => {
    if (h === null) return;
    if (!known.has(h)) problems.push(`header[${i}]: "${h}" is not a column of the contract`);
    if (seen.has(h)) problems.push(`header[${i}]: "${h}" appears twice`);
    seen.add(h);
  });
  if (problems.length > 0) throw new ContractError(contract.id, problems);
}

export interface RawTableOptions {
  database: string;
  /** Folder URI of the load (one file). */
  location: string;
  /** Per file position: the contract column it holds, or null for an extra column. */
  header: readonly (string | null)[];
  /** Defaults to raw_<dataset>. */
  name?: string;
}

/**
 * The raw upload as a table: every column varchar, named after the contract column it holds. CSV: the columns in
 * file order. JSON lines: every contract column, read by its key (`source`, else its name); a key a line lacks is NULL.
 */
export function rawTable(contract: Contract, opts: RawTableOptions): TableDefinition {
  checkHeader(contract, opts.header);
  const base = {
    database: opts.database,
    name: opts.name ?? `raw_${contract.id}`,
    locations: [opts.location],
    description: `${contract.title} — raw upload, all columns as text`,
  };
  if (contract.file.format === 'jsonl') {
    // every column, whatever the head showed: a key missing from the head may come later, and reads NULL where not
    return {
      ...base,
      columns: contract.columns.map((c) => ({ name: c.name, type: 'varchar' })),
      storage: { format: 'jsonl', keys: Object.fromEntries(contract.columns.map((c) => [c.name, c.source ?? c.name])) },
    };
  }
  if (contract.file.format !== 'csv') {
    throw new ContractError(contract.id, [`file.format: ${contract.file.format} files are not read (see file.format in the contract docs)`]);
  }
  return {
    ...base,
    columns: opts.header.map((h, i) => ({ name: h ?? extraColumnName(contract, i + 1), type: 'varchar' })),
    storage: {
      format: 'csv',
      delimiter: contract.file.delimiter,
      quote: contract.file.quote,
      encoding: contract.file.encoding,
      headerRows: headerRows(contract),
    },
  };
}

export interface ChecksOptions {
  /** Table name of the raw CSV (see rawTable). */
  rawTable: string;
  quarantineUri: string;
  header: readonly (string | null)[];
  /** Dataset id → curated table of that dataset, only for tables that exist; missing ones are skipped with a warning row. */
  referenceTables?: Record<string, string>;
}

/** Columns of the file that the contract does not know: their name in the raw table and in the query. */
function extraColumns(contract: Contract, header: readonly (string | null)[]): { file: string; raw: string }[] {
  return header.flatMap((h, i) => (h === null ? [{ file: id(extraColumnName(contract, i + 1)), raw: id(`_x${i}`) }] : []));
}

/**
 * Line breaks inside the quoted values of a row (NULL when none): each one moves the rows after it one line
 * further down in the file than their record number says. Text columns `cols` (raw, as read).
 */
function lineBreaks(cols: string[]): string {
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
function typedCtes(contract: Contract, rawName: string, slots: ColumnSlot[], header: readonly (string | null)[], numbered: boolean): string {
  const markers = [...new Set(contract.file.null_markers.map((m) => m.trim()))];
  const markerList = markers.map(lit).join(', ');
  const extras = extraColumns(contract, header);
  const src = [
    ...slots.map((s) => `${s.present ? id(s.col.name) : 'cast(null as varchar)'} as ${s.raw}`),
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

/** `array[case when <flag> then <id> end, ...]`: the ids of the violated checks, NULL entries for the rest. */
function idArray(flags: { flag: string; n: number }[]): string {
  return `array[${flags.map((f) => `case when ${f.flag} then ${f.n} end`).join(', ')}]`;
}

function whenList(values: readonly string[], selector: string): string {
  return `case ${selector} ${values.map((v, k) => `when ${k + 1} then ${v}`).join(' ')} end`;
}

/**
 * The checks as one select (the part inside UNLOAD), in two stages so that the per-row work needs no row order:
 * - `_flags` → `_rows`: every row check per row; a row that breaks one keeps its raw text and the ids of its
 *   violated checks (`_v`), other rows keep only what the set checks read (keys, their raw text).
 * - `_numbered`: `row_number() over ()` over `_rows` gives the line. (The local engine builds `_rows` in
 *   parallel into an ordered table and reads the line from its rowid, see adapters/local/numbered-rows.ts.)
 * - Set checks on the numbered rows: key counts (`_dup<n>`: only keys that occur more than once) and reference
 *   tables are joined in; `_violations` adds their ids.
 * Then `unnest` fans each violating row out into one row per violated check, and one `_row_count` row (the number
 * of data rows in `line`) plus a row per skipped reference check follow.
 */
export function checksSelect(contract: Contract, opts: Omit<ChecksOptions, 'quarantineUri'>): string {
  checkHeader(contract, opts.header);
  const slots = slotsOf(contract, opts.header);
  const plan = planChecks(contract, slots, opts.referenceTables ?? {});
  const indexed = plan.checks.map((c, k) => ({ ...c, n: k + 1, flag: id(`_f${k + 1}`) }));
  const rowChecks = indexed.filter((c) => !c.set);
  const setChecks = indexed.filter((c) => c.set);
  // raw text and typed value that set checks read on every row
  const setSlots = slots.filter((s) => setChecks.some((c) => c.set?.includes(s)));
  const hit = id('_hit');
  const v = id('_v');
  const noIds = 'array[cast(null as integer)]';
  // violating rows keep their raw text in one list (one NULL per other row, where a column per value costs more)
  const listed = slots.filter((s) => !setSlots.includes(s));
  const p = id('_p');
  // set slots: the typed value always, the raw text only where it differs from the typed value's text
  const asText = (s: ColumnSlot) => `cast(${s.typed} as varchar)`;
  const present = slots.filter((s) => s.present);
  const extraRaw = extraColumns(contract, opts.header).map((x) => x.raw);
  const rowCols = [
    `case when ${hit} then ${rowChecks.length > 0 ? idArray(rowChecks) : noIds} end as ${v}`,
    ...(listed.length > 0 ? [`case when ${hit} then array[${listed.map((s) => s.raw).join(', ')}] end as ${p}`] : []),
    ...setSlots.map((s) => s.typed),
    ...setSlots.map((s) => `case when ${hit} or ${asText(s)} is distinct from ${s.raw} then ${s.raw} end as ${s.raw}`),
    // a line break in a typed value breaks its type check, so only text columns need looking at on every row
    rowsSpanLines(contract)
      ? `case when ${hit} then ${lineBreaks([...present.map((s) => s.raw), ...extraRaw])} else ${lineBreaks([...present.filter((s) => s.col.type === 'string').map((s) => s.raw), ...extraRaw])} end as ${id('_nl')}`
      : `${lineBreaks([])} as ${id('_nl')}`,
  ];
  const rawText = slots.map((s) =>
    setSlots.includes(s) ? `coalesce(${s.raw}, ${asText(s)}) as ${s.raw}` : `${p}[${listed.indexOf(s) + 1}] as ${s.raw}`,
  );
  const dups = plan.counts.map((count, n) => {
    const name = id(`_dup${n}`);
    const keys = count.keys.map((s, j) => `${s.typed} as ${id(`_k${j}`)}`);
    const notNull = count.keys.map((s) => `${s.typed} is not null`).join(' and ');
    const on = count.keys.map((s, j) => `${name}.${id(`_k${j}`)} = ${id('_numbered')}.${s.typed}`).join(' and ');
    return {
      cte: `${name} as (\n  select ${keys.join(', ')}, count(*) as ${id('_n')}\n  from ${id('_numbered')}\n  where ${notNull}\n  group by ${keys.map((_, j) => j + 1).join(', ')}\n  having count(*) > 1\n)`,
      join: `left join ${name} on ${on}`,
      column: `coalesce(${name}.${id('_n')}, 1) as ${count.name}`,
    };
  });
  const refs = plan.joins.map((j) => ({
    join: `left join (select distinct ${id(j.column)} as ${id('_key')} from ${id(j.table)}) as ${j.alias} on ${j.alias}.${id('_key')} = ${id('_numbered')}.${j.slot.typed}`,
    column: `${j.alias}.${id('_key')} as ${id(`${j.alias.slice(1, -1)}_key`)}`,
  }));
  // inside _violations the join aliases are gone; refer to the carried key columns instead
  const carried = (sql: string): string =>
    plan.joins.reduce((s, j) => s.split(`${j.alias}.${id('_key')}`).join(id(`${j.alias.slice(1, -1)}_key`)), sql);
  const setFlags = setChecks.map((c) => ({ ...c, flag: `(${carried(c.violated)})` }));
  const violations =
    setFlags.length > 0
      ? `case when ${v} is not null or ${setFlags.map((c) => c.flag).join(' or ')} then coalesce(${v}, ${noIds}) || ${idArray(setFlags)} end`
      : v;
  const payload = [...rawText, ...plan.counts.map((c) => c.name)];
  const ctes = [
    `with ${typedCtes(contract, opts.rawTable, slots, opts.header, false)}`,
    `${id('_flags')} as (\n  select *,\n    ${rowChecks.map((c) => `${c.violated} as ${c.flag}`).join(',\n    ') || 'false as "_none"'}\n  from ${id('_typed')}\n)`,
    `${id('_hits')} as (\n  select *, ${rowChecks.map((c) => c.flag).join(' or ') || 'false'} as ${hit}\n  from ${id('_flags')}\n)`,
    `${id('_rows')} as (\n  select ${rowCols.join(',\n    ')}\n  from ${id('_hits')}\n)`,
    `${id('_numbered')} as (\n  select row_number() over () + ${headerRows(contract)} as ${id('_line')}, * from ${id('_rows')}\n)`,
    ...dups.map((d) => d.cte),
    `${id('_set')} as (\n  select ${[`${id('_numbered')}.*`, ...dups.map((d) => d.column), ...refs.map((r) => r.column)].join(',\n    ')}\n  from ${id('_numbered')}${[...dups, ...refs].map((d) => `\n  ${d.join}`).join('')}\n)`,
    `${id('_violations')} as (\n  select ${id('_line')}, ${id('_nl')}, ${payload.join(', ')},\n    ${violations} as ${v}\n  from ${id('_set')}\n)`,
    // the line where a violating row starts: its record line plus the line breaks in quoted values above it,
    // summed over only the violating rows and the rows with line breaks
    `${id('_placed')} as (\n  select *, cast(${id('_line')} + coalesce(sum(${id('_nl')}) over (order by ${id('_line')} rows between unbounded preceding and 1 preceding), 0) as bigint) as ${id('_at')}\n  from ${id('_violations')}\n  where ${v} is not null or ${id('_nl')} is not null\n)`,
  ].join(',\n');
  const k = id('_k');
  const column = (values: string[]) => (indexed.length > 0 ? whenList(values, k) : 'cast(null as varchar)');
  const summaryRows = [
    { line: `(select count(*) from ${id('_numbered')})`, column: 'cast(null as varchar)', rule: rowCountRule, message: 'rows read' },
    ...plan.skipped.map((s) => ({
      line: 'cast(null as bigint)',
      column: lit(s.column),
      rule: 'reference',
      message: `reference check skipped: dataset ${s.dataset} (column ${s.column_ref}) has no curated table yet`,
    })),
  ];
  const summary = summaryRows.map(
    (s) =>
      `select cast(${s.line} as bigint), cast(${s.column} as varchar), cast(${lit(s.rule)} as varchar), cast('warn' as varchar), cast(null as varchar), cast(${lit(s.message)} as varchar)`,
  );
  return `${ctes}
select
  cast(${id('_at')} as bigint) as ${id('line')},
  cast(${column(indexed.map((c) => lit(c.column)))} as varchar) as ${id('column_name')},
  cast(${column(indexed.map((c) => lit(c.rule)))} as varchar) as ${id('rule')},
  cast(${column(indexed.map((c) => lit(c.severity)))} as varchar) as ${id('severity')},
  cast(${column(indexed.map((c) => c.value))} as varchar) as ${id('value')},
  cast(${column(indexed.map((c) => carried(c.message)))} as varchar) as ${id('message')}
from (select * from ${id('_placed')} where ${v} is not null) as ${id('_hit_rows')}
cross join unnest(${v}) as ${id('_e')}(${k})
where ${k} is not null
${summary.map((s) => `union all\n${s}`).join('\n')}`;
}

/** One UNLOAD writing every violation (plus the `_row_count` row) to the quarantine folder. */
export function checksQuery(contract: Contract, opts: ChecksOptions): string {
  return unload(checksSelect(contract, opts), opts.quarantineUri, 'PARQUET');
}

/** Curated type of a column after privacy: pseudonyms are hex text, a generalised postcode is text. */
function curatedType(contract: Contract, i: number): string | undefined {
  const col = contract.columns[i];
  if (!col) return undefined;
  const action = privacyOf(col);
  if (action === 'drop') return undefined;
  if (action === 'pseudonymise' || action === 'generalise') return 'varchar';
  return typePlan(col, contract.file).sqlType;
}

/**
 * Columns of the curated table: contract order, dropped columns left out, then `_line` (line in the raw file) and
 * `_load` (the load the row came from: with append and upsert, rows of earlier loads stay).
 */
export function curatedColumns(contract: Contract): TableColumn[] {
  const columns: TableColumn[] = [];
  contract.columns.forEach((col, i) => {
    const type = curatedType(contract, i);
    if (type) columns.push({ name: col.name, type });
  });
  columns.push({ name: '_line', type: 'bigint' }, { name: '_load', type: 'varchar' });
  return columns;
}

export interface TypedOptions {
  rawTable: string;
  /** Quarantine table of this load: rows with a reject_row violation there are left out. */
  quarantineTable: string;
  /** Tenant secret for pseudonymisation (HMAC key). */
  pseudonymKey: string;
  /** Per file position: the contract column it holds; default: the contract columns in contract order. */
  header?: readonly (string | null)[];
  /** When given, the result is an UNLOAD to this folder; otherwise the bare select. */
  curatedUri?: string;
  /** The load these rows come from (the curated `_load` column). */
  loadId: string;
  /**
   * The curated table as it is before this load. With load.policy append its rows are kept; with upsert, those
   * whose primary key is not in this load. Columns are matched by name (a column it lacks becomes NULL).
   * Each load's folder thus holds the whole dataset after that load.
   */
  previous?: { table: string; columns: readonly TableColumn[] };
}

/**
 * The typed, privacy-treated rows that passed the checks: the same typing CTEs as the checks query (so the same
 * text gives the same value) and an anti-join on line against the quarantine rows with severity reject_row.
 */
export function typedSelect(contract: Contract, opts: TypedOptions): string {
  const header = opts.header ?? contract.columns.map((c) => c.name);
  checkHeader(contract, header);
  const slots = slotsOf(contract, header);
  if (!opts.pseudonymKey && contract.columns.some((c) => privacyOf(c) === 'pseudonymise')) {
    throw new ContractError(contract.id, ['a pseudonym key is needed: the contract has columns to pseudonymise']);
  }
  const outputs: string[] = [];
  for (const slot of slots) {
    const action = privacyOf(slot.col);
    if (action === 'drop') continue;
    const expr =
      action === 'pseudonymise'
        ? `case when ${slot.typed} is not null then ${pseudonymSql(slot.typed, opts.pseudonymKey)} end`
        : action === 'generalise'
          ? generaliseSql(slot.typed)
          : slot.typed;
    outputs.push(`${expr} as ${slot.typed}`);
  }
  outputs.push(id('_line'), `cast(${lit(opts.loadId)} as varchar) as ${id('_load')}`);
  const t = id('_typed');
  const q = id('_q');
  const fresh = `select ${outputs.join(',\n  ')}
from ${t}
where not exists (
  select 1 from ${id(opts.quarantineTable)} as ${q}
  where ${q}.${id('line')} = ${t}.${id('_line')} and ${q}.${id('severity')} = 'reject_row' and ${q}.${id('rule')} <> ${lit(rowCountRule)}
)`;
  const ctes = typedCtes(contract, opts.rawTable, slots, header, true);
  const policy = contract.load.policy;
  const select =
    opts.previous && policy !== 'replace'
      ? `with ${ctes},\n${id('_new')} as (\n${fresh}\n)\nselect * from ${id('_new')}\nunion all\n${keptRows(contract, opts.previous)}`
      : `with ${ctes}\n${fresh}`;
  return opts.curatedUri ? unload(select, opts.curatedUri, 'PARQUET') : select;
}

/** Rows of the previous curated table that stay (append: all; upsert: keys this load does not bring), in curated columns. */
function keptRows(contract: Contract, previous: { table: string; columns: readonly TableColumn[] }): string {
  const had = new Set(previous.columns.map((c) => c.name));
  const p = id('_p');
  const columns = curatedColumns(contract).map(
    (c) => `cast(${had.has(c.name) ? `${p}.${id(c.name)}` : 'null'} as ${c.type}) as ${id(c.name)}`,
  );
  const rows = `select ${columns.join(', ')}\nfrom ${id(previous.table)} as ${p}`;
  if (contract.load.policy !== 'upsert') return rows;
  const n = id('_n');
  const same = contract.keys.primary.map((k) => `${n}.${id(k)} = ${p}.${id(k)}`).join(' and ');
  return `${rows}\nwhere not exists (select 1 from ${id('_new')} as ${n} where ${same})`;
}

/**
 * Per (column_name, rule, severity): count, first line and up to 5 examples, one row per example (flat rows
 * fit every engine's result format). Plus one row with rule `_row_count` whose `count` is the number of data rows.
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
  where ${id('rule')} <> ${lit(rowCountRule)}
)
select ${id('column_name')}, ${id('rule')}, ${id('severity')}, cast(${id('_count')} as bigint) as ${id('count')},
  ${id('_first')} as ${id('first_line')}, ${id('line')} as ${id('example_line')}, ${id('value')} as ${id('example_value')}, ${id('message')}
from ${id('_ranked')}
where ${id('_n')} <= 5
union all
select cast(null as varchar), ${lit(rowCountRule)}, cast(null as varchar), cast(coalesce(sum(${id('line')}), 0) as bigint),
  cast(null as bigint), cast(null as bigint), cast(null as varchar), cast(null as varchar)
from ${q}
where ${id('rule')} = ${lit(rowCountRule)}
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

/** Rows of summaryQuery (strings from Athena, numbers from DuckDB alike) → row count and groups. */
export function readSummary(rows: readonly Record<string, Cell>[]): { rowCount: number; groups: SummaryGroup[] } {
  let rowCount = 0;
  const groups = new Map<string, SummaryGroup>();
  for (const r of rows) {
    if (r.rule === rowCountRule) {
      rowCount += num(r.count) ?? 0;
      continue;
    }
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
  return { rowCount, groups: [...groups.values()] };
}

/** Distinct lines set aside and warned about, from the quarantine table (a row can break several rules). */
export function lineCountsQuery(quarantineTable: string): string {
  const q = id(quarantineTable);
  return `select
  count(distinct case when ${id('severity')} = 'reject_row' then ${id('line')} end) as ${id('rejected_lines')},
  count(distinct case when ${id('severity')} = 'warn' then ${id('line')} end) as ${id('warned_lines')}
from ${q}
where ${id('rule')} <> '${rowCountRule}'`;
}
