import { Cp1252ToUtf8 } from '../../core/csv/cp1252';
import { cachedCopy, forEachChunk, writeAll } from './cached-copy';

/**
 * DuckDB's CSV reader has no windows-1252, and its latin-1 decoder refuses exactly the bytes 0x80–0x9F
 * where the two differ ("File is not latin-1 encoded"), so `encoding='latin-1'` + translate() cannot
 * work. Instead a windows-1252 table's file is read through a UTF-8 copy made with the same transcoder ingest
 * uses for the decoded/ zone (core/csv/cp1252.ts), cached by path, size and mtime, written a chunk at a time.
 * Raw tables no longer come here (they read ingest's copy, as on Athena); any other windows-1252 table does.
 */
export function utf8CopyOf(file: string, cacheDir: string): string {
  return cachedCopy(file, cacheDir, { ext: 'csv' }, (output) => {
    const transcoder = new Cp1252ToUtf8();
    forEachChunk(file, (chunk) => writeAll(output, transcoder.push(chunk)));
    writeAll(output, transcoder.end());
  });
}
