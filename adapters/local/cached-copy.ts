import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { tempPathFor } from './process-owner';

const chunkBytes = 1 << 20;

/**
 * A copy of `file` that `write` derives into `cacheDir` (windows-1252 → UTF-8, JSON lines as Athena reads them),
 * cached by the file's path, size and mtime plus `variant`; written aside and renamed, so no reader sees half a copy.
 */
export function cachedCopy(file: string, cacheDir: string, opts: { ext: string; variant?: string }, write: (output: number) => void): string {
  const { size, mtimeMs } = statSync(file);
  const digest = createHash('sha256').update(`${file}\n${size}\n${mtimeMs}\n${opts.variant ?? ''}`).digest('hex').slice(0, 24);
  const target = join(cacheDir, `${digest}.${opts.ext}`);
  if (existsSync(target)) return target;
  mkdirSync(cacheDir, { recursive: true });
  const temp = tempPathFor(target, '.tmp');
  try {
    const output = openSync(temp, 'w');
    try {
      write(output);
    } finally {
      closeSync(output);
    }
    renameSync(temp, target);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  return target;
}

/** Reads `file` a chunk at a time; stops early when `push` returns false. */
export function forEachChunk(file: string, push: (chunk: Buffer) => boolean | void): void {
  const input = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(chunkBytes);
    for (let read = readSync(input, buffer); read > 0; read = readSync(input, buffer)) {
      if (push(buffer.subarray(0, read)) === false) return;
    }
  } finally {
    closeSync(input);
  }
}

export function writeAll(fd: number, bytes: Uint8Array): void {
  for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done);
}
