import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { TableDefinition } from '../../core/ports';
import { compatStatements } from '../../adapters/local/duckdb-compat';
import { quoteIdent, quoteString } from '../../core/sql/quote';
import { parseUnload } from '../../core/sql/unload';

/** Test-only DuckDB helper: macros loaded, raw CSV views like the local engine makes, UNLOAD run as COPY. */
export async function duck(threads = 2): Promise<DuckDBConnection> {
  // insertion order kept, as the local engine runs DuckDB (numbered rows depend on it)
  const db = await DuckDBInstance.create(':memory:', { threads: String(threads), preserve_insertion_order: 'true' });
  const conn = await db.connect();
  for (const s of compatStatements()) await conn.run(s);
  return conn;
}

export function tempCsv(text: string, name = 'data.csv'): string {
  const dir = mkdtempSync(join(tmpdir(), 'polder-sql-'));
  writeFileSync(join(dir, name), text);
  return dir;
}

export async function csvView(conn: DuckDBConnection, table: TableDefinition, folder: string): Promise<void> {
  if (table.storage.format !== 'csv') throw new Error('csv only');
  const s = table.storage;
  const names = table.columns.map((c) => quoteString(c.name)).join(', ');
  await conn.run(
    `create or replace view ${quoteIdent(table.name)} as select * from read_csv(${quoteString(`${folder}/*`)}, header=${s.headerRows > 0}, all_varchar=true, delim=${quoteString(s.delimiter)}, quote=${quoteString(s.quote)}, encoding=${quoteString(s.encoding)}, names=[${names}])`,
  );
}

export type Rows = Record<string, unknown>[];

export async function rows(conn: DuckDBConnection, sql: string): Promise<Rows> {
  const reader = await conn.runAndReadAll(sql);
  return reader.getRowObjectsJS() as Rows;
}

/** Runs an UNLOAD as COPY into `<folder>/data_0.parquet`, and registers `table` over it. */
export async function runUnload(conn: DuckDBConnection, sql: string, table?: string): Promise<string> {
  const parts = parseUnload(sql);
  if (!parts) throw new Error('not an UNLOAD');
  const folder = mkdtempSync(join(tmpdir(), 'polder-unload-'));
  const file = join(folder, 'data_0.parquet');
  await conn.run(`copy (${parts.select}) to ${quoteString(file)} (format parquet)`);
  if (table) await conn.run(`create or replace view ${quoteIdent(table)} as select * from read_parquet(${quoteString(file)})`);
  return file;
}
