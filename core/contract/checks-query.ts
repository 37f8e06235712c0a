import type { Contract } from '../../schemas/contract';
import { quarantinePart } from '../keys';
import { quoteIdent as id, quoteString as lit } from '../sql/quote';
import { unload } from '../sql/unload';
import type { Language } from '../../schemas/language';
import type { PreambleValue } from '../../schemas/payloads';
import { type Check, type ColumnSlot, checkWords, planChecks, slotsOf } from './checks';
import { checkHeader, headerRows, rowsSpanLines } from './raw-table';
import { extraColumns, lineBreaks, typedCtes } from './typed-rows';

/**
 * Contract → the checks query: one Trino SQL pass over the raw table writing every violation into quarantine.
 * Pure functions; the SQL runs on Athena as written and on DuckDB with the macros in sql/duckdb-compat.sql (the
 * local engine rewrites the UNLOAD wrapper into COPY).
 */

export interface ChecksOptions {
  /** Table name of the raw CSV (see rawTable). */
  rawTable: string;
  quarantineUri: string;
  header: readonly (string | null)[];
  /** Dataset id → curated table of that dataset, only for tables that exist; missing ones are skipped with a warning row. */
  referenceTables?: Record<string, string>;
  /** The language of the violations' messages: the load's (default Dutch). */
  language?: Language;
  /** The pre-check's preamble lines (precheckOutput.preamble): the values of the contract's preamble columns. */
  preamble?: readonly PreambleValue[];
}

/** The last column of every row the checks write: which part of the attempt folder it goes to (checksQuery). */
const part = (value: string) => `cast(${lit(value)} as varchar) as ${id(quarantinePart.column)}`;

/**
 * The checks of a preamble column's value (not those that compare rows): run once, on one row, and written on the
 * value's own line. A value that fails holds up the whole load (every row carries it) unless the check only warns.
 */
function preambleCheckRows(checks: readonly Check[], slots: readonly ColumnSlot[]): string[] {
  return checks.flatMap((c) => {
    const from = slots.find((s) => s.col.name === c.column)?.preamble;
    if (!from) return [];
    const severity = c.severity === 'warn' ? 'warn' : 'reject_load';
    return [
      `select cast(${from.line} as bigint), cast(${lit(c.column)} as varchar), cast(${lit(c.rule)} as varchar), cast(${lit(severity)} as varchar), cast(${c.value} as varchar), cast(${c.message} as varchar), ${part(quarantinePart.findings)}\nfrom (select * from ${id('_typed')} limit 1) as ${id('_pre')}\nwhere ${c.violated}`,
    ];
  });
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
 * Then `unnest` fans each violating row out into one row per violated check, and a row per skipped reference check
 * follows, and the checks of the preamble columns' values, once each (preambleCheckRows). The last column, `part`,
 * sends these to the findings part and one more row, whose `line` is the number of data rows, to the row count part
 * (see checksQuery).
 */
export function checksSelect(contract: Contract, opts: Omit<ChecksOptions, 'quarantineUri'>): string {
  checkHeader(contract, opts.header);
  const slots = slotsOf(contract, opts.header, opts.preamble);
  const language = opts.language ?? 'nl';
  const plan = planChecks(contract, slots, opts.referenceTables ?? {}, language);
  const indexed = plan.checks.map((c, k) => ({ ...c, n: k + 1, flag: id(`_f${k + 1}`) }));
  const onPreamble = (c: Check) => !c.set && slots.some((s) => s.preamble !== undefined && s.col.name === c.column);
  const rowChecks = indexed.filter((c) => !c.set && !onPreamble(c));
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
    ...plan.skipped.map((s) => ({
      line: 'cast(null as bigint)',
      column: lit(s.column),
      rule: 'reference',
      message: checkWords[language].referenceSkipped(s.dataset, s.column_ref),
    })),
  ];
  const summary = [
    ...summaryRows.map(
      (s) =>
        `select cast(${s.line} as bigint), cast(${s.column} as varchar), cast(${lit(s.rule)} as varchar), cast('warn' as varchar), cast(null as varchar), cast(${lit(s.message)} as varchar), ${part(quarantinePart.findings)}`,
    ),
    ...preambleCheckRows(indexed.filter(onPreamble), slots),
  ];
  // the number of data rows, alone in its part: only write-report reads it
  const rowCount = `select cast((select count(*) from ${id('_numbered')}) as bigint), cast(null as varchar), cast(null as varchar), cast(null as varchar), cast(null as varchar), cast(null as varchar), ${part(quarantinePart.rowCount)}`;
  return `${ctes}
select
  cast(${id('_at')} as bigint) as ${id('line')},
  cast(${column(indexed.map((c) => lit(c.column)))} as varchar) as ${id('column_name')},
  cast(${column(indexed.map((c) => lit(c.rule)))} as varchar) as ${id('rule')},
  cast(${column(indexed.map((c) => lit(c.severity)))} as varchar) as ${id('severity')},
  cast(${column(indexed.map((c) => c.value))} as varchar) as ${id('value')},
  cast(${column(indexed.map((c) => carried(c.message)))} as varchar) as ${id('message')},
  ${part(quarantinePart.findings)}
from (select * from ${id('_placed')} where ${v} is not null) as ${id('_hit_rows')}
cross join unnest(${v}) as ${id('_e')}(${k})
where ${k} is not null
${[...summary, rowCount].map((s) => `union all\n${s}`).join('\n')}`;
}

/**
 * One UNLOAD, partitioned on `part` (core/keys.ts, quarantinePart): every violation to `<quarantineUri>part=findings/`,
 * the row count to `<quarantineUri>part=row_count/`. One pass still: the count needs no second scan of the file.
 */
export function checksQuery(contract: Contract, opts: ChecksOptions): string {
  return unload(checksSelect(contract, opts), opts.quarantineUri, 'PARQUET', [quarantinePart.column]);
}
