import type { UnitTest } from '../../schemas/model';
import type { TableColumn } from '../ports';
import { numberLiteral, quoteIdent, quoteString } from '../sql/quote';
import { checksQuery } from './checks';
import type { ModelDef } from './load';
import { renderModel, renderTemplate } from './render';
import { candidateTable } from '../tables';

/**
 * dbt-style unit tests: given rows per table the model reads → the rows it must return. Each test runs in a
 * fresh SQL session (DuckDB offline, with the Trino compatibility macros), so nothing leaks between tests.
 */

export interface SqlSession {
  run(sql: string): Promise<void>;
  rows(sql: string): Promise<Record<string, unknown>[]>;
  close(): void;
}

export interface UnitTestResult {
  model: string;
  path: string;
  test: string;
  passed: boolean;
  problems: string[];
}

type Value = unknown;

function literal(value: Value): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') return numberLiteral(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return quoteString(value.toISOString().slice(0, 10));
  return quoteString(String(value));
}

function inferredType(value: Value): string {
  if (typeof value === 'number') return Number.isInteger(value) ? 'bigint' : 'double';
  if (typeof value === 'boolean') return 'boolean';
  return 'varchar';
}

/** A value as the comparison sees it: numbers as numbers, dates as YYYY-MM-DD, the rest as text. */
function normal(value: Value): string | number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().replace(/T00:00:00\.000Z$/, '');
  const text = String(value);
  return /^-?\d+(\.\d+)?$/.test(text) && typeof value !== 'string' ? Number(text) : text;
}

function same(expected: Value, actual: Value): boolean {
  const e = normal(expected);
  const a = normal(actual);
  if (typeof e === 'number' && typeof a === 'number') return Math.abs(e - a) <= 1e-9 * Math.max(1, Math.abs(e));
  if (typeof e === 'number' && typeof a === 'string') return String(e) === a;
  return e === a;
}

const show = (row: Record<string, unknown>) => JSON.stringify(Object.fromEntries(Object.entries(row).map(([k, v]) => [k, normal(v)])));

/** Expected rows against actual rows, as multisets, comparing only the expected columns. */
export function compareRows(expected: readonly Record<string, unknown>[], actual: readonly Record<string, unknown>[]): string[] {
  const problems: string[] = [];
  const have = new Set(actual.flatMap((row) => Object.keys(row)));
  const missing = [...new Set(expected.flatMap((row) => Object.keys(row)))].filter((k) => actual.length > 0 && !have.has(k));
  if (missing.length) return [`de uitvoer heeft geen kolom ${missing.join(', ')}`];
  const unmatched = [...actual];
  for (const want of expected) {
    const i = unmatched.findIndex((row) => Object.entries(want).every(([k, v]) => k in row && same(v, row[k])));
    if (i >= 0) unmatched.splice(i, 1);
    else problems.push(`verwachte rij ontbreekt: ${show(want)}`);
  }
  for (const row of unmatched) problems.push(`onverwachte rij: ${show(Object.fromEntries(Object.entries(row).filter(([k]) => expected.length === 0 || k in expected[0]!)))}`);
  return problems;
}

export interface UnitTestContext {
  /** Columns (with types) of each table a model may read: curated datasets from contracts, models from their YAML. */
  columnsOf(table: string): TableColumn[] | undefined;
  session(): Promise<SqlSession>;
}

async function createGiven(session: SqlSession, table: string, rows: readonly Record<string, unknown>[], known: TableColumn[] | undefined): Promise<void> {
  const columns = new Map((known ?? []).map((c) => [c.name, c.type]));
  for (const row of rows) for (const [k, v] of Object.entries(row)) if (!columns.has(k) && v !== null) columns.set(k, inferredType(v));
  for (const row of rows) for (const k of Object.keys(row)) if (!columns.has(k)) columns.set(k, 'varchar');
  const defs = [...columns].map(([name, type]) => `${quoteIdent(name)} ${type}`).join(', ');
  await session.run(`create table ${quoteIdent(table)} (${defs})`);
  for (const row of rows) {
    const names = Object.keys(row);
    if (names.length === 0) continue;
    await session.run(`insert into ${quoteIdent(table)} (${names.map(quoteIdent).join(', ')}) values (${names.map((n) => literal(row[n])).join(', ')})`);
  }
}

export async function runUnitTest(model: ModelDef, test: UnitTest, ctx: UnitTestContext): Promise<UnitTestResult> {
  const result: UnitTestResult = { model: model.name, path: model.path, test: test.name, passed: false, problems: [] };
  const session = await ctx.session();
  try {
    for (const [table, rows] of Object.entries(test.given)) await createGiven(session, table, rows, ctx.columnsOf(table));
    const sql = renderModel(model.sql, model.file, { minPublishedCount: test.min_published_count, ...(test.variables ? { variables: test.variables } : {}) }, model.path);
    const actual = await session.rows(sql);
    result.problems = compareRows(test.expect, actual);
    // The compiled data tests must run too (their outcome on a handful of rows is not the point).
    await session.run(`create table ${quoteIdent(candidateTable(model.table))} as ${sql}`);
    const render = (text: string) => renderTemplate(text, model.file.variables, test.min_published_count, model.path);
    const readable = Object.keys(test.given);
    try {
      await session.rows(checksQuery(model, candidateTable(model.table), readable, render));
    } catch (error) {
      const message = (error as Error).message;
      // a check may read a table the test gives no rows for
      if (!/Table with name|does not exist/i.test(message)) result.problems.push(`de datatests lopen niet: ${message}`);
    }
  } catch (error) {
    result.problems.push((error as Error).message.split('\n')[0] ?? String(error));
  } finally {
    session.close();
  }
  result.passed = result.problems.length === 0;
  return result;
}
