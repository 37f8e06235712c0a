import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll } from 'vitest';
import type { TableDefinition } from '../../core/ports';
import { compatStatements } from '../../adapters/local/duckdb-compat';
import { copyUnload } from '../../adapters/local/duckdb-engine';
import { viewSql } from '../../adapters/local/local-catalog';
import { quoteIdent, quoteString } from '../../core/sql/quote';
import { parseUnload } from '../../core/sql/unload';
import { quarantinePart, quarantinePartPrefix } from '../../core/keys';
import { lineCountsQuery, quarantineColumns } from '../../core/contract/quarantine';

// every scratch folder these helpers make goes when the test file is done (thousands piled up in /tmp otherwise);
// a module is evaluated once per test file, so this registers one hook in that file's root suite
const scratch: string[] = [];
afterAll(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function scratchDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  scratch.push(dir);
  return dir;
}

/**
 * A DuckDB connection for the SQL tests, through the production reader: the compat macros, raw CSV views made by
 * the local catalog's viewSql, UNLOAD run by the local engine's copyUnload.
 */
export async function duck(threads = 2): Promise<DuckDBConnection> {
  // insertion order kept, as the local engine runs DuckDB (numbered rows depend on it)
  const db = await DuckDBInstance.create(':memory:', { threads: String(threads), preserve_insertion_order: 'true' });
  const conn = await db.connect();
  for (const s of compatStatements()) await conn.run(s);
  return conn;
}

export function tempCsv(text: string, name = 'data.csv'): string {
  const dir = scratchDir('polder-sql-');
  writeFileSync(join(dir, name), text);
  return dir;
}

/**
 * `table` as a view in the connection's default schema, made by the local catalog's own viewSql (the reader the
 * local engine uses), over the files in `folder`.
 */
export async function csvView(conn: DuckDBConnection, table: TableDefinition, folder: string): Promise<void> {
  if (table.storage.format !== 'csv') throw new Error('csv only');
  const cacheDir = scratchDir('polder-sql-cache-');
  await conn.run(viewSql({ ...table, database: 'main', locations: [folder] }, (path) => path, cacheDir));
}

export type Rows = Record<string, unknown>[];

export async function rows(conn: DuckDBConnection, sql: string): Promise<Rows> {
  const reader = await conn.runAndReadAll(sql);
  return reader.getRowObjectsJS() as Rows;
}

/** Runs an UNLOAD as the local engine does (COPY into `<folder>/data_0.parquet`), and registers `table` over it. */
export async function runUnload(conn: DuckDBConnection, sql: string, table?: string): Promise<string> {
  const parts = parseUnload(sql);
  if (!parts) throw new Error('not an UNLOAD');
  if (parts.partitionedBy) throw new Error('a partitioned UNLOAD: use runChecks');
  const folder = scratchDir('polder-unload-');
  const file = join(folder, 'data_0.parquet');
  await copyUnload(conn, parts, folder);
  if (table) await conn.run(`create or replace view ${quoteIdent(table)} as select * from read_parquet(${quoteString(file)})`);
  return file;
}

/**
 * Runs a checks UNLOAD (partitioned, core/contract/checks-query.ts) as the local engine does and reads it back as
 * write-report does: `table` over the findings part and `<table>__row_count` over the row count part, both by the
 * local catalog's viewSql (an empty part is an empty table). Returns the folder and the row count write-report reads.
 */
export async function runChecks(conn: DuckDBConnection, sql: string, table: string): Promise<{ folder: string; rowCount: number }> {
  const parts = parseUnload(sql);
  if (!parts?.partitionedBy) throw new Error('not a partitioned UNLOAD');
  const folder = scratchDir('polder-checks-');
  await copyUnload(conn, parts, folder);
  const counted = `${table}__row_count`;
  const cacheDir = scratchDir('polder-sql-cache-');
  for (const [name, part] of [[table, quarantinePart.findings], [counted, quarantinePart.rowCount]] as const) {
    const def: TableDefinition = { database: 'main', name, columns: quarantineColumns, locations: [quarantinePartPrefix(folder, part)], storage: { format: 'parquet' } };
    await conn.run(viewSql(def, (path) => path, cacheDir));
  }
  const [counts] = await rows(conn, lineCountsQuery(table, counted));
  return { folder, rowCount: Number(counts?.rows_read) };
}
