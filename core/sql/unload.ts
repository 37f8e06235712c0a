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
  /** The WITH properties other than partitioned_by, names lowercase, e.g. { format: 'PARQUET', compression: 'SNAPPY' }. */
  options: Record<string, string>;
  /** `partitioned_by = ARRAY['a', …]`: rows go to `<target><a>=<value>/`, without the column in the files. */
  partitionedBy?: string[];
}

export class UnloadSyntaxError extends Error {
  override name = 'UnloadSyntaxError';
}

/**
 * `UNLOAD (<select>) TO '<uri>' WITH (format = 'PARQUET', compression = 'SNAPPY')`. With `partitionedBy` the rows go
 * to one folder per value, `<uri><column>=<value>/` (Hive style, the column left out of the files); Athena wants
 * those columns last in the select list, in this order, and at most 100 partitions.
 */
export function unload(select: string, uri: string, format: UnloadFormat = 'PARQUET', partitionedBy: readonly string[] = []): string {
  const compression = format === 'PARQUET' || format === 'ORC' ? `, compression = 'SNAPPY'` : '';
  const partitions = partitionedBy.length > 0 ? `, partitioned_by = ARRAY[${partitionedBy.map(quoteString).join(', ')}]` : '';
  return `UNLOAD (\n${select}\n) TO ${quoteString(uri)} WITH (format = ${quoteString(format)}${compression}${partitions})`;
}

/** `ARRAY['a', 'b']` → ['a', 'b']. */
function parseArray(value: string): string[] {
  const m = /^ARRAY\s*\[([\s\S]*)\]$/i.exec(value.trim());
  if (!m) throw new UnloadSyntaxError(`partitioned_by must be ARRAY['column', ...], got ${value}`);
  return splitTopLevel(m[1] ?? '').map((item) => {
    const s = /^\s*'((?:[^']|'')*)'\s*$/.exec(item);
    if (!s) throw new UnloadSyntaxError(`partitioned_by names columns as strings, got ${item.trim()}`);
    return (s[1] ?? '').replace(/''/g, "'");
  });
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
  let partitionedBy: string[] | undefined;
  for (const part of splitTopLevel(m[2] ?? '')) {
    const kv = /^\s*(\w+)\s*=\s*([\s\S]+?)\s*$/.exec(part);
    if (!kv) throw new UnloadSyntaxError(`cannot read UNLOAD option "${part.trim()}"`);
    const name = (kv[1] ?? '').toLowerCase();
    if (name === 'partitioned_by') {
      partitionedBy = parseArray(kv[2] ?? '');
      continue;
    }
    options[name] = (kv[2] ?? '').replace(/^'([\s\S]*)'$/, '$1').replace(/''/g, "'");
  }
  return { select, target: (m[1] ?? '').replace(/''/g, "'"), options, ...(partitionedBy ? { partitionedBy } : {}) };
}
