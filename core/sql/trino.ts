// Only the Trino grammar: the package's index loads every dialect (~270 MiB of RSS and 0.7 s, against ~55 MiB).
import { TrinoSQL } from 'dt-sql-parser/dist/parser/trino';
import { parseUnload, UnloadSyntaxError } from './unload';

/**
 * Trino-dialect checks with dt-sql-parser. Athena's `UNLOAD (...) TO '...' WITH (...)` is not in the Trino
 * grammar (dt-sql-parser 4.5 rejects it), so UNLOAD statements are split with `parseUnload` (core/sql/unload.ts)
 * and only the inner select is parsed.
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
  try {
    const parts = parseUnload(sql);
    return parseTrino(parts ? parts.select : sql);
  } catch (error) {
    if (error instanceof UnloadSyntaxError) return { ok: false, errors: [error.message] };
    throw error;
  }
}
