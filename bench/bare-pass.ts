/**
 * The baseline for the validation benchmark: ONE bare DuckDB statement over the generated asset register that
 * makes the same checks as bench/asset-register.contract.yaml (not-null, types, 15 rules), hand-written, and
 * counts the rows that break each check. No workflow, no quarantine rows, no report: just the scan and the checks.
 *
 *   npx tsx bench/bare-pass.ts [file] [--threads n]
 */
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { columns, defaultOutFile } from './asset-register';
import { quoteString } from '../core/sql/quote';

export interface BarePassResult {
  file: string;
  bytes: number;
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  /** Rows breaking each check, by check name (`<column>.<check>`). */
  violations: Record<string, number>;
  /** Rows breaking at least one reject_row check (the warn checks of `warnChecks` excluded). */
  rejectedRows: number;
}

export interface BarePassOptions {
  threads?: number;
  memoryLimit?: string;
  /** Leave the unique check out (its count is then 0): what the checks cost without a pass over all keys. */
  withoutUnique?: boolean;
}

const lit = quoteString;

const numberRe = '^[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]+)?$';
const decimalRe = '^[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)$';
const dateRe = '^[0-9]{4}-[0-9]{2}-[0-9]{2}$';
const intRe = '^[+-]?[0-9]+$';

/**
 * check name → SQL condition that is true when the row breaks the check (over the `typed` CTE): the same checks,
 * in the same order, as the compiler makes of bench/asset-register.contract.yaml.
 */
export const checks: Record<string, string> = {
  'asset_id.not_null': 'asset_id is null',
  'asset_id.pattern': `not regexp_matches(asset_id, '^AS[0-9]{7}$')`,
  'asset_id.unique': 'asset_id is not null and id_count > 1',
  'asset_type.not_null': 'asset_type is null',
  'asset_type.accepted_values': `asset_type not in ('kolk', 'boom', 'lichtmast', 'verkeersbord', 'bank', 'afvalbak', 'speeltoestel', 'fietsenrek', 'paal', 'brug')`,
  'wijk_code.not_null': 'wijk_code is null',
  'wijk_code.type': 'wijk_code is not null and wijk_code_t is null',
  'wijk_code.pattern': `not regexp_matches(wijk_code, '^WK0080[0-9]{2}$')`,
  'postcode.type': 'postcode is not null and postcode_t is null',
  'postcode.pattern': `not regexp_matches(postcode, '^89[0-4][0-9] ?[A-Z]{2}$')`,
  'x.not_null': 'x is null',
  'x.type': 'x is not null and x_t is null',
  'x.range': 'x_t not between 175000 and 195000',
  'y.not_null': 'y is null',
  'y.type': 'y is not null and y_t is null',
  'y.range': 'y_t not between 565000 and 595000',
  'install_date.not_null': 'install_date is null',
  'install_date.type': 'install_date is not null and install_date_t is null',
  'install_date.expression_min': `install_date_t < date '1900-01-01'`,
  'install_date.expression_max': 'install_date_t > current_date',
  'install_date.expression_1960': `not (install_date_t >= date '1960-01-01' or asset_type in ('boom', 'brug'))`,
  'condition_score.type': 'condition_score is not null and condition_score_t is null',
  'condition_score.range': 'condition_score_t not between 1 and 6',
  'condition_score.expression_missing': `not (condition_score_t is not null or install_date_t >= date '2024-01-01')`,
  'condition_score.expression_play': `not (asset_type <> 'speeltoestel' or condition_score_t <= 5)`,
  'replacement_cost.not_null': 'replacement_cost is null',
  'replacement_cost.type': 'replacement_cost is not null and replacement_cost_t is null',
  'replacement_cost.range': 'replacement_cost_t not between 0 and 10000000',
  'replacement_cost.expression_bridge': `not (asset_type <> 'brug' or replacement_cost_t >= 10000)`,
};

/** Checks with severity warn in the contract: they do not reject a row. */
export const warnChecks = new Set([
  'postcode.pattern',
  'install_date.expression_1960',
  'condition_score.expression_missing',
  'condition_score.expression_play',
  'replacement_cost.expression_bridge',
]);

function readCsv(file: string): string {
  return `read_csv(${lit(file)}, header = true, all_varchar = true, delim = ',', quote = '"', escape = '"')`;
}

/** The floor: the CSV read with every column and nothing else (a max per column, so no column is skipped). */
export function readOnlySql(file: string): string {
  return `select count(*) as row_count, ${columns.map((c) => `max(${c}) as ${c}`).join(', ')} from ${readCsv(file)}`;
}

