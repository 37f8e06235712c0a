import { createHash } from 'node:crypto';
import { pipeline, Readable, type Transform } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { Contract } from '../schemas/contract';
import { headerRows } from './contract/raw-table';

/**
 * What ingest learns about an upload while it streams it once, independent of the query engine: the SHA-256 of the
 * bytes as uploaded (content identity), their size inflated, and the number of records counted with the contract's
 * dialect. write-report reconciles the count with what the engine read: a reader that stops early or drops a line
 * (DuckDB drops a last line longer than its buffer without an error, even in strict mode) cannot go unnoticed.
 */

export interface IntakeDialect {
  format: 'csv' | 'jsonl';
  /** CSV: a quoted value may hold line breaks and delimiters; '' = no quoting. Only a one-byte (ASCII) quote counts. */
  quote: string;
  delimiter: string;
  /** Lines before the first record (a CSV header). */
  headerRows: number;
}

/**
 * Counts records in a byte stream as the engines split them: a line break (LF, CRLF or a lone CR) ends a record
 * unless it is inside a quoted value; a CSV value is quoted only when the quote is its first character, and `""`
 * inside it is one quote (core/csv/parse.ts reads heads by the same rules). Works on bytes: the quote, delimiter and
 * line breaks are ASCII, the same bytes in UTF-8 and windows-1252. An empty line is counted apart: DuckDB skips
 * one in a CSV file, Athena reads a row of NULLs, so an engine may read either.
 */
export class RecordCounter {
  /** Non-empty records after the header rows. */
  records = 0;
  /** Empty lines after the header rows (outside quoted values). */
  emptyLines = 0;
  /** Line where the last record started (1-based, as an editor shows it). */
  lastRecordLine: number | undefined;
  /** Line where record number `locate` (1-based, counting non-empty records after the header) starts. */
  located: number | undefined;

  private readonly quote: number;
  private readonly delimiter: number;
  private line = 1;
  private lineStart = true;
  private recordLine = 1;
  private fieldStart = true;
  private inQuote = false;
  private quoteClosed = false;
  private pendingCr = false;
  private headerLeft: number;

  constructor(
    dialect: IntakeDialect,
    private readonly locate?: number,
  ) {
    const byte = (s: string) => (s.length === 1 && s.charCodeAt(0) < 0x80 ? s.charCodeAt(0) : -1);
    this.quote = dialect.format === 'csv' ? byte(dialect.quote) : -1;
    this.delimiter = dialect.format === 'csv' ? byte(dialect.delimiter) : -1;
    this.headerLeft = dialect.headerRows;
  }

  push(chunk: Uint8Array): void {
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i] as number;
      if (this.pendingCr) {
        this.pendingCr = false;
        if (b === 0x0a) continue; // CRLF: one line break, already counted at the CR
      }
      if (this.inQuote) {
        if (b === this.quote) {
          this.inQuote = false;
          this.quoteClosed = true;
        } else if (b === 0x0a || b === 0x0d) {
          this.line++;
          this.pendingCr = b === 0x0d;
        }
        continue;
      }
      if (b === 0x0a || b === 0x0d) {
        this.endRecord();
        this.pendingCr = b === 0x0d;
        continue;
      }
      if (this.lineStart) {
        this.lineStart = false;
        this.recordLine = this.line;
      }
      if (this.quoteClosed && b === this.quote) {
        this.inQuote = true; // "" inside a quoted value
      } else if (b === this.quote && this.fieldStart) {
        this.inQuote = true;
      }
      this.quoteClosed = false;
      this.fieldStart = b === this.delimiter;
    }
  }

  /** The text ended: a last record without a line break still counts. */
  end(): void {
    if (!this.lineStart || this.inQuote) this.endRecord();
  }

  private endRecord(): void {
    const empty = this.lineStart;
    if (this.headerLeft > 0) this.headerLeft--;
    else if (empty) this.emptyLines++;
    else {
      this.records++;
      this.lastRecordLine = this.recordLine;
      if (this.records === this.locate) this.located = this.recordLine;
    }
    this.line++;
    this.lineStart = true;
    this.fieldStart = true;
    this.inQuote = false;
    this.quoteClosed = false;
  }
}

