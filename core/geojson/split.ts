/**
 * Splits a GeoJSON file into its features, a chunk of bytes at a time, holding one feature in memory at most.
 * A FeatureCollection's `features` array is streamed element by element; the collection's other members (`crs`,
 * `name`, `bbox`) are kept. A file of several top-level values (GeoJSON lines, RFC 8142 text sequences) gives each
 * top-level Feature as it ends. Scanning is on bytes: `"`, `\`, brackets and braces are ASCII and never part of a
 * multi-byte UTF-8 sequence, so only the text of one feature is ever decoded.
 */
import { aKind, JsonObject, JsonSyntaxError, type JsonValue, kindOf, parseJson } from '../jsonl';
import { say, type Texts } from '../worded-error';

export class GeoJsonError extends Error {
  override name = 'GeoJsonError';
  /** What is wrong, in English words. */
  readonly problem: string;
  constructor(
    /** What is wrong, in each language. */
    readonly said: Texts,
    /** 1-based line in the file where it went wrong. */
    readonly line: number,
  ) {
    super(`${said.en} (line ${line})`);
    this.problem = said.en;
  }
}

/** One feature as written, parsed, with where it starts. */
export interface RawFeature {
  value: JsonValue;
  /** 1-based position among the file's features. */
  index: number;
  /** 1-based line where the feature starts. */
  line: number;
}

/** A FeatureCollection's members other than `features`, known once the `features` array starts (or at the end). */
export type CollectionMembers = Map<string, JsonValue>;

/** The top-level value outside the features array is kept in memory; a non-GeoJSON document larger than this is refused. */
const MAX_TOP_BYTES = 64 * 1024 * 1024;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const LF = 0x0a;

export class FeatureSplitter {
  private depth = 0;
  private inString = false;
  private escaped = false;
  private line = 1;
  /** Bytes of the current top-level value, without the elements of its features array. */
  private top: Uint8Array[] = [];
  private topBytes = 0;
  private topLine = 1;
  /** Inside a FeatureCollection's `features` array (at depth 2). */
  private inFeatures = false;
  /** Bytes of the feature being read inside the features array. */
  private feature: Uint8Array[] | undefined;
  private featureLine = 1;
  /** The last string closed at depth 1 (a member name candidate) and whether a `:` followed it. */
  private keyBytes: number[] | undefined;
  private lastKey: string | undefined;
  private afterColon = false;
  private count = 0;
  private decoder = new TextDecoder('utf-8', { fatal: true });
  collection: CollectionMembers | undefined;

