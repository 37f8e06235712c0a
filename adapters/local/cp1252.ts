import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * DuckDB's CSV reader has no windows-1252, and its latin-1 decoder refuses exactly the bytes 0x80–0x9F
 * where the two differ ("File is not latin-1 encoded"), so `encoding='latin-1'` + translate() cannot
 * work. Instead a windows-1252 file is read through a UTF-8 copy made with the WHATWG decoder, cached
 * by path, size and mtime. Athena reads the original; the rows are the same.
 */
export function utf8CopyOf(file: string, cacheDir: string): string {
  const { size, mtimeMs } = statSync(file);
  const digest = createHash('sha256').update(`${file}\n${size}\n${mtimeMs}`).digest('hex').slice(0, 24);
  const target = join(cacheDir, `${digest}.csv`);
  if (existsSync(target)) return target;
  mkdirSync(cacheDir, { recursive: true });
  const text = new TextDecoder('windows-1252').decode(readFileSync(file));
  const temp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(temp, text, 'utf8');
  renameSync(temp, target);
  return target;
}
