import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DuckDBConnection, DuckDBInstance, DuckDBTypeId } from '@duckdb/node-api';
import type { QueryEngine, QueryResult, Row, TableDefinition } from '../../core/ports';
import { quoteIdent, quoteString } from '../../core/sql/quote';
import { filesUnder, LocalCatalog, viewSql } from './local-catalog';
import { runWithNumberedRows as numbered } from './numbered-rows';
import { parseUnload, type Unload } from '../../core/sql/unload';
import { tempPathFor } from './process-owner';

/** A statement DuckDB refused: carries the statement's first line so a failed step says which query broke. */
export class LocalQueryError extends Error {
  override name = 'LocalQueryError';
  constructor(
    readonly firstLine: string,
    readonly duckdbMessage: string,
    readonly sql: string,
  ) {
    super(`query failed: ${firstLine}\n${duckdbMessage}`);
  }
}

export interface ExecuteResult {
  queryId: string;
  rowsWritten?: number;
  /** Sum of the sizes of the files behind the tables the statement names: an estimate of Athena's figure. */
  scannedBytes?: number;
  durationMs: number;
}

export interface DuckDbEngineOptions {
  catalog: LocalCatalog;
  /** s3://bucket/key → local path (FsObjectStore.uriToPath). */
  uriToPath: (uri: string) => string;
  /** Where UTF-8 copies of windows-1252 files go (the workspace's cache/ folder). */
  cacheDir: string;
  /** Trino compatibility macros, run once when the instance opens. */
  compatStatements?: string[];
  /**
   * DuckDB's memory_limit (default: POLDER_DUCKDB_MEMORY_LIMIT or 600MB). Past it, windows, joins and
   * aggregates spill to `tempDir` (default: `duckdb-tmp/` next to cacheDir, i.e. in the workspace).
   */
  memoryLimit?: string;
  tempDir?: string;
  /** DuckDB threads (default: POLDER_DUCKDB_THREADS or DuckDB's default, the number of cores). */
  threads?: number;
  /**
   * A locked-down engine for user queries: only `database`, only the tables `allows` admits, and once their views
   * exist, file access only below their folders (`allowed_directories`), `enable_external_access = false` and
   * `lock_configuration = true`, so no statement reads another file, attaches, installs or changes a setting.
   */
  lockdown?: { database: string; allows: (table: TableDefinition) => boolean };
}

function firstLine(sql: string): string {
  const line = sql.split('\n').map((l) => l.trim()).find((l) => l !== '' && !l.startsWith('--')) ?? '';
  return line.length > 160 ? `${line.slice(0, 157)}...` : line;
}

/** Files below `folder` whose name ends in `suffix`. */
function filesEndingIn(folder: string, suffix: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith(suffix))
    .map((e) => join(e.parentPath, e.name));
}

function hasFiles(folder: string): boolean {
  try {
    return readdirSync(folder).length > 0;
  } catch {
    return false;
  }
}

/**
 * An UNLOAD's select as DuckDB's COPY into `folder`, its rows numbered as the local engine numbers them
 * (numbered-rows.ts): one file `data_0.parquet`, or with partitioned_by, as Athena writes it, one folder per value
 * (`<column>=<value>/data_<i>.parquet`, the column left out of the files). Each file name ends in `tempSuffix`
 * (the caller renames them when all are written). Returns the number of rows written.
 */
export async function copyUnload(connection: DuckDBConnection, unload: Unload, folder: string, tempSuffix = ''): Promise<number> {
  const compression = (unload.options.compression ?? 'SNAPPY').toLowerCase();
  const partitions = unload.partitionedBy ?? [];
  if (partitions.length > 0) await checkPartitionColumns(connection, unload.select, partitions);
  const target =
    partitions.length > 0
      ? `${quoteString(folder)} (FORMAT parquet, COMPRESSION ${quoteIdent(compression)}, PARTITION_BY (${partitions.map(quoteIdent).join(', ')}), FILENAME_PATTERN 'data_{i}', FILE_EXTENSION ${quoteString(`parquet${tempSuffix}`)})`
      : `${quoteString(join(folder, `data_0.parquet${tempSuffix}`))} (FORMAT parquet, COMPRESSION ${quoteIdent(compression)})`;
  const reader = await numbered(connection, unload.select, (select) => connection.runAndReadAll(`COPY (${select}) TO ${target}`));
  return Number(reader.getRowsJS()[0]?.[0] ?? 0);
}

