import { randomUUID } from 'node:crypto';
import type { DuckDBConnection } from '@duckdb/node-api';
import { quoteIdent } from '../../core/sql/quote';
import { skipAtom } from '../../core/sql/scan';

/**
 * `row_number() over ()` makes DuckDB run the whole pipeline before it on one thread, in read order. The checks
 * query (core/contract/checks-query.ts) numbers its rows in one CTE of exactly this shape, over an earlier CTE:
 *
 *   "_numbered" as (select row_number() over () + 1 as "_line", * from "_rows")
 *
 * Locally that CTE is computed another way with the same result: `_rows` (the per-row checks, which need no
 * order) is written into a temporary table by a parallel CREATE TABLE AS, which keeps insertion order
 * (preserve_insertion_order), and the row number is the table's rowid + 1. Nothing else in the statement changes.
 */

export interface NumberedRowsPlan {
  /** Run first, on the same connection: builds the ordered table. */
  setup: string;
  /** The statement, reading the numbered CTE from the table. */
  sql: string;
  /** Run last, also after a failure. */
  teardown: string;
}

const ident = '"(?:[^"]|"")+"';
const numberedCte = new RegExp(
  `(${ident})\\s+as\\s+\\(\\s*select\\s+row_number\\(\\)\\s+over\\s+\\(\\)\\s*\\+\\s*(\\d+)\\s+as\\s+(${ident}),\\s*\\*\\s+from\\s+(${ident})\\s*\\)`,
  'gi',
);

/** Parenthesis depth at `index`, skipping string literals, quoted identifiers and comments. */
function depthAt(sql: string, index: number): number {
  let depth = 0;
  let i = 0;
  while (i < index) {
    const skipped = skipAtom(sql, i);
    if (skipped !== i) {
      i = skipped;
      continue;
    }
    if (sql[i] === '(') depth++;
    else if (sql[i] === ')') depth--;
    i++;
  }
  return depth;
}

/**
 * The plan for a statement with one top-level numbered CTE (see above), or undefined when the statement has
 * none — then it runs as it is. `table` names the temporary table (unique per statement).
 */
export function planNumberedRows(sql: string, table: string): NumberedRowsPlan | undefined {
  const text = sql.trimStart();
  if (!/^with\s/i.test(text)) return undefined;
  const matches = [...text.matchAll(numberedCte)].filter((m) => depthAt(text, m.index) === 0);
  const match = matches[0];
  if (matches.length !== 1 || !match) return undefined;
  const [whole, name, offset, line, source] = match;
  // the CTEs before the numbered one, which the source may be among: the setup runs them, the statement keeps them
  const before = text.slice(0, match.index).replace(/^with\s+/i, '').replace(/,\s*$/, '').trim();
  const quotedTable = quoteIdent(table);
  const setup = `CREATE TEMP TABLE ${quotedTable} AS ${before ? `WITH ${before}\n` : ''}SELECT * FROM ${source}`;
  const numbered = `${name} AS NOT MATERIALIZED (SELECT rowid + ${Number(offset) + 1} AS ${line}, * FROM ${quotedTable})`;
  return {
    setup,
    sql: text.slice(0, match.index) + numbered + text.slice(match.index + whole.length),
    teardown: `DROP TABLE IF EXISTS ${quotedTable}`,
  };
}

/**
 * Runs `sql` (or the select inside a statement) with its numbered-rows CTE built in parallel (above),
 * when DuckDB keeps the read order while building it: only a BATCH_CREATE_TABLE_AS does. Otherwise (an operator
 * in `_rows` that does not keep order) the statement runs as written, on one thread.
 */
export async function runWithNumberedRows<T>(connection: DuckDBConnection, sql: string, run: (sql: string) => Promise<T>): Promise<T> {
  const plan = planNumberedRows(sql, `_polder_rows_${randomUUID().replaceAll('-', '')}`);
  if (!plan) return run(sql);
  // a long IN list becomes a join, which gives up the order; as a chain of comparisons it keeps it
  await connection.run(`SET disabled_optimizers = 'in_clause'`);
  let ordered: boolean;
  try {
    const explained = await connection.runAndReadAll(`EXPLAIN ${plan.setup}`);
    ordered = explained.getRowsJS().some((row) => String(row[1]).includes('BATCH_CREATE_TABLE_AS'));
    if (ordered) await connection.run(plan.setup);
  } finally {
    await connection.run(`RESET disabled_optimizers`);
  }
  if (!ordered) return run(sql);
  try {
    return await run(plan.sql);
  } finally {
    await connection.run(plan.teardown);
  }
}
