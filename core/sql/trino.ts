// Only the Trino grammar: the package's index loads every dialect (~270 MiB of RSS and 0.7 s, against ~55 MiB).
import { TrinoSQL } from 'dt-sql-parser/dist/parser/trino';
import { quoteString } from './quote';

/**
 * Trino-dialect checks with dt-sql-parser. Athena's `UNLOAD (...) TO '...' WITH (...)` is not in the Trino
 * grammar (dt-sql-parser 4.5 rejects it), so UNLOAD statements are split with `unloadParts` and only the inner
 * select is parsed.
 */

let parser: TrinoSQL | undefined;

export interface ParseResult {
  ok: boolean;
  errors: string[];
}

/** Parses one Trino statement. More than one statement (`select 1; drop table x`) is an error. */
export function parseTrino(sql: string): ParseResult {
  parser ??= new TrinoSQL();
  const errors = parser
    .validate(sql)
    .map((e) => `line ${e.startLine}:${e.startColumn}: ${e.message}`);
  if (errors.length === 0) {
    const statements = parser.splitSQLByStatement(sql) ?? [];
    const nonEmpty = statements.filter((s) => s.text.trim() !== '' && s.text.trim() !== ';');
    if (nonEmpty.length > 1) errors.push(`expected one statement, found ${nonEmpty.length}`);
  }
  return { ok: errors.length === 0, errors };
}

/** Like `parseTrino`, but UNLOAD statements are checked by parsing their inner select. */
export function parseTrinoOrUnload(sql: string): ParseResult {
  const parts = unloadParts(sql);
  return parseTrino(parts ? parts.select : sql);
}

export type UnloadFormat = 'PARQUET' | 'ORC' | 'AVRO' | 'JSON' | 'TEXTFILE';

export interface UnloadParts {
  select: string;
  uri: string;
  /** The WITH properties as written, e.g. { format: 'PARQUET', compression: 'SNAPPY' }. */
  properties: Record<string, string>;
}

/** `UNLOAD (<select>) TO '<uri>' WITH (format = 'PARQUET', compression = 'SNAPPY')` */
export function unload(select: string, uri: string, format: UnloadFormat = 'PARQUET'): string {
  const compression = format === 'PARQUET' || format === 'ORC' ? `, compression = 'SNAPPY'` : '';
  return `UNLOAD (\n${select}\n) TO ${quoteString(uri)} WITH (format = ${quoteString(format)}${compression})`;
}

/**
 * Splits an Athena UNLOAD into its parts, or returns undefined for any other statement. The select is found
 * by matching parentheses outside string literals, quoted identifiers and comments.
 */
export function unloadParts(sql: string): UnloadParts | undefined {
  const head = /^\s*unload\s*\(/i.exec(sql);
  if (!head) return undefined;
  const start = head[0].length;
  const end = closingParen(sql, start);
  if (end < 0) return undefined;
  const tail = /^\s*to\s*'((?:[^']|'')*)'\s*with\s*\(([\s\S]*)\)\s*;?\s*$/i.exec(sql.slice(end + 1));
  if (!tail) return undefined;
  const properties: Record<string, string> = {};
  for (const m of (tail[2] ?? '').matchAll(/([a-z_][a-z0-9_]*)\s*=\s*'((?:[^']|'')*)'/gi)) {
    properties[(m[1] ?? '').toLowerCase()] = (m[2] ?? '').replace(/''/g, "'");
  }
  return { select: sql.slice(start, end).trim(), uri: (tail[1] ?? '').replace(/''/g, "'"), properties };
}

/** Index of the `)` that closes the group starting at `from` (just after its `(`), or -1. */
export function closingParen(sql: string, from: number): number {
  let depth = 1;
  for (let i = from; i < sql.length; i++) {
    const ch = sql[i];
    if (ch === "'" || ch === '"') {
      i = skipQuoted(sql, i, ch);
      if (i < 0) return -1;
    } else if (ch === '-' && sql[i + 1] === '-') {
      const nl = sql.indexOf('\n', i);
      if (nl < 0) return -1;
      i = nl;
    } else if (ch === '/' && sql[i + 1] === '*') {
      const close = sql.indexOf('*/', i + 2);
      if (close < 0) return -1;
      i = close + 1;
    } else if (ch === '(') depth++;
    else if (ch === ')' && --depth === 0) return i;
  }
  return -1;
}

/** Index of the quote closing the literal opened at `i` (doubled quotes are part of the literal), or -1. */
export function skipQuoted(sql: string, i: number, quote: string): number {
  for (let j = i + 1; j < sql.length; j++) {
    if (sql[j] !== quote) continue;
    if (sql[j + 1] === quote) j++;
    else return j;
  }
  return -1;
}