/** Athena wants the partition columns last in the select list, in partitioned_by's order; DuckDB does not care. */
async function checkPartitionColumns(connection: DuckDBConnection, select: string, partitions: readonly string[]): Promise<void> {
  const described = await connection.runAndReadAll(`DESCRIBE ${select}`);
  const names = described.getRowObjectsJS().map((r) => String(r.column_name));
  const last = names.slice(-partitions.length);
  if (last.join('\u0000') !== partitions.join('\u0000')) {
    throw new Error(`UNLOAD partitioned_by ${partitions.join(', ')}: Athena needs these columns last in the select list, which ends in ${last.join(', ')}`);
  }
}

/** DuckDB type name → the Trino name Athena's ColumnInfo would report. */
export function trinoType(duck: string): string {
  const t = duck.trim().toUpperCase();
  const simple: Record<string, string> = {
    VARCHAR: 'varchar', BIGINT: 'bigint', INTEGER: 'integer', SMALLINT: 'smallint', TINYINT: 'tinyint',
    HUGEINT: 'bigint', UBIGINT: 'bigint', UINTEGER: 'bigint', USMALLINT: 'integer', UTINYINT: 'smallint',
    DOUBLE: 'double', FLOAT: 'real', BOOLEAN: 'boolean', DATE: 'date', TIMESTAMP: 'timestamp',
    TIMESTAMP_S: 'timestamp', TIMESTAMP_MS: 'timestamp', TIMESTAMP_NS: 'timestamp',
    'TIMESTAMP WITH TIME ZONE': 'timestamp with time zone', BLOB: 'varbinary', UUID: 'uuid', TIME: 'time',
    '"NULL"': 'unknown', NULL: 'unknown',
  };
  if (simple[t]) return simple[t];
  if (t.startsWith('DECIMAL')) return t.toLowerCase();
  if (t.endsWith('[]')) return `array(${trinoType(t.slice(0, -2))})`;
  return t.toLowerCase();
}

const localTimestamps = new Set<DuckDBTypeId>([DuckDBTypeId.TIMESTAMP, DuckDBTypeId.TIMESTAMP_S, DuckDBTypeId.TIMESTAMP_MS, DuckDBTypeId.TIMESTAMP_NS]);

/** JS value from DuckDB → the plain JSON-ish value a core sees (same as it would parse from Athena). */
function plain(value: unknown, typeId: DuckDBTypeId): Row[string] {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') {
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
  }
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return String(value);
    if (typeId === DuckDBTypeId.DATE) return value.toISOString().slice(0, 10);
    // a timestamp without a zone is a wall-clock time (local, Europe/Amsterdam for a Dutch file): written as Athena
    // writes it, `2024-05-01 07:00:00.000`, never with a `Z` that would call it UTC
    if (localTimestamps.has(typeId)) return value.toISOString().replace('T', ' ').replace(/Z$/, '');
    return value.toISOString();
  }
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  if (value instanceof Uint8Array) return Buffer.from(value).toString('hex');
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}

/** The QueryEngine offline: one in-memory DuckDB, tenant databases as schemas, Glue tables as views. */
export class DuckDbEngine implements QueryEngine {
  /** DuckDB keeps insertion (read) order, also in parallel scans; adapters/local/numbered-rows.ts relies on it. */
  readonly keepsFileOrder = true;
  private instance?: Promise<DuckDBInstance>;
  private readonly views = new Map<string, string>();
  private viewErrors = new Map<string, string>();
  private syncing: Promise<unknown> = Promise.resolve();
  private locked = false;

  constructor(private readonly options: DuckDbEngineOptions) {}

