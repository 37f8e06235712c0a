import { readdirSync, statSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';
import type { Catalog, CsvStorage, JsonlStorage, TableColumn, TableDefinition } from '../../core/ports';
import { quoteIdent, quoteString } from '../../core/sql/quote';
import { utf8CopyOf } from './cp1252';
import { errorColumn, jsonlCopyOf } from './jsonl-copy';
import { tempPathFor } from './process-owner';

interface CatalogFile {
  database: string;
  tables: Record<string, TableDefinition>;
  /** Every definition a table has had, oldest first (Glue keeps these as table versions). */
  history?: Record<string, TableDefinition[]>;
}

const databaseName = /^[a-z0-9_]+$/;

/** The lock may be held while another process writes a large catalog: wait up to ~30 s, in small random steps. */
const catalogLock: lockfile.LockOptions = {
  realpath: false,
  stale: 10_000,
  retries: { retries: 300, minTimeout: 5, maxTimeout: 100, randomize: true },
};

/** The Glue catalog offline: one JSON file per database under `<workspace>/catalog/`. */
export class LocalCatalog implements Catalog {
  readonly dir: string;
  // Map iterations publish concurrently; serialise read-modify-write per database so no update is lost.
  private readonly locks = new Map<string, Promise<unknown>>();

  constructor(workspace: string) {
    this.dir = join(workspace, 'catalog');
  }

  fileOf(database: string): string {
    if (!databaseName.test(database)) throw new Error(`not a Glue database name: "${database}"`);
    return join(this.dir, `${database}.json`);
  }

  async putTable(table: TableDefinition): Promise<void> {
    await this.swapTable(table, () => true);
  }

  async swapTable(table: TableDefinition, expect: (current: TableDefinition | undefined) => boolean): Promise<boolean> {
    return this.locked(table.database, async () => {
      const file = await this.read(table.database);
      if (!expect(file.tables[table.name])) return false;
      file.tables[table.name] = structuredClone(table);
      file.history ??= {};
      (file.history[table.name] ??= []).push(structuredClone(table));
      await this.write(file);
      return true;
    });
  }

  async deleteTable(database: string, name: string): Promise<void> {
    await this.locked(database, async () => {
      const file = await this.read(database);
      if (!(name in file.tables)) return;
      delete file.tables[name];
      if (file.history) delete file.history[name];
      await this.write(file);
    });
  }

  async tableHistory(database: string, name: string): Promise<TableDefinition[]> {
    const file = await this.read(database);
    return file.history?.[name] ?? (file.tables[name] ? [file.tables[name]] : []);
  }

  private async write(file: CatalogFile): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const target = this.fileOf(file.database);
    const temp = tempPathFor(target, '.tmp');
    await writeFile(temp, `${JSON.stringify(file, null, 2)}\n`);
    await rename(temp, target);
  }

  async getTable(database: string, name: string): Promise<TableDefinition | undefined> {
    return (await this.read(database)).tables[name];
  }

  async listTables(database: string): Promise<TableDefinition[]> {
    const { tables } = await this.read(database);
    return Object.keys(tables)
      .sort()
      .map((name) => tables[name] as TableDefinition);
  }

  async databases(): Promise<string[]> {
    try {
      return (await readdir(this.dir))
        .filter((f) => f.endsWith('.json'))
        .map((f) => f.slice(0, -'.json'.length))
        .sort();
    } catch {
      return [];
    }
  }

  private async read(database: string): Promise<CatalogFile> {
    try {
      return JSON.parse(await readFile(this.fileOf(database), 'utf8')) as CatalogFile;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { database, tables: {} };
      throw error;
    }
  }

  /**
   * One writer per database at a time: in this process through a promise chain (Map iterations publish at once),
   * across processes through a lock file (proper-lockfile: an atomic mkdir of `<file>.lock`, kept fresh while held,
   * taken over when stale, i.e. its holder died), so two commands never lose each other's tables.
   */
  private async locked<T>(database: string, job: () => Promise<T>): Promise<T> {
    const acrossProcesses = async (): Promise<T> => {
      await mkdir(this.dir, { recursive: true });
      const release = await lockfile.lock(this.fileOf(database), catalogLock);
      try {
        return await job();
      } finally {
        await release();
      }
    };
    const previous = this.locks.get(database) ?? Promise.resolve();
    const next = previous.then(acrossProcesses, acrossProcesses);
    this.locks.set(database, next.catch(() => undefined));
    return next;
  }
}

// ---- views ---------------------------------------------------------------------------------------

/** Trino/Hive column type → DuckDB type. */
export function duckType(type: string): string {
  const t = type.trim().toLowerCase();
  if (t === 'string' || t.startsWith('varchar') || t.startsWith('char')) return 'VARCHAR';
  if (t === 'int' || t === 'integer') return 'INTEGER';
  if (t === 'float' || t === 'real') return 'FLOAT';
  if (t === 'timestamp' || t.startsWith('timestamp(')) return 'TIMESTAMP';
  return t.toUpperCase();
}