  /** The features that end in this chunk, in order. */
  push(chunk: Uint8Array): RawFeature[] {
    const out: RawFeature[] = [];
    let mark = 0; // start of the bytes of this chunk not yet given to a capture
    /** Hands chunk[mark, end) to the capture in progress: the feature, the top-level value, or none (between values). */
    const capture = (end: number) => {
      if (end > mark) {
        const part = chunk.subarray(mark, end);
        if (this.feature) this.feature.push(part.slice());
        else if (this.depth > 0 && !this.inFeatures) this.addTop(part);
      }
      mark = end;
    };
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i] as number;
      if (b === LF) this.line += 1;
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (b === BACKSLASH) this.escaped = true;
        else if (b === QUOTE) {
          this.inString = false;
          if (this.keyBytes) this.lastKey = String.fromCharCode(...this.keyBytes);
          this.keyBytes = undefined;
        } else if (this.keyBytes && this.keyBytes.length < 64) this.keyBytes.push(b);
        continue;
      }
      if (b === 0x20 || b === 0x09 || b === 0x0d || b === LF || b === 0x1e) continue;
      if (this.depth === 0) {
        // a byte order mark at the very start
        if (b === 0xef && this.line === 1 && this.count === 0 && chunk[i + 1] === 0xbb && chunk[i + 2] === 0xbf) {
          i += 2;
          continue;
        }
        if (b !== 0x7b) {
          const found = describeByte(b);
          throw new GeoJsonError(
            say(
              `expected a JSON object ("{"), found ${found.en}: a GeoJSON file holds a FeatureCollection or one Feature per line`,
              `verwacht werd een JSON-object ("{"), maar er staat ${found.nl}: een GeoJSON-bestand bevat een FeatureCollection of één Feature per regel`,
            ),
            this.line,
          );
        }
        mark = i;
        this.topLine = this.line;
      }
      if (b === QUOTE) {
        this.inString = true;
        if (this.depth === 1) this.keyBytes = [];
        continue;
      }
      if (b === 0x3a) {
        if (this.depth === 1) this.afterColon = true;
        continue;
      }
      if (b === 0x7b || b === 0x5b) {
        if (this.inFeatures && this.depth === 2) {
          if (b !== 0x7b) throw new GeoJsonError(say(`feature ${this.count + 1} is a JSON array, not an object`, `object (feature) ${this.count + 1} is een lijst (array), geen object`), this.line);
          mark = i; // commas and spaces between features are dropped
          this.feature = [];
          this.featureLine = this.line;
        }
        this.depth += 1;
        if (this.depth === 2 && b === 0x5b && this.afterColon && this.lastKey === 'features' && !this.collection) {
          capture(i + 1);
          this.collection = this.membersSoFar();
          this.inFeatures = true;
        }
        this.afterColon = false;
        continue;
      }
      if (b === 0x7d || b === 0x5d) {
        if (this.depth === 0) {
          const found = describeByte(b);
          throw new GeoJsonError(say(`unexpected ${found.en}: there is no open object or array to close`, `onverwacht ${found.nl}: er is geen open object of lijst om te sluiten`), this.line);
        }
        if (this.feature && this.depth === 3) {
          capture(i + 1);
          this.depth -= 1;
          out.push(this.parseFeature(this.feature, this.featureLine));
          this.feature = undefined;
        } else if (this.inFeatures && this.depth === 2) {
          this.depth -= 1;
          this.inFeatures = false;
          mark = i; // the closing bracket joins the top-level value
        } else if (this.depth === 1) {
          capture(i + 1);
          this.depth -= 1;
          const feature = this.endTop();
          if (feature) out.push(feature);
        } else this.depth -= 1;
        continue;
      }
      if (b === 0x2c) {
        if (this.depth === 1) this.afterColon = false;
        continue;
      }
      if (this.inFeatures && this.depth === 2) {
        const found = describeByte(b);
        throw new GeoJsonError(say(`feature ${this.count + 1} is not an object (found ${found.en})`, `object (feature) ${this.count + 1} is geen JSON-object (er staat ${found.nl})`), this.line);
      }
    }
    capture(chunk.length);
    return out;
  }

  /** At the end of the file: anything still open is an error. */
  end(): void {
    if (this.inString || this.depth > 0) {
      throw new GeoJsonError(
        say(
          `the file ends inside ${this.feature ? `feature ${this.count + 1}` : 'the JSON document'}: it is cut off or a bracket is missing`,
          `het bestand houdt op midden in ${this.feature ? `object (feature) ${this.count + 1}` : 'het JSON-document'}: het is afgebroken of er ontbreekt een haakje`,
        ),
        this.line,
      );
    }
    if (this.count === 0 && !this.collection) throw new GeoJsonError(say('the file holds no GeoJSON object', 'het bestand bevat geen GeoJSON-object'), this.line);
  }

  private addTop(part: Uint8Array): void {
    this.topBytes += part.length;
    if (this.topBytes > MAX_TOP_BYTES) {
      throw new GeoJsonError(
        say('the JSON document is not a FeatureCollection that can be read feature by feature', 'het JSON-document is geen FeatureCollection die object voor object gelezen kan worden'),
        this.topLine,
      );
    }
    this.top.push(part.slice());
  }

  /** `{"type": "FeatureCollection", …, "features": [` so far: the members before `features`, parsed. */
  private membersSoFar(): CollectionMembers {
    const text = `${this.decode(this.top, this.topLine)}]}`;
    const value = this.parse(text, this.topLine);
    const members = new Map<string, JsonValue>();
    if (value instanceof JsonObject) for (const [k, v] of value.entries) if (k !== 'features') members.set(k, v);
    return members;
  }

  private endTop(): RawFeature | undefined {
    const parts = this.top;
    this.top = [];
    this.topBytes = 0;
    if (this.collection) {
      // the whole collection is done: keep members written after the features array too
      const value = this.parse(this.decode(parts, this.topLine), this.topLine);
      if (value instanceof JsonObject) for (const [k, v] of value.entries) if (k !== 'features') this.collection.set(k, v);
      const type = this.collection.get('type');
      if (type !== 'FeatureCollection') {
        const shown = type === undefined ? undefined : JSON.stringify(typeof type === 'string' ? type : kindOf(type));
        throw new GeoJsonError(
          say(
            `the object with "features" has "type": ${shown ?? 'missing'}, not "FeatureCollection"`,
            shown === undefined ? 'het object met "features" heeft geen "type": "FeatureCollection"' : `het object met "features" heeft "type": ${shown}, niet "FeatureCollection"`,
          ),
          this.topLine,
        );
      }
      return undefined;
    }
    const value = this.parse(this.decode(parts, this.topLine), this.topLine);
    const type = value instanceof JsonObject ? value.entries.find(([k]) => k === 'type')?.[1] : undefined;
    if (type === 'Feature') {
      this.count += 1;
      return { value, index: this.count, line: this.topLine };
    }
    const what =
      value instanceof JsonObject
        ? typeof type === 'string'
          ? say(`a GeoJSON ${type}`, `een GeoJSON ${type}`)
          : say('a JSON object without "type": "FeatureCollection"', 'een JSON-object zonder "type": "FeatureCollection"')
        : aKind(value);
    throw new GeoJsonError(say(`the file holds ${what.en}, not a FeatureCollection or Features`, `het bestand bevat ${what.nl}, geen FeatureCollection of Features`), this.topLine);
  }

  private parseFeature(parts: Uint8Array[], line: number): RawFeature {
    this.count += 1;
    return { value: this.parse(this.decode(parts, line), line, this.count), index: this.count, line };
  }

  private decode(parts: Uint8Array[], line: number): string {
    try {
      return this.decoder.decode(parts.length === 1 ? parts[0] : Buffer.concat(parts));
    } catch {
      throw new GeoJsonError(
        say('the text is not UTF-8 (GeoJSON is always UTF-8): save the file as UTF-8', 'de tekst is geen UTF-8 (GeoJSON is altijd UTF-8): sla het bestand op als UTF-8'),
        line,
      );
    }
  }

  private parse(text: string, line: number, feature?: number): JsonValue {
    try {
      return parseJson(text);
    } catch (error) {
      if (!(error instanceof JsonSyntaxError)) throw error;
      const at = line + countLines(text, error.offset);
      throw new GeoJsonError(
        say(
          `${feature ? `feature ${feature} is not valid JSON` : 'not valid JSON'}: ${error.said.en}`,
          `${feature ? `object (feature) ${feature} is geen geldige JSON` : 'geen geldige JSON'}: ${error.said.nl}`,
        ),
        at,
      );
    }
  }
}

function countLines(text: string, end: number): number {
  let n = 0;
  for (let i = 0; i < end && i < text.length; i++) if (text.charCodeAt(i) === LF) n += 1;
  return n;
}

function describeByte(b: number): Texts {
  if (b >= 0x21 && b < 0x7f) return say(`"${String.fromCharCode(b)}"`, `"${String.fromCharCode(b)}"`);
  const hex = `0x${b.toString(16).padStart(2, '0')}`;
  return say(`the byte ${hex}`, `de byte ${hex}`);
}
