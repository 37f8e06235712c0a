import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { Cp1252ToUtf8 } from '../../core/csv/cp1252';

const chunkBytes = 1 << 20;

/**
 * DuckDB's CSV reader has no windows-1252, and its latin-1 decoder refuses exactly the bytes 0x80–0x9F
 * where the two differ ("File is not latin-1 encoded"), so `encoding='latin-1'` + translate() cannot
 * work. Instead a windows-1252 table's file is read through a UTF-8 copy made with the same transcoder ingest
 * uses for the decoded/ zone (core/csv/cp1252.ts), cached by path, size and mtime, written a chunk at a time.
 * Raw tables no longer come here (they read ingest's copy, as on Athena); any other windows-1252 table does.
 */
export function utf8CopyOf(file: string, cacheDir: string): string {
  const { size, mtimeMs } = statSync(file);
  const digest = createHash('sha256').update(`${file}\n${size}\n${mtimeMs}`).digest('hex').slice(0, 24);
  const target = join(cacheDir, `${digest}.csv`);
  if (existsSync(target)) return target;
  mkdirSync(cacheDir, { recursive: true });
  const temp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
  const input = openSync(file, 'r');
  try {
    const output = openSync(temp, 'w');
    try {
      const transcoder = new Cp1252ToUtf8();
      const buffer = Buffer.alloc(chunkBytes);
      for (let read = readSync(input, buffer); read > 0; read = readSync(input, buffer)) {
        writeAll(output, transcoder.push(buffer.subarray(0, read)));
      }
      writeAll(output, transcoder.end());
    } finally {
      closeSync(output);
    }
    renameSync(temp, target);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  } finally {
    closeSync(input);
  }
  return target;
}

function writeAll(fd: number, bytes: Uint8Array): void {
  for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done);
}
