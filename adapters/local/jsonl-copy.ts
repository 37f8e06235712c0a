import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { JsonSyntaxError, lineValues } from '../../core/jsonl';
import { cachedCopy, forEachChunk, writeAll } from './cached-copy';
import { isGzipName } from '../../core/query-copy';

/** Output is written in pieces of about this many characters. */
const flushAt = 1 << 20;

/** Column of the copy that carries a read error; contract names start with a letter, so it never clashes. */
export const errorColumn = '_polder_error';

/**
 * DuckDB's JSON reader does not read a JSON lines file the way Athena does: it writes numbers back from doubles
 * (`1.50` → `1.5`, `1e3` → `1000.0`, where Athena gives `1.50` and `1E+3`), matches keys with their case, skips
 * empty lines (Athena reads them as rows without values, so every later row would get another line number), accepts
 * some broken lines (a trailing comma) and names the wrong line in its errors. So a JSON lines table is read through
 * a copy made with Athena's rules (core/jsonl/openx.ts): one line per line of the file, each an object of the
 * table's columns holding the text Athena gives (`{}` for a row without values), which DuckDB then reads as plain
 * strings. The first line that cannot be read ends the copy with a row `{"_polder_error": "…line N…"}`; the view
 * turns that row into a query error, so the load fails where DuckDB's own reader error would, naming the line.
 * Cached by path, size, mtime and the columns' keys. A gzip file is inflated whole, in memory.
 */
export function jsonlCopyOf(file: string, cacheDir: string, columns: readonly { name: string; key: string }[]): string {
  return cachedCopy(file, cacheDir, { ext: 'jsonl', variant: JSON.stringify(columns) }, (output) => {
    const writer = new CopyWriter(output, basename(file), columns);
    if (isGzipName(file)) writer.push(gunzipSync(readFileSync(file)));
    else forEachChunk(file, (chunk) => (writer.push(chunk), !writer.stopped));
    writer.end();
  });
}

/** A lone surrogate (from a `\ud800` escape) cannot be written as UTF-8: it becomes U+FFFD. */
function wellFormed(text: string): string {
  return /[\ud800-\udfff]/.test(text) ? text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd') : text;
}

class CopyWriter {
  /** A UTF-8 byte order mark at the start is dropped (the decoder's default), as Athena's line reader does. */
  private readonly decoder = new TextDecoder('utf-8');
  private readonly keys: string[];
  private readonly names: string[];
  private carry = '';
  private line = 0;
  private out: string[] = [];
  private outLength = 0;
  stopped = false;

  constructor(
    private readonly fd: number,
    private readonly fileName: string,
    columns: readonly { name: string; key: string }[],
  ) {
    this.keys = columns.map((c) => c.key);
    this.names = columns.map((c) => JSON.stringify(c.name));
  }

  push(bytes: Uint8Array): void {
    this.feed(this.decoder.decode(bytes, { stream: true }), false);
    this.flush(false);
  }

  end(): void {
    this.feed(this.decoder.decode(), true);
    this.flush(true);
  }

  /** Lines end at LF, CR or CRLF; a CR at the end of a chunk waits for the next one (it may be a CRLF). */
  private feed(chunk: string, final: boolean): void {
    if (this.stopped) return;
    const text = this.carry + chunk;
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c !== 0x0a && c !== 0x0d) continue;
      if (c === 0x0d && i === text.length - 1 && !final) break;
      this.emit(text.slice(start, i));
      if (this.stopped) return;
      if (c === 0x0d && text.charCodeAt(i + 1) === 0x0a) i += 1;
      start = i + 1;
    }
    this.carry = text.slice(start);
    if (final && this.carry !== '') {
      this.emit(this.carry);
      this.carry = '';
    }
  }

  private emit(text: string): void {
    this.line += 1;
    let values: (string | null)[];
    try {
      values = lineValues(text, this.keys);
    } catch (error) {
      if (!(error instanceof JsonSyntaxError)) throw error;
      const message = `Malformed JSON in ${this.fileName} on line ${this.line}: ${error.problem} (character ${error.offset + 1 + (text.length - text.replace(/^[\u0000-\u0020]+/, '').length)})`;
      this.write(`{${JSON.stringify(errorColumn)}:${JSON.stringify(message)}}\n`);
      this.stopped = true;
      return;
    }
    const members: string[] = [];
    values.forEach((v, i) => {
      if (v !== null) members.push(`${this.names[i]}:${JSON.stringify(wellFormed(v))}`);
    });
    this.write(`{${members.join(',')}}\n`);
  }

  private write(text: string): void {
    this.out.push(text);
    this.outLength += text.length;
    if (this.outLength >= flushAt) this.flush(false);
  }

  private flush(force: boolean): void {
    if (!force && this.outLength < flushAt) return;
    if (this.out.length === 0) return;
    const bytes = Buffer.from(this.out.join(''), 'utf8');
    writeAll(this.fd, bytes);
    this.out = [];
    this.outLength = 0;
  }
}
