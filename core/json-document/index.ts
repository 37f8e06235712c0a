/**
 * A JSON document as rows (`file.format: json`): exports and APIs that write one JSON value rather than one object
 * per line. An array of objects gives a row per object. Nested objects give a row per innermost object (one whose
 * values are not objects), with the keys on the way to it as `key_1`, `key_2`, …: `{"Criminality": {"Centrum":
 * {"2014": 124}}}` is the row `{key_1: Criminality, key_2: Centrum, 2014: 124}`. The rows become a JSON lines query
 * copy, read like any JSON lines file; the line of a row is its position (1 = the first row). The document is read
 * whole, so it is limited to MAX_DOCUMENT_BYTES; larger data belongs in JSON lines.
 */
import { aKind, JsonNumber, JsonObject, JsonSyntaxError, type JsonValue, parseJson } from '../jsonl';
import { say, type Texts } from '../worded-error';
import { writeJson } from '../geojson';

export const MAX_DOCUMENT_BYTES = 64 * 1024 * 1024;

export class JsonDocumentError extends Error {
  override name = 'JsonDocumentError';
  /** What is wrong, in English words. */
  readonly problem: string;
  constructor(
    /** What is wrong, in each language. */
    readonly said: Texts,
    /** 1-based line in the file. */
    readonly line: number,
  ) {
    super(`${said.en} (line ${line})`);
    this.problem = said.en;
  }
}

const isObject = (v: JsonValue): v is JsonObject => v instanceof JsonObject;

/** The rows of a parsed document, each as one line of JSON (without its line end). */
export function documentRows(value: JsonValue): string[] {
  if (Array.isArray(value)) return value.map((v) => (isObject(v) ? writeJson(v) : `{"value":${writeJson(v)}}`));
  if (!isObject(value)) return [`{"value":${writeJson(value)}}`];
  if (value.entries.some(([k, v]) => k === 'type' && (v === 'FeatureCollection' || v === 'Feature'))) {
    throw new JsonDocumentError(
      say(
        'this is GeoJSON: use file.format: geojson, which reads a row per feature with its geometry',
        'dit is GeoJSON: gebruik file.format: geojson, dat een rij per object (feature) leest, met de geometrie',
      ),
      1,
    );
  }
  const rows: string[] = [];
  const walk = (object: JsonObject, path: string[]) => {
    const nested = object.entries.filter(([, v]) => isObject(v) || (Array.isArray(v) && v.some(isObject)));
    const flat = object.entries.filter((e) => !nested.includes(e));
    const keys = path.map((k, i) => `"key_${i + 1}":${JSON.stringify(k)}`);
    if (flat.length > 0 || nested.length === 0) rows.push(`{${[...keys, ...flat.map(([k, v]) => `${JSON.stringify(k)}:${writeJson(v)}`)].join(',')}}`);
    for (const [k, v] of nested) {
      if (isObject(v)) walk(v, [...path, k]);
      else for (const item of v as JsonValue[]) walk(isObject(item) ? item : new JsonObject([['value', item]]), [...path, k]);
    }
  };
  walk(value, []);
  return rows;
}

/** A JSON document (as text) → its rows as JSON lines text. Throws JsonDocumentError naming the line. */
export function documentToJsonl(text: string): string {
  let value: JsonValue;
  try {
    value = parseJson(text.replace(/^\ufeff/, ''));
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    const line = text.slice(0, error.offset).split('\n').length;
    throw new JsonDocumentError(say(`not valid JSON: ${error.said.en}`, `geen geldige JSON: ${error.said.nl}`), line);
  }
  if (value instanceof JsonNumber || typeof value !== 'object' || value === null) {
    const kind = aKind(value);
    throw new JsonDocumentError(say(`the file holds ${kind.en}, not an object or an array of objects`, `het bestand bevat ${kind.nl}, geen object of lijst van objecten`), 1);
  }
  return documentRows(value)
    .map((r) => `${r}\n`)
    .join('');
}

/** Chunks of a JSON document → its JSON lines rows (the document is gathered whole, up to MAX_DOCUMENT_BYTES). */
export async function* jsonDocumentToJsonl(chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): AsyncIterable<Uint8Array> {
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of chunks) {
    size += chunk.length;
    if (size > MAX_DOCUMENT_BYTES) {
      const mib = MAX_DOCUMENT_BYTES / 1024 / 1024;
      throw new JsonDocumentError(
        say(`the document is larger than ${mib} MiB: export it as JSON lines (one object per line)`, `het document is groter dan ${mib} MiB: exporteer het als JSON lines (één object per regel)`),
        1,
      );
    }
    parts.push(chunk);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(parts));
  } catch {
    throw new JsonDocumentError(say('the text is not UTF-8 (JSON is always UTF-8): save the file as UTF-8', 'de tekst is geen UTF-8 (JSON is altijd UTF-8): sla het bestand op als UTF-8'), 1);
  }
  yield Buffer.from(documentToJsonl(text), 'utf8');
}

/** A sample that is one JSON document spanning lines (or one line holding an array): not JSON lines. */
export function looksLikeJsonDocument(text: string): boolean {
  const t = text.replace(/^\ufeff/, '').trimStart();
  if (t.startsWith('[')) return true;
  if (!t.startsWith('{')) return false;
  // JSON lines: the first line is a whole object
  const first = t.split(/\r?\n/, 1)[0] ?? '';
  try {
    parseJson(first);
    return false;
  } catch {
    return true;
  }
}
