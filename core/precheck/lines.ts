import { constants, gunzipSync } from 'node:zlib';

/** Bytes the pre-check reads from the start of a file: enough for the header, the dialect and the first rows. */
export const HEAD_BYTES = 64 * 1024;

/**
 * 1-based line of a byte offset. LF, CR and CRLF each end a line: DuckDB's CSV reader and the line reader behind
 * Athena's SerDes (Hadoop's LineReader) both do so, and so does an editor, so CSV and JSON lines findings name the
 * line people see.
 */
export function lineOfByte(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < bytes.length; i++) {
    if (bytes[i] === 0x0a) line += 1;
    else if (bytes[i] === 0x0d && bytes[i + 1] !== 0x0a) line += 1;
  }
  return line;
}

/** The head of a gzip file, inflated as far as it goes (a truncated stream still inflates up to where it stops); the bytes as they are when they are not gzip. */
export function gunzipHead(bytes: Uint8Array): Uint8Array {
  try {
    return gunzipSync(bytes, { finishFlush: constants.Z_SYNC_FLUSH }).subarray(0, HEAD_BYTES);
  } catch {
    return bytes;
  }
}