  async query(sql: string, opts: { tenant?: string; database: string }): Promise<QueryResult> {
    const queryId = randomUUID();
    const unload = parseUnload(sql);
    if (unload) {
      await this.unload(unload, sql, opts.database);
      return { columns: [], rows: [], queryId };
    }
    return this.withConnection(opts.database, sql, async (connection) => {
      const reader = await numbered(connection, sql, (s) => connection.runAndReadAll(s));
      const names = reader.columnNames();
      const types = reader.columnTypes();
      const rows = reader.getRowsJS().map((values) => {
        const row: Row = {};
        values.forEach((v, i) => {
          row[names[i] ?? `_col${i}`] = plain(v, types[i]?.typeId ?? DuckDBTypeId.VARCHAR);
        });
        return row;
      });
      const columns = names.map((name, i) => ({ name, type: trinoType(String(types[i] ?? 'VARCHAR')) }));
      return { columns, rows, queryId };
    });
  }

  /** What the Athena task needs: run a statement, report what it wrote. */
  async execute(sql: string, opts: { database: string }): Promise<ExecuteResult> {
    const started = performance.now();
    const queryId = randomUUID();
    const scannedBytes = await this.estimateScan(sql, opts.database);
    const unload = parseUnload(sql);
    let rowsWritten: number | undefined;
    if (unload) rowsWritten = await this.unload(unload, sql, opts.database);
    else await this.withConnection(opts.database, sql, (c) => numbered(c, sql, (s) => c.run(s)));
    return { queryId, rowsWritten, scannedBytes, durationMs: Math.round(performance.now() - started) };
  }

  close(): void {
    void this.instance?.then((i) => i.closeSync()).catch(() => undefined);
    this.instance = undefined;
  }

  /** UNLOAD → COPY into the target folder (see copyUnload); refuses a non-empty target as Athena does. */
  private async unload(unload: Unload, sql: string, database: string): Promise<number> {
    const format = (unload.options.format ?? 'PARQUET').toUpperCase();
    if (format !== 'PARQUET') throw new LocalQueryError(firstLine(sql), `UNLOAD format ${format} is not supported locally`, sql);
    const unsupported = Object.keys(unload.options).filter((k) => k !== 'format' && k !== 'compression');
    if (unsupported.length > 0) {
      throw new LocalQueryError(firstLine(sql), `UNLOAD option(s) ${unsupported.join(', ')} not supported locally`, sql);
    }
    if (!unload.target.endsWith('/')) {
      throw new LocalQueryError(firstLine(sql), `UNLOAD target must be a folder ending in "/": ${unload.target}`, sql);
    }
    const folder = this.options.uriToPath(unload.target);
    if (hasFiles(folder)) {
      throw new LocalQueryError(firstLine(sql), `UNLOAD target is not empty: ${unload.target}`, sql);
    }
    mkdirSync(folder, { recursive: true });
    // Written under temp names and renamed, so a failed statement leaves the target empty for a retry.
    // The temp names name this process: after a crash mid-write the next command removes them (crash-recovery.ts).
    const suffix = tempPathFor('', '.tmp-put');
    try {
      const rows = await this.withConnection(database, sql, (c) => copyUnload(c, unload, folder, suffix));
      for (const temp of filesEndingIn(folder, suffix)) renameSync(temp, temp.slice(0, -suffix.length));
      return rows;
    } finally {
      for (const temp of filesEndingIn(folder, suffix)) rmSync(temp, { force: true });
      // partition folders a failed statement left empty
      for (const entry of readdirSync(folder, { withFileTypes: true })) {
        if (entry.isDirectory() && !hasFiles(join(folder, entry.name))) rmSync(join(folder, entry.name), { recursive: true, force: true });
      }
    }
  }

  private async withConnection<T>(database: string, sql: string, job: (c: DuckDBConnection) => Promise<T>): Promise<T> {
    const instance = await this.open();
    await this.syncViews(database);
    // A connection per statement: search_path is per connection, and Map states run queries concurrently.
    const connection = await instance.connect();
    try {
      await connection.run(`SET search_path = ${quoteString(database)}`);
      return await job(connection);
    } catch (error) {
      const broken = [...this.viewErrors.entries()].filter(([name]) => name.startsWith(`${database}.`));
      const hint = broken.length > 0 ? `\n(views that could not be created: ${broken.map(([n, e]) => `${n}: ${e}`).join('; ')})` : '';
      throw new LocalQueryError(firstLine(sql), `${(error as Error).message}${hint}`, sql);
    } finally {
      connection.closeSync();
    }
  }

