/**
 * Windows-1252 → UTF-8, chunk by chunk. Every windows-1252 byte is one character on its own, so a file can be
 * cut into chunks anywhere and transcoded without holding it whole (uploads run to hundreds of MB).
 *
 * Why a UTF-8 copy at all: Athena's CSV SerDe that understands quotes (OpenCSVSerde) reads only UTF-8, and the
 * one that honours an encoding (LazySimpleSerDe) knows no quotes; DuckDB's CSV reader has no windows-1252 either.
 * So ingest writes a UTF-8 copy next to the kept upload (zone decoded/, see core/keys.ts) and the raw table reads
 * that; the local catalog makes the same copy for any windows-1252 table.
 *
 * The mapping is the WHATWG one (`new TextDecoder('windows-1252')`): 0x00–0x7F and 0xA0–0xFF are the code points of
 * the same value, 0x80–0x9F are the 27 characters below, and the five bytes windows-1252 leaves undefined (0x81,
 * 0x8D, 0x8F, 0x90, 0x9D) become the C1 controls of the same value. It is written out here rather than taken from
 * the runtime's decoder, which depends on how Node was built (ICU) and has had this range wrong.
 */

/** Code points of 0x80–0x9F. */
const c1 = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

/** The code point of each byte. */
export const cp1252CodePoints: readonly number[] = Array.from({ length: 256 }, (_, b) => (b >= 0x80 && b < 0xa0 ? (c1[b - 0x80] as number) : b));

/** UTF-8 length of each byte's character: 1 (ASCII), 2 (up to U+07FF) or 3. */
const width = Uint8Array.from(cp1252CodePoints, (cp) => (cp < 0x80 ? 1 : cp < 0x800 ? 2 : 3));

/**
 * The UTF-8 bytes of windows-1252 bytes: exactly what `TextEncoder` gives for `new TextDecoder('windows-1252')`'s
 * text (a leading EF BB BF included: that is "ï»¿" in windows-1252; see `Cp1252ToUtf8` for the stream's start).
 * Always a new array, never the input: callers may keep the chunks they get.
 */
export function cp1252ToUtf8(bytes: Uint8Array): Uint8Array {
  let length = 0;
  for (let i = 0; i < bytes.length; i++) length += width[bytes[i] as number] as number;
  const out = new Uint8Array(length);
  let o = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      out[o++] = b;
      continue;
    }
    const cp = cp1252CodePoints[b] as number;
    if (cp < 0x800) {
      out[o++] = 0xc0 | (cp >> 6);
      out[o++] = 0x80 | (cp & 0x3f);
    } else {
      out[o++] = 0xe0 | (cp >> 12);
      out[o++] = 0x80 | ((cp >> 6) & 0x3f);
      out[o++] = 0x80 | (cp & 0x3f);
    }
  }
  return out;
}

const bom = [0xef, 0xbb, 0xbf] as const;

/**
 * A windows-1252 file as a stream of chunks → its UTF-8 bytes, chunk by chunk.
 *
 * One thing differs from `cp1252ToUtf8` over the whole file: a file that starts with the UTF-8 byte order mark
 * EF BB BF loses it. Those bytes are "ï»¿" in windows-1252, which no real file starts with; the pre-check reads
 * them as a byte order mark (and passes such a file under a windows-1252 contract only when the rest is ASCII), so
 * the copy leaves them out as well: the header and the first value are then what the pre-check saw.
 */
export class Cp1252ToUtf8 {
  /** The first bytes of the file while they may still be a byte order mark. */
  private start: number[] | undefined = [];

  /** The UTF-8 bytes of the next chunk (possibly empty: the first two bytes wait for the third). */
  push(chunk: Uint8Array): Uint8Array {
    if (this.start === undefined) return cp1252ToUtf8(chunk);
    let i = 0;
    while (i < chunk.length && this.start.length < bom.length) this.start.push(chunk[i++] as number);
    if (this.start.length < bom.length) return new Uint8Array();
    const head = this.start;
    this.start = undefined;
    const rest = cp1252ToUtf8(chunk.subarray(i));
    if (head.every((b, j) => b === bom[j])) return rest;
    return concat(cp1252ToUtf8(Uint8Array.from(head)), rest);
  }

  /** What is still held back at the end of the file (a file shorter than a byte order mark). */
  end(): Uint8Array {
    const head = this.start ?? [];
    this.start = undefined;
    return cp1252ToUtf8(Uint8Array.from(head));
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/** `Cp1252ToUtf8` over an async stream of chunks; empty chunks are left out. */
export async function* cp1252ToUtf8Stream(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const transcoder = new Cp1252ToUtf8();
  for await (const chunk of chunks) {
    const out = transcoder.push(chunk);
    if (out.length > 0) yield out;
  }
  const last = transcoder.end();
  if (last.length > 0) yield last;
}