export function barePassSql(file: string, opts: { withoutUnique?: boolean } = {}): string {
  const text = (c: string) => `nullif(trim(${c}), '') as ${c}`;
  const guarded = (c: string, re: string, then: string) => `case when regexp_matches(${c}, ${lit(re)}) then ${then} end`;
  const flag = (cond: string) => `coalesce(${cond}, false)`;
  const names = Object.keys(checks);
  return `
with
src as (
  select ${columns.map(text).join(', ')}
  from ${readCsv(file)}
),
typed as (
  select
    *,
    ${guarded('upper(wijk_code)', '^WK[0-9]{6}$', 'upper(wijk_code)')} as wijk_code_t,
    ${guarded('postcode', '^[1-9][0-9]{3} ?[A-Za-z]{2}$', `upper(replace(postcode, ' ', ''))`)} as postcode_t,
    ${guarded('x', numberRe, 'case when try_cast(x as double) between 0 and 300000 then try_cast(x as double) end')} as x_t,
    ${guarded('y', numberRe, 'case when try_cast(y as double) between 300000 and 625000 then try_cast(y as double) end')} as y_t,
    ${guarded('install_date', dateRe, 'try_cast(install_date as date)')} as install_date_t,
    ${guarded('condition_score', intRe, 'try_cast(condition_score as bigint)')} as condition_score_t,
    ${guarded('replacement_cost', decimalRe, 'try_cast(replacement_cost as decimal(18,2))')} as replacement_cost_t,
    ${opts.withoutUnique ? '1' : 'count(*) over (partition by asset_id)'} as id_count
  from src
),
flagged as (
  select
    ${names.map((n, i) => `${flag(checks[n]!)} as c${i}`).join(',\n    ')}
  from typed
)
select
  count(*) as row_count,
  ${names.map((_, i) => `count_if(c${i}) as c${i}`).join(',\n  ')},
  count_if(${names.map((n, i) => (warnChecks.has(n) ? '' : `c${i}`)).filter(Boolean).join(' or ')}) as rejected_rows
from flagged`;
}

/** Runs the one-statement bare pass over `file` and returns rows, seconds and violations per check. */
export async function barePass(file: string = defaultOutFile, opts: BarePassOptions = {}): Promise<BarePassResult> {
  const instance = await DuckDBInstance.create(':memory:', {
    ...(opts.threads ? { threads: String(opts.threads) } : {}),
    ...(opts.memoryLimit ? { memory_limit: opts.memoryLimit } : {}),
  });
  const db = await instance.connect();
  try {
    const sql = barePassSql(file, opts);
    const started = performance.now();
    const reader = await db.runAndReadAll(sql);
    const seconds = (performance.now() - started) / 1000;
    const [row] = reader.getRowObjectsJS();
    if (!row) throw new Error('bare pass returned no row');
    const names = Object.keys(checks);
    const violations = Object.fromEntries(names.map((n, i) => [n, Number(row[`c${i}`])]));
    const rows = Number(row.row_count);
    return {
      file,
      bytes: statSync(file).size,
      rows,
      seconds,
      rowsPerSecond: rows / seconds,
      violations,
      rejectedRows: Number(row.rejected_rows),
    };
  } finally {
    db.closeSync();
    instance.closeSync();
  }
}

/** Seconds and rows of readOnlySql over `file`. */
export async function readOnlyPass(file: string = defaultOutFile, opts: BarePassOptions = {}): Promise<{ rows: number; seconds: number }> {
  const instance = await DuckDBInstance.create(':memory:', opts.threads ? { threads: String(opts.threads) } : {});
  const db = await instance.connect();
  try {
    const started = performance.now();
    const reader = await db.runAndReadAll(readOnlySql(file));
    const seconds = (performance.now() - started) / 1000;
    return { rows: Number(reader.getRowObjectsJS()[0]?.row_count ?? 0), seconds };
  } finally {
    db.closeSync();
    instance.closeSync();
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const t = args.indexOf('--threads');
  const threads = t >= 0 ? Number(args[t + 1]) : undefined;
  const file = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--threads') ?? defaultOutFile;
  const r = await barePass(file, { threads });
  console.log(`bare DuckDB pass over ${r.file}`);
  console.log(`rows: ${r.rows.toLocaleString('en')}, bytes: ${r.bytes.toLocaleString('en')} (${(r.bytes / 1e6).toFixed(1)} MB)`);
  console.log(`seconds: ${r.seconds.toFixed(2)}, rows/s: ${Math.round(r.rowsPerSecond).toLocaleString('en')}, MB/s: ${(r.bytes / 1e6 / r.seconds).toFixed(1)}`);
  console.log(`rows rejected (any reject_row check): ${r.rejectedRows.toLocaleString('en')}`);
  for (const [k, v] of Object.entries(r.violations)) console.log(`  ${k.padEnd(34)} ${v}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