export interface IntakeLimits {
  /** Bytes after inflating a gzip upload (the upload's size otherwise). */
  maxBytes?: number;
  /** Records after the header. */
  maxRows?: number;
}

/** A limit stopped the count: the load is rejected without reading further. */
export class IntakeLimitError extends Error {
  override name = 'IntakeLimitError';
  constructor(
    readonly kind: 'bytes' | 'rows',
    readonly max: number,
  ) {
    super(`the upload is larger than the limit of ${max} ${kind}`);
  }
}

/** The SHA-256 and size of the bytes as they pass, without changing them. */
export class ByteTap {
  bytes = 0;
  private readonly hash = createHash('sha256');

  async *pass(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
    for await (const chunk of chunks) {
      this.bytes += chunk.length;
      this.hash.update(chunk);
      yield chunk;
    }
  }

  digest(): string {
    return this.hash.digest('hex');
  }
}

/** Counts the records of the text as it passes and stops it at a limit (IntakeLimitError). */
export class TextTap {
  bytes = 0;
  readonly counter: RecordCounter;

  constructor(
    dialect: IntakeDialect,
    private readonly limits: IntakeLimits = {},
  ) {
    this.counter = new RecordCounter(dialect);
  }

  async *pass(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
    const { maxBytes, maxRows } = this.limits;
    for await (const chunk of chunks) {
      this.bytes += chunk.length;
      if (maxBytes !== undefined && this.bytes > maxBytes) throw new IntakeLimitError('bytes', maxBytes);
      this.counter.push(chunk);
      if (maxRows !== undefined && this.counter.records > maxRows) throw new IntakeLimitError('rows', maxRows);
      yield chunk;
    }
    this.counter.end();
    if (maxRows !== undefined && this.counter.records > maxRows) throw new IntakeLimitError('rows', maxRows);
  }
}

/** The line where record `n` starts (1-based, non-empty records after the header); undefined when there are fewer. */
export async function lineOfRecord(text: AsyncIterable<Uint8Array>, dialect: IntakeDialect, n: number): Promise<number | undefined> {
  const counter = new RecordCounter(dialect, n);
  for await (const chunk of text) {
    counter.push(chunk);
    if (counter.located !== undefined) return counter.located;
  }
  counter.end();
  return counter.located;
}

/** What the intake reads a file as: the contract's dialect, or plain CSV with a header for a dataset without one. */
export function dialectOf(contract: Contract | undefined): IntakeDialect {
  if (!contract) return { format: 'csv', quote: '"', delimiter: ',', headerRows: 1 };
  return {
    // GeoJSON is counted in its JSON lines copy, one row per feature
    format: contract.file.format === 'csv' ? 'csv' : 'jsonl',
    quote: contract.file.quote,
    delimiter: contract.file.delimiter,
    headerRows: headerRows(contract),
  };
}

/** The chunks of `source` through a zlib transform; an error on either side ends the iteration with that error. */
export function through(source: AsyncIterable<Uint8Array>, transform: Transform): AsyncIterable<Uint8Array> {
  // pipeline destroys every stream with the first error, so iterating the transform throws it
  return pipeline(Readable.from(source, { objectMode: false }), transform, () => undefined);
}

export function gunzipStream(source: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array> {
  return through(source, createGunzip());
}

/** zlib's errors for data that is not (whole) gzip: Z_DATA_ERROR, Z_BUF_ERROR ("unexpected end of file"), … */
export function isZlibDataError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^Z_/.test(code);
}

/** The smaller of the limits that are set. */
export function tighter(...limits: (number | undefined)[]): number | undefined {
  const set = limits.filter((l): l is number => l !== undefined);
  return set.length > 0 ? Math.min(...set) : undefined;
}
