import { describe, expect, it } from 'vitest';
import { Cp1252ToUtf8, cp1252CodePoints, cp1252ToUtf8, cp1252ToUtf8Stream } from '../../../../core/csv/cp1252';

const allBytes = Uint8Array.from({ length: 256 }, (_, i) => i);
const utf8 = (text: string) => new TextEncoder().encode(text);

/** A deterministic pseudo-random sequence (no flaky tests): xorshift32. */
function random(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 0x1_0000_0000;
  };
}

async function* chunked(bytes: Uint8Array, cuts: number[]): AsyncGenerator<Uint8Array> {
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    // fresh arrays, as a stream hands them out
    yield bytes.slice(from, cut);
    from = cut;
  }
}

async function collect(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return new Uint8Array(Buffer.concat(parts));
}

describe('windows-1252 → UTF-8 (core/csv/cp1252)', () => {
  it('maps every one of the 256 bytes like the WHATWG windows-1252 decoder', () => {
    const decoder = new TextDecoder('windows-1252');
    for (const b of allBytes) {
      const expected = utf8(decoder.decode(Uint8Array.of(b)));
      expect([b, [...cp1252ToUtf8(Uint8Array.of(b))]]).toEqual([b, [...expected]]);
      expect(String.fromCodePoint(cp1252CodePoints[b]!)).toBe(decoder.decode(Uint8Array.of(b)));
    }
    expect(cp1252ToUtf8(allBytes)).toEqual(utf8(decoder.decode(allBytes)));
  });

  it('puts the 27 characters of 0x80–0x9F where cp1252 has them, and the undefined five as C1 controls', () => {
    const text = new TextDecoder().decode(cp1252ToUtf8(allBytes.subarray(0x80, 0xa0)));
    expect(text).toBe('€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ');
    expect(new TextDecoder().decode(cp1252ToUtf8(allBytes.subarray(0xe8, 0xf0)))).toBe('èéêëìíîï');
  });

  it('returns a new array, even for ASCII, and an empty one for nothing', () => {
    const ascii = utf8('id;naam\n');
    const out = cp1252ToUtf8(ascii);
    expect(out).toEqual(ascii);
    expect(out.buffer).not.toBe(ascii.buffer);
    expect(cp1252ToUtf8(new Uint8Array())).toEqual(new Uint8Array());
  });

  it('gives the same bytes whichever way the file is cut into chunks', async () => {
    const next = random(1252);
    const file = Uint8Array.from({ length: 5000 }, () => Math.floor(next() * 256));
    file[0] = 0x80; // not a byte order mark
    const whole = cp1252ToUtf8(file);
    // every single cut, then random cuts, then one byte per chunk
    for (let cut = 0; cut <= 64; cut++) expect(await collect(cp1252ToUtf8Stream(chunked(file, [cut])))).toEqual(whole);
    for (let round = 0; round < 20; round++) {
      const cuts = Array.from({ length: 1 + Math.floor(next() * 30) }, () => Math.floor(next() * file.length)).sort((a, b) => a - b);
      expect(await collect(cp1252ToUtf8Stream(chunked(file, cuts)))).toEqual(whole);
    }
    const bytewise = Array.from({ length: 300 }, (_, i) => i + 1);
    expect(await collect(cp1252ToUtf8Stream(chunked(file.subarray(0, 301), bytewise)))).toEqual(cp1252ToUtf8(file.subarray(0, 301)));
  });

  it('drops a leading UTF-8 byte order mark, as the pre-check reads it, wherever the chunks split it', async () => {
    const file = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('id;naam\r\n1;"Caf\xe9; \x80 5"\r\n', 'latin1')]);
    const expected = utf8('id;naam\r\n1;"Café; € 5"\r\n');
    for (const cuts of [[], [1], [2], [3], [1, 2], [0, 1, 2, 3, 4]]) {
      expect(new TextDecoder().decode(await collect(cp1252ToUtf8Stream(chunked(file, cuts))))).toBe(new TextDecoder().decode(expected));
    }
    // only at the start: later, those bytes are "ï»¿" like any others
    expect(await collect(cp1252ToUtf8Stream(chunked(Buffer.from([0x41, 0xef, 0xbb, 0xbf]), [2])))).toEqual(utf8('Aï»¿'));
  });

  it('keeps files shorter than a byte order mark, and the first bytes of one that only starts like it', async () => {
    for (const bytes of [[], [0xef], [0xef, 0xbb], [0xef, 0xbb, 0x41], [0x41, 0x42]]) {
      const file = Uint8Array.from(bytes);
      expect(await collect(cp1252ToUtf8Stream(chunked(file, bytes.map((_, i) => i))))).toEqual(cp1252ToUtf8(file));
    }
    const transcoder = new Cp1252ToUtf8();
    expect(transcoder.push(Uint8Array.of(0xef))).toEqual(new Uint8Array());
    expect(transcoder.end()).toEqual(utf8('ï'));
  });
});
