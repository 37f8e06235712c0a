import { quoteString } from './quote';
import { closingParen, skipSpace, splitTopLevel } from './scan';

/**
 * Athena's `UNLOAD (<select>) TO 's3://…/' WITH (…)`: every heavy statement is one (docs/architecture.md, "Tables").
 * Written by `unload`; read back by `parseUnload`, which the local engine uses to turn it into DuckDB's COPY and the
 * SQL checks use to parse only the inner select (the Trino grammar has no UNLOAD).
 */

export type UnloadFormat = 'PARQUET' | 'ORC' | 'AVRO' | 'JSON' | 'TEXTFILE';

export interface Unload {
  select: string;
  target: string;
  /** The WITH properties, names lowercase, e.g. { format: 'PARQUET', compression: 'SNAPPY' }. */
  options: Record<string, string>;
}

export class UnloadSyntaxError extends Error {
  override name = 'UnloadSyntaxError';
}

/** `UNLOAD (<select>) TO '<uri>' WITH (format = 'PARQUET', compression = 'SNAPPY')` */
export function unload(select: string, uri: string, format: UnloadFormat = 'PARQUET'): string {
  const compression = format === 'PARQUET' || format === 'ORC' ? `, compression = 'SNAPPY'` : '';
  return `UNLOAD (\n${select}\n) TO ${quoteString(uri)} WITH (format = ${quoteString(format)}${compression})`;
}

/** Parses an UNLOAD statement; undefined when the statement is something else, UnloadSyntaxError when it is a broken UNLOAD. */
export function parseUnload(sql: string): Unload | undefined {
  let i = skipSpace(sql, 0);
  if (!/^unload\b/i.test(sql.slice(i, i + 7))) return undefined;
  i = skipSpace(sql, i + 6);
  if (sql[i] !== '(') throw new UnloadSyntaxError('UNLOAD must be followed by a parenthesised query');
  const end = closingParen(sql, i);
  if (end < 0) throw new UnloadSyntaxError('UNLOAD query has an unbalanced parenthesis');
  const select = sql.slice(i + 1, end).trim();
  const rest = sql.slice(end + 1);
  const m = /^\s*TO\s+'((?:[^']|'')*)'\s*(?:WITH\s*\(([\s\S]*)\))?\s*;?\s*$/i.exec(rest);
  if (!m) throw new UnloadSyntaxError(`cannot read the UNLOAD target and options: ${rest.trim().slice(0, 120)}`);
  const options: Record<string, string> = {};
  for (const part of splitTopLevel(m[2] ?? '')) {
    const kv = /^\s*(\w+)\s*=\s*([\s\S]+?)\s*$/.exec(part);
    if (!kv) throw new UnloadSyntaxError(`cannot read UNLOAD option "${part.trim()}"`);
    const value = (kv[2] ?? '').replace(/^'([\s\S]*)'$/, '$1').replace(/''/g, "'");
    options[(kv[1] ?? '').toLowerCase()] = value;
  }
  return { select, target: (m[1] ?? '').replace(/''/g, "'"), options };
}