/** Like Athena: every file below the folder except hidden ones (`_…`, `.…`) and our in-flight temp files. */
export function filesUnder(folder: string, suffix = ''): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('_') || entry.name.startsWith('.') || entry.name.endsWith('.tmp-put')) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && entry.name.endsWith(suffix)) found.push(path);
    }
  };
  // A location may also name a single object.
  try {
    if (statSync(folder).isFile()) return [folder];
  } catch {
    return [];
  }
  walk(folder);
  return found.sort();
}

function emptySelect(columns: TableColumn[]): string {
  const list = columns.map((c) => `CAST(NULL AS ${duckType(c.type)}) AS ${quoteIdent(c.name)}`).join(', ');
  return `SELECT ${list} WHERE false`;
}

function csvSelect(columns: TableColumn[], storage: CsvStorage, files: string[]): string {
  const options = [
    // the dialect is the contract's, so nothing is sniffed: a sniffer that samples a bad row fails without naming
    // its line, where the parser names it
    'auto_detect=false',
    `header=${storage.headerRows > 0}`,
    ...(storage.headerRows > 1 ? [`skip=${storage.headerRows - 1}`] : []),
    `columns={${columns.map((c) => `${quoteString(c.name)}: 'VARCHAR'`).join(', ')}}`,
    `delim=${quoteString(storage.delimiter)}`,
    `quote=${quoteString(storage.quote)}`,
    `escape=${quoteString(storage.quote)}`,
    // windows-1252 files arrive here as their UTF-8 copies (see cp1252.ts).
    "encoding='utf-8'",
    'null_padding=false',
    'strict_mode=true',
  ];
  const list = columns.map((c) => {
    let expr = quoteIdent(c.name);
    const type = duckType(c.type);
    // Hive's text SerDe yields NULL for a value it cannot parse, hence TRY_CAST.
    if (type !== 'VARCHAR') expr = `TRY_CAST(${expr} AS ${type})`;
    return `${expr} AS ${quoteIdent(c.name)}`;
  });
  const sources = files.map(quoteString).join(', ');
  return `SELECT ${list.join(', ')} FROM read_csv([${sources}], ${options.join(', ')})`;
}

/**
 * JSON lines: DuckDB reads the copy jsonlCopyOf makes with Athena's rules (every value as the text Athena gives,
 * one row per line), so only strings are read here. A read error in the copy fails the query, as on Athena.
 */
function jsonlSelect(columns: TableColumn[], storage: JsonlStorage, files: string[], cacheDir: string): string {
  const copies = files.map((f) => jsonlCopyOf(f, cacheDir, columns.map((c) => ({ name: c.name, key: storage.keys[c.name] ?? c.name }))));
  const read = [...columns.map((c) => `${quoteString(c.name)}: 'VARCHAR'`), `${quoteString(errorColumn)}: 'VARCHAR'`];
  const list = columns.map((c) => {
    const type = duckType(c.type);
    const expr = type === 'VARCHAR' ? quoteIdent(c.name) : `TRY_CAST(${quoteIdent(c.name)} AS ${type})`;
    return `${expr} AS ${quoteIdent(c.name)}`;
  });
  // DuckDB's default maximum_object_size (16 MiB) bounds a line; a larger one costs memory on every thread
  const options = ["format='newline_delimited'", `columns={${read.join(', ')}}`];
  const failed = quoteIdent(errorColumn);
  return `SELECT ${list.join(', ')} FROM read_json([${copies.map(quoteString).join(', ')}], ${options.join(', ')}) WHERE CASE WHEN ${failed} IS NULL THEN true ELSE error(${failed}) END`;
}

function parquetSelect(columns: TableColumn[], folders: string[]): string {
  const list = columns.map((c) => `CAST(${quoteIdent(c.name)} AS ${duckType(c.type)}) AS ${quoteIdent(c.name)}`);
  const globs = folders.map((f) => quoteString(`${f.replace(/[/\\]+$/, '')}/**/*.parquet`)).join(', ');
  return `SELECT ${list.join(', ')} FROM read_parquet([${globs}], union_by_name=true)`;
}

/**
 * The DuckDB view that stands in for a Glue table. Lists the files now: an empty location gives an
 * empty, typed view. `cacheDir` holds the UTF-8 copies of windows-1252 files and the read copies of JSON lines files.
 */
export function viewSql(table: TableDefinition, uriToPath: (uri: string) => string, cacheDir: string): string {
  const name = `${quoteIdent(table.database)}.${quoteIdent(table.name)}`;
  const folders = table.locations.map(uriToPath);
  let select: string;
  if (table.storage.format === 'csv') {
    let files = folders.flatMap((f) => filesUnder(f));
    if (table.storage.encoding === 'windows-1252') files = files.map((f) => utf8CopyOf(f, cacheDir));
    select = files.length === 0 ? emptySelect(table.columns) : csvSelect(table.columns, table.storage, files);
  } else if (table.storage.format === 'jsonl') {
    const files = folders.flatMap((f) => filesUnder(f));
    select = files.length === 0 ? emptySelect(table.columns) : jsonlSelect(table.columns, table.storage, files, cacheDir);
  } else {
    const withFiles = folders.filter((f) => filesUnder(f, '.parquet').length > 0);
    select = withFiles.length === 0 ? emptySelect(table.columns) : parquetSelect(table.columns, withFiles);
  }
  return `CREATE OR REPLACE VIEW ${name} AS ${select}`;
}
