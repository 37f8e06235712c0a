import { cp1252CodePoints } from '../core/csv/cp1252';

/** Text as Windows-1252 bytes (for synthetic files in that encoding); a character it lacks is an error. */
export function encodeCp1252(text: string): Uint8Array {
  const byCodePoint = new Map(cp1252CodePoints.map((cp, byte) => [cp, byte]));
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const byte = byCodePoint.get(text.charCodeAt(i));
    if (byte === undefined) throw new Error(`"${text[i]}" has no Windows-1252 byte`);
    out[i] = byte;
  }
  return out;
}