  private open(): Promise<DuckDBInstance> {
    this.instance ??= (async () => {
      const threads = this.options.threads ?? (Number(process.env.POLDER_DUCKDB_THREADS) || undefined);
      const tempDir = this.options.tempDir ?? join(dirname(this.options.cacheDir), 'duckdb-tmp');
      mkdirSync(tempDir, { recursive: true });
      const instance = await DuckDBInstance.create(':memory:', {
        memory_limit: this.options.memoryLimit ?? process.env.POLDER_DUCKDB_MEMORY_LIMIT ?? '600MB',
        temp_directory: tempDir,
        // row_number() over () numbers rows in read order: the order must be kept (the default, stated here)
        preserve_insertion_order: 'true',
        ...(threads ? { threads: String(threads) } : {}),
      });
      const connection = await instance.connect();
      try {
        for (const statement of this.options.compatStatements ?? []) {
          try {
            await connection.run(statement);
          } catch (error) {
            throw new LocalQueryError(firstLine(statement), `compat macro failed: ${(error as Error).message}`, statement);
          }
        }
      } finally {
        connection.closeSync();
      }
      return instance;
    })();
    return this.instance;
  }

  /** Brings schemas and views in line with the catalog and the files now present; serialised, as DDL races. */
  private syncViews(database: string): Promise<void> {
    const { lockdown } = this.options;
    const run = this.syncing.then(async () => {
      if (this.locked) return;
      const instance = await this.open();
      const databases = lockdown ? [lockdown.database] : new Set([...(await this.options.catalog.databases()), database]);
      const connection = await instance.connect();
      try {
        const folders: string[] = [];
        for (const db of databases) {
          await connection.run(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(db)}`);
          const tables = await this.options.catalog.listTables(db);
          // a table deleted from the catalog (retention) loses its view
          const listed = new Set(tables.map((t) => `${db}.${t.name}`));
          for (const key of [...this.views.keys()].filter((k) => k.startsWith(`${db}.`) && !listed.has(k))) {
            await connection.run(`DROP VIEW IF EXISTS ${quoteIdent(db)}.${quoteIdent(key.slice(db.length + 1))}`);
            this.views.delete(key);
          }
          for (const table of tables) {
            if (lockdown && !lockdown.allows(table)) continue;
            folders.push(...table.locations.map((l) => `${this.options.uriToPath(l).replace(/[/\\]+$/, '')}/`));
            const key = `${db}.${table.name}`;
            const sql = viewSql(table, this.options.uriToPath, this.options.cacheDir);
            if (this.views.get(key) === sql) continue;
            try {
              await connection.run(sql);
              this.views.set(key, sql);
              this.viewErrors.delete(key);
            } catch (error) {
              // One bad table must not break queries on the others; the error surfaces if a query fails.
              this.views.delete(key);
              this.viewErrors.set(key, (error as Error).message.split('\n')[0] ?? '');
            }
          }
        }
        if (lockdown) {
          await connection.run(`SET allowed_directories = [${folders.map(quoteString).join(', ')}]`);
          await connection.run('SET enable_external_access = false');
          await connection.run('SET lock_configuration = true');
          this.locked = true;
        }
      } finally {
        connection.closeSync();
      }
    });
    this.syncing = run.catch(() => undefined);
    return run;
  }

  private async estimateScan(sql: string, database: string): Promise<number> {
    let bytes = 0;
    for (const table of await this.options.catalog.listTables(database)) {
      if (!new RegExp(`\\b${table.name}\\b`, 'i').test(sql)) continue;
      for (const location of table.locations) {
        for (const file of filesUnder(this.options.uriToPath(location))) {
          try {
            bytes += statSync(file).size;
          } catch {
            // vanished between listing and stat: nothing scanned
          }
        }
      }
    }
    return bytes;
  }
}
