/**
 * How Athena reads a JSON lines file through the OpenX JSON SerDe (`org.openx.data.jsonserde.JsonSerDe`), for raw
 * tables whose columns are all `string`. Athena engine 3 is Trino, whose reader for that SerDe is
 * trino-hive-formats' OpenXJsonDeserializer (with TextLineReader and JsonWriter); these are its rules, so that the
 * local runtime (adapters/local/jsonl-copy.ts), the pre-check and `contract infer` see every value as the same text:
 *
 * - Lines end at LF, CR or CRLF; no line follows the last line end. A UTF-8 byte order mark at the start is skipped.
 * - A line is trimmed (Java `String.trim`: characters up to U+0020). One that then does not start with `{` or `[`
 *   (an empty line, `42`, `"text"`) is a row with every column NULL.
 * - An object's keys match columns ignoring case (`case.insensitive`, true by default); a column's key is its
 *   `mapping.<column>` SerDe parameter, else its name. When keys repeat (also in another case), the last one counts.
 *   An array line gives its elements to the columns by position.
 * - Text for a string column: a JSON string is its content (escapes decoded), `null` is NULL, `true`/`false` as
 *   written; a number is rewritten the way Java writes it: a whole number that fits in a long as a plain integer
 *   (`-0` → `0`), any other as `BigDecimal.toString()` (`1.50` stays `1.50`, `1e3` → `1E+3`, `1e-7` → `1E-7`); an
 *   object or array is compact JSON with its numbers rewritten the same way (`{"a": 1.0}` → `{"a":1.0}`).
 *
 * Athena's parser is also more lenient than JSON (unquoted and single-quoted text, comments, text after the closing
 * brace); the pre-check and the local runtime are not: there a line that starts with `{` or `[` must be valid JSON.
 */
import { JsonNumber, JsonObject, type JsonValue, parseJson } from './parse';

const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

/**
 * A number's text as Java writes it back: `Long.parseLong` when that succeeds, else `new BigDecimal(raw).toString()`.
 * `raw` is a JSON number (see parse.ts), so no hexadecimal or octal forms reach here.
 */
export function canonicalNumber(raw: string): string {
  const m = /^(-?)([0-9]+)(?:\.([0-9]+))?(?:[eE]([+-]?[0-9]+))?$/.exec(raw);
  if (!m) return raw;
  const [, sign = '', whole = '', fraction, exponent] = m;
  if (fraction === undefined && exponent === undefined) {
    const n = BigInt(`${sign}${whole}`);
    if (n >= LONG_MIN && n <= LONG_MAX) return n.toString(); // -0 → 0
  }
  // BigDecimal: unscaled value and scale; an exponent beyond an int is a NumberFormatException, and then the
  // value is kept as written
  const exp = exponent === undefined ? 0 : Number(exponent);
  const scale = (fraction?.length ?? 0) - exp;
  if (!Number.isSafeInteger(exp) || scale < -(2 ** 31) || scale > 2 ** 31 - 1) return raw;
  const unscaled = BigInt(`${whole}${fraction ?? ''}`);
  const coefficient = unscaled.toString();
  const negative = sign === '-' && unscaled !== 0n;
  return (negative ? '-' : '') + bigDecimalLayout(coefficient, scale);
}

/** `BigDecimal.toString()` of a non-negative unscaled value (as digits) and a scale. */
function bigDecimalLayout(coefficient: string, scale: number): string {
  if (scale === 0) return coefficient;
  const adjusted = -scale + (coefficient.length - 1);
  if (scale > 0 && adjusted >= -6) {
    const pad = scale - coefficient.length;
    if (pad >= 0) return `0.${'0'.repeat(pad)}${coefficient}`;
    return `${coefficient.slice(0, coefficient.length - scale)}.${coefficient.slice(coefficient.length - scale)}`;
  }
  const mantissa = coefficient.length > 1 ? `${coefficient[0]}.${coefficient.slice(1)}` : coefficient;
  return adjusted === 0 ? mantissa : `${mantissa}E${adjusted > 0 ? '+' : ''}${adjusted}`;
}

