/**
 * The ports a handler core receives. AWS adapters live in adapters/aws, local ones in adapters/local;
 * cores never know which they got.
 */

export interface ObjectRef {
  bucket: string;
  key: string;
  /**
   * One version of an object in a versioned bucket (S3's VersionId): reads get those bytes even after the key was
   * written again. Without it, the latest. Only reads (get, head, getStream, exists, a copy's source) use it.
   */
  versionId?: string;
}

export interface ObjectStore {
  /** Whole object as bytes. */
  get(ref: ObjectRef): Promise<Uint8Array>;
  /** First `bytes` bytes (or fewer); used by pre-checks that must not read whole files. */
  head(ref: ObjectRef, bytes: number): Promise<{ body: Uint8Array; size: number }>;
  put(ref: ObjectRef, body: Uint8Array | string, contentType?: string): Promise<void>;
  /**
   * The whole object in chunks, for objects too large to hold in memory. Nothing is read before the first
   * iteration; a missing object fails there, with the error `get` gives.
   */
  getStream(ref: ObjectRef): AsyncIterable<Uint8Array>;
  /**
   * Writes an object from chunks of unknown total length, without holding it whole. Like `put`, readers see the
   * old object or the whole new one; when `body` fails, its error is thrown and nothing is written. Chunks may be
   * kept until the write ends, so a producer must not reuse their memory.
   */
  putStream(ref: ObjectRef, body: AsyncIterable<Uint8Array>, contentType?: string): Promise<void>;
  /**
   * Creates an object only when its key is free, atomically across processes and machines (S3 `PutObject` with
   * `If-None-Match: *`; a hard link of a complete temp file locally). For create-once objects (keys, snapshots):
   * of several concurrent first writers exactly one wins and all return the winner's bytes.
   */
  putIfAbsent(ref: ObjectRef, body: Uint8Array | string, contentType?: string): Promise<{ created: boolean; body: Uint8Array }>;
  copy(from: ObjectRef, to: ObjectRef): Promise<void>;
  exists(ref: ObjectRef): Promise<boolean>;
  /** Keys under a prefix, sorted. */
  list(bucket: string, prefix: string): Promise<string[]>;
  /**
   * Deletes every object under a prefix for good: in a versioned bucket every old version and delete marker too
   * (retention and erasure must not leave the data behind a delete marker). Returns how many were deleted.
   */
  deletePrefix(bucket: string, prefix: string): Promise<number>;
}

export type Row = Record<string, string | number | boolean | null>;

export interface QueryResult {
  /** Result columns with their Trino types (Athena's ColumnInfo.Type; DuckDB's mapped to Trino names). */
  columns: TableColumn[];
  rows: Row[];
  queryId: string;
}

export interface QueryEngine {
  /**
   * Whether a statement reads a file's rows in file order, so that `row_number() over ()` over a raw table is the
   * row's place in the file. DuckDB (offline) does; Athena (Trino) does not promise it for a file it reads in
   * several splits, so there the raw table reads a gzip query copy (core/query-copy.ts), which is read as one split.
   */
  readonly keepsFileOrder: boolean;
  /** Runs one Trino statement in the tenant's database and workgroup; returns all rows. */
  query(sql: string, opts: { tenant: string; database: string }): Promise<QueryResult>;
}

export interface TableColumn {
  name: string;
  /** Trino/Hive type: varchar, bigint, double, decimal(18,3), date, timestamp, boolean. */
  type: string;
}

export interface CsvStorage {
  format: 'csv';
  delimiter: string;
  quote: string;
  encoding: 'utf-8' | 'windows-1252';
  headerRows: number;
}

/**
 * JSON lines: one JSON object per line, UTF-8, every column text (string). `keys` holds the JSON key each column is
 * read from (a column without an entry is read by its name). Keys match ignoring case, as Athena's OpenX JSON SerDe
 * does by default; the row of a line is its line number (no header). See core/jsonl/openx.ts for how values read.
 */
export interface JsonlStorage {
  format: 'jsonl';
  keys: Record<string, string>;
}

export interface ParquetStorage {
  format: 'parquet';
}

export interface TableDefinition {
  database: string;
  name: string;
  columns: TableColumn[];
  /** Folder URIs (s3://bucket/prefix/) whose files make up the table. */
  locations: string[];
  storage: CsvStorage | JsonlStorage | ParquetStorage;
  description?: string;
  /** Our own table parameters (Glue `Parameters`), e.g. the version a published table points at (core/table-pointer.ts). */
  parameters?: Record<string, string>;
}

/** The table catalog: Glue in AWS, a JSON catalog turned into DuckDB views locally. */
export interface Catalog {
  putTable(table: TableDefinition): Promise<void>;
  getTable(database: string, name: string): Promise<TableDefinition | undefined>;
  /** Removes a table from the catalog (its files stay); a missing table is fine. */
  deleteTable(database: string, name: string): Promise<void>;
  /**
   * Compare-and-swap: puts `table` only when `expect` holds for the table as it is now (undefined: none yet),
   * atomically against every other writer (Glue: UpdateTable with the VersionId read; locally under the catalog
   * lock). False when `expect` did not hold, and nothing changed.
   */
  swapTable(table: TableDefinition, expect: (current: TableDefinition | undefined) => boolean): Promise<boolean>;
  /** Every definition the table has had, oldest first, the current one last (Glue table versions). */
  tableHistory(database: string, name: string): Promise<TableDefinition[]>;
}

/**
 * Where a tenant's secrets stay (Secrets Manager in AWS, a 0600 file outside the lake offline). SQL never gets the
 * pseudonym key itself, only the name of a key table that reads it and that only the tenant's credentials can read.
 */
export interface KeyVault {
  /** Creates the tenant's pseudonym key when it has none and registers its key table in `database`; returns the table's name. */
  pseudonymKeyTable(tenant: string, database: string): Promise<string>;
}

export interface Clock {
  now(): Date;
}

export interface Ports {
  store: ObjectStore;
  engine: QueryEngine;
  catalog: Catalog;
  vault: KeyVault;
  clock: Clock;
  buckets: { landing: string; lake: string };
}

/** Starts the pipeline state machine; `started: false` when an execution with that name already exists. */
export interface WorkflowStarter {
  start(name: string, input: unknown): Promise<{ executionArn: string; started: boolean }>;
}
