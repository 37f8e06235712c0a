/**
 * What the first bytes say: a known binary format, UTF-16, UTF-8 (with or without byte order mark) or, when the
 * bytes are not valid UTF-8, Windows-1252 (what Excel writes for "CSV (comma delimited)" on Dutch Windows).
 */

export type BinaryKind = 'zip' | 'xls' | 'pdf' | 'gzip' | 'parquet' | 'nul';

const signatures: { kind: BinaryKind; bytes: number[] }[] = [
  { kind: 'zip', bytes: [0x50, 0x4b, 0x03, 0x04] }, // PK\3\4: XLSX, DOCX, ODS, ZIP
  { kind: 'zip', bytes: [0x50, 0x4b, 0x05, 0x06] }, // empty ZIP
  { kind: 'xls', bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1] }, // OLE2: old .xls
  { kind: 'pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
  { kind: 'gzip', bytes: [0x1f, 0x8b] },
  { kind: 'parquet', bytes: [0x50, 0x41, 0x52, 0x31] }, // PAR1
];

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.length <= bytes.length && prefix.every((b, i) => bytes[i] === b);
}

export interface BinarySniff {
  kind: BinaryKind;
  /** For `nul`: offset of the first NUL byte. */
  offset?: number;
}

/** A known binary signature, or NUL bytes (text files have none). Call after ruling out UTF-16. */
export function sniffBinary(bytes: Uint8Array): BinarySniff | undefined {
  for (const s of signatures) if (startsWith(bytes, s.bytes)) return { kind: s.kind };
  const offset = bytes.indexOf(0);
  return offset >= 0 ? { kind: 'nul', offset } : undefined;
}

/** UTF-16 by its byte order mark, or (without one) by NUL bytes at every other position of mostly-ASCII text. */
export function sniffUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  if (startsWith(bytes, [0xff, 0xfe])) return 'utf-16le';
  if (startsWith(bytes, [0xfe, 0xff])) return 'utf-16be';
  const n = Math.min(bytes.length - (bytes.length % 2), 1024);
  if (n < 4) return undefined;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenNul += 1;
    if (bytes[i + 1] === 0) oddNul += 1;
  }
  const pairs = n / 2;
  if (oddNul >= pairs * 0.7 && evenNul === 0) return 'utf-16le';
  if (evenNul >= pairs * 0.7 && oddNul === 0) return 'utf-16be';
  return undefined;
}

export function hasUtf8Bom(bytes: Uint8Array): boolean {
  return startsWith(bytes, [0xef, 0xbb, 0xbf]);
}

/**
 * Offsets of invalid UTF-8 sequences (at most `limit` are listed; `count` counts them all).
 * With `truncated`, a sequence cut off by the end of the head is not an error.
 */
export function invalidUtf8(bytes: Uint8Array, truncated: boolean, limit = 5): { count: number; offsets: number[] } {
  const offsets: number[] = [];
  let count = 0;
  const n = bytes.length;
  let i = 0;
  const bad = (at: number) => {
    count += 1;
    if (offsets.length < limit) offsets.push(at);
  };
  while (i < n) {
    const x = bytes[i] as number;
    if (x < 0x80) {
      i += 1;
      continue;
    }
    let need = 0;
    if (x >= 0xc2 && x <= 0xdf) need = 1;
    else if (x >= 0xe0 && x <= 0xef) need = 2;
    else if (x >= 0xf0 && x <= 0xf4) need = 3;
    else {
      bad(i);
      i += 1;
      continue;
    }
    let ok = true;
    let k = 1;
    for (; k <= need && i + k < n; k++) {
      if (((bytes[i + k] as number) & 0xc0) !== 0x80) {
        ok = false;
        break;
      }
    }
    const second = bytes[i + 1];
    if (ok && second !== undefined) {
      if ((x === 0xe0 && second < 0xa0) || (x === 0xed && second > 0x9f)) ok = false; // overlong, surrogates
      if ((x === 0xf0 && second < 0x90) || (x === 0xf4 && second > 0x8f)) ok = false; // overlong, > U+10FFFF
    }
    if (ok && i + need >= n && !truncated) ok = false; // cut off at the real end of the file
    if (!ok) {
      bad(i);
      i += 1;
      continue;
    }
    i += need + 1;
  }
  return { count, offsets };
}

export interface EncodingSniff {
  /** utf-8 also covers plain ASCII (`ascii: true`), which is valid in both encodings. */
  encoding: 'utf-8' | 'windows-1252';
  bom: boolean;
  ascii: boolean;
  /** For windows-1252: the bytes that are not valid UTF-8. */
  invalid: { count: number; offsets: number[] };
}

export function sniffEncoding(bytes: Uint8Array, truncated: boolean): EncodingSniff {
  const bom = hasUtf8Bom(bytes);
  const body = bom ? bytes.subarray(3) : bytes;
  const ascii = body.every((b) => b < 0x80);
  if (ascii) return { encoding: 'utf-8', bom, ascii, invalid: { count: 0, offsets: [] } };
  const invalid = invalidUtf8(body, truncated);
  if (invalid.count === 0 || bom) return { encoding: 'utf-8', bom, ascii, invalid };
  return { encoding: 'windows-1252', bom, ascii, invalid };
}

/** Bytes → text, without the byte order mark; a character cut off by the end of a head is dropped. */
export function decode(bytes: Uint8Array, encoding: 'utf-8' | 'windows-1252', bom: boolean): string {
  const body = bom ? bytes.subarray(3) : bytes;
  return new TextDecoder(encoding, { ignoreBOM: true }).decode(body, { stream: true });
}