/** A JSON string literal as Trino's JsonWriter writes it (`</` becomes `<\/`, control characters escaped). */
function writeString(value: string): string {
  let out = '"';
  for (let i = 0; i < value.length; i++) {
    const unit = value[i] as string;
    const code = value.charCodeAt(i);
    if (unit === '"' || unit === '\\') out += `\\${unit}`;
    else if (unit === '/') out += value[i - 1] === '<' ? '\\/' : '/';
    else if (unit === '\t') out += '\\t';
    else if (unit === '\b') out += '\\b';
    else if (unit === '\n') out += '\\n';
    else if (unit === '\r') out += '\\r';
    else if (unit === '\f') out += '\\f';
    else if (code <= 0x1f) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += unit;
  }
  return `${out}"`;
}

/**
 * An object's members as the reader keeps them: keys compared ignoring case, a repeated key replaces the earlier
 * one and moves to the end (Java's LinkedHashMap remove + put), under the spelling it was last written in.
 */
export function members(object: JsonObject): Map<string, { key: string; value: JsonValue }> {
  const map = new Map<string, { key: string; value: JsonValue }>();
  for (const [key, value] of object.entries) {
    const folded = key.toLowerCase();
    map.delete(folded);
    map.set(folded, { key, value });
  }
  return map;
}

/** Compact JSON as Trino's JsonWriter renders a nested value for a string column. */
export function renderJson(value: JsonValue): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return writeString(value);
  if (value instanceof JsonNumber) return canonicalNumber(value.raw);
  if (value instanceof JsonObject) {
    return `{${[...members(value).values()].map((m) => `${writeString(m.key)}:${renderJson(m.value)}`).join(',')}}`;
  }
  return `[${value.map(renderJson).join(',')}]`;
}

/** The text a string column holds for a JSON value (NULL for JSON null). */
export function columnText(value: JsonValue): string | null {
  if (value === null) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  if (value instanceof JsonNumber) return canonicalNumber(value.raw);
  return renderJson(value);
}

/** Java's String.trim(): characters up to U+0020 off both ends. */
export function javaTrim(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && text.charCodeAt(start) <= 0x20) start += 1;
  while (end > start && text.charCodeAt(end - 1) <= 0x20) end -= 1;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

/** Does the reader parse this line (else it is a row without values)? */
export function isParsedLine(line: string): boolean {
  const t = javaTrim(line);
  return t.startsWith('{') || t.startsWith('[');
}

/**
 * The values of one line for columns read by these keys (in column order), as text; NULL for a key the line
 * lacks. Throws JsonSyntaxError for a line that starts with `{` or `[` but is not valid JSON.
 */
export function lineValues(line: string, keys: readonly string[]): (string | null)[] {
  const t = javaTrim(line);
  if (!(t.startsWith('{') || t.startsWith('['))) return keys.map(() => null);
  const value = parseJson(t);
  if (Array.isArray(value)) return keys.map((_, i) => columnText(value[i] ?? null));
  const byKey = members(value as JsonObject);
  return keys.map((k) => {
    const m = byKey.get(k.toLowerCase());
    return m === undefined ? null : columnText(m.value);
  });
}

/**
 * Splits text into lines as the reader does: at LF, CR or CRLF; the text after the last line end is a line only
 * when it is not empty. `offset` is where each line starts in the text.
 */
export function splitLines(text: string): { text: string; offset: number }[] {
  const lines: { text: string; offset: number }[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x0a && c !== 0x0d) continue;
    lines.push({ text: text.slice(start, i), offset: start });
    if (c === 0x0d && text.charCodeAt(i + 1) === 0x0a) i += 1;
    start = i + 1;
  }
  if (start < text.length) lines.push({ text: text.slice(start), offset: start });
  return lines;
}
