/**
 * A strict JSON parser (RFC 8259) for one line of a JSON lines file. Unlike JSON.parse it keeps what the query
 * engines need and JSON.parse loses: the text of each number as written (`1.50`, `1e3`), the order of an object's
 * keys as written and every duplicate key. Errors say what is wrong in words and at which character.
 */
import { say, type Texts } from '../worded-error';

/** A number as written in the file. */
export class JsonNumber {
  constructor(readonly raw: string) {}
}

/** An object's members in file order, duplicates included. */
export class JsonObject {
  constructor(readonly entries: [string, JsonValue][]) {}
}

export type JsonValue = null | boolean | string | JsonNumber | JsonObject | JsonValue[];

export class JsonSyntaxError extends Error {
  override name = 'JsonSyntaxError';
  /** What is wrong, for people, in English: "expected \",\" or \"}\" after a value". */
  readonly problem: string;
  constructor(
    /** What is wrong, in each language. */
    readonly said: Texts,
    /** 0-based character offset in the text where it went wrong. */
    readonly offset: number,
  ) {
    super(`${said.en} (character ${offset + 1})`);
    this.problem = said.en;
  }
}

/** Nesting deeper than this is refused (it would only come from a broken or hostile file). */
const MAX_DEPTH = 512;

function describe(c: string | undefined): Texts {
  if (c === undefined) return say('the end of the line', 'het einde van de regel');
  if (c === ' ') return say('a space', 'een spatie');
  if (c === '\t') return say('a tab', 'een tab');
  if (c === '"') return say('a double quote (")', 'een dubbel aanhalingsteken (")');
  const code = c.charCodeAt(0);
  const u = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  if (code < 0x20 || code === 0x7f) return say(`the control character ${u}`, `het stuurteken ${u}`);
  return say(`"${c}"`, `"${c}"`);
}

/** The kind of a value in Dutch, with its definite and indefinite article, as `kindOf` names it in English. */
const kindNl: Record<string, [string, string]> = {
  null: ['null', 'null'],
  boolean: ['de waarheidswaarde', 'een waarheidswaarde (true of false)'],
  text: ['de tekst', 'een tekst'],
  number: ['het getal', 'een getal'],
  object: ['het object', 'een object'],
  array: ['de lijst', 'een lijst (array)'],
};

/** "a JSON array" / "een lijst (array)": what a value is, in a sentence. */
export function aKind(value: JsonValue): Texts {
  const kind = kindOf(value);
  return say(`a JSON ${kind}`, kindNl[kind]?.[1] ?? kind);
}

class Parser {
  private i = 0;
  private depth = 0;

  constructor(private readonly text: string) {}

  parseDocument(): JsonValue {
    this.space();
    const value = this.value(say('a JSON value', 'een JSON-waarde'));
    this.space();
    if (this.i < this.text.length) {
      const found = describe(this.text[this.i]);
      const kind = kindOf(value);
      throw new JsonSyntaxError(say(`unexpected ${found.en} after the end of the ${kind}`, `na het einde van ${kindNl[kind]?.[0]} staat nog ${found.nl}`), this.i);
    }
    return value;
  }

  private space(): void {
    const t = this.text;
    while (this.i < t.length) {
      const c = t.charCodeAt(this.i);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) this.i += 1;
      else break;
    }
  }

  private value(expected: Texts): JsonValue {
    const c = this.text[this.i];
    switch (c) {
      case '{':
        return this.object();
      case '[':
        return this.array();
      case '"':
        return this.string();
      case 't':
        return this.literal('true', true);
      case 'f':
        return this.literal('false', false);
      case 'n':
        return this.literal('null', null);
      default:
        if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
        if (c === "'") throw new JsonSyntaxError(say('text in single quotes: JSON needs double quotes (")', 'tekst tussen enkele aanhalingstekens: JSON vraagt dubbele (")'), this.i);
        if (c !== undefined && /[A-Za-z_]/.test(c)) this.notAValue();
        throw new JsonSyntaxError(say(`expected ${expected.en}, found ${describe(c).en}`, `verwacht werd ${expected.nl}, maar er staat ${describe(c).nl}`), this.i);
    }
  }

  private enter(): void {
    this.depth += 1;
    if (this.depth > MAX_DEPTH) {
      throw new JsonSyntaxError(say(`objects and arrays nested more than ${MAX_DEPTH} deep`, `objecten en lijsten zijn meer dan ${MAX_DEPTH} lagen diep genest`), this.i);
    }
  }

  private object(): JsonObject {
    this.enter();
    const open = this.i;
    this.i += 1; // {
    const entries: [string, JsonValue][] = [];
    this.space();
    if (this.text[this.i] === '}') {
      this.i += 1;
      this.depth -= 1;
      return new JsonObject(entries);
    }
    for (;;) {
      this.space();
      const c = this.text[this.i];
      if (c !== '"') {
        if (c === undefined) throw new JsonSyntaxError(say(`the line ends inside the object that opens at character ${open + 1} (a "}" is missing)`, `de regel houdt op binnen het object dat begint bij teken ${open + 1} (er ontbreekt een "}")`), this.i);
        if (c === '}' && entries.length > 0) throw new JsonSyntaxError(say('a comma before "}" (remove the last comma)', 'een komma vóór "}" (haal de laatste komma weg)'), this.i);
        throw new JsonSyntaxError(say(`expected a key in double quotes, found ${describe(c).en}`, `verwacht werd een veldnaam tussen dubbele aanhalingstekens, maar er staat ${describe(c).nl}`), this.i);
      }
      const key = this.string();
      this.space();
      if (this.text[this.i] !== ':') {
        const found = describe(this.text[this.i]);
        throw new JsonSyntaxError(say(`expected ":" after the key "${key}", found ${found.en}`, `verwacht werd ":" na de veldnaam "${key}", maar er staat ${found.nl}`), this.i);
      }
      this.i += 1;
      this.space();
      entries.push([key, this.value(say(`a value for the key "${key}"`, `een waarde voor de veldnaam "${key}"`))]);
      this.space();
      const next = this.text[this.i];
      if (next === ',') {
        this.i += 1;
        continue;
      }
      if (next === '}') {
        this.i += 1;
        this.depth -= 1;
        return new JsonObject(entries);
      }
      if (next === undefined) throw new JsonSyntaxError(say(`the line ends inside the object that opens at character ${open + 1} (a "}" is missing)`, `de regel houdt op binnen het object dat begint bij teken ${open + 1} (er ontbreekt een "}")`), this.i);
      throw new JsonSyntaxError(say(`expected "," or "}" after the value of "${key}", found ${describe(next).en}`, `verwacht werd "," of "}" na de waarde van "${key}", maar er staat ${describe(next).nl}`), this.i);
    }
  }

  private array(): JsonValue[] {
    this.enter();
    const open = this.i;
    this.i += 1; // [
    const items: JsonValue[] = [];
    this.space();
    if (this.text[this.i] === ']') {
      this.i += 1;
      this.depth -= 1;
      return items;
    }
    for (;;) {
      this.space();
      if (this.text[this.i] === ']' && items.length > 0) throw new JsonSyntaxError(say('a comma before "]" (remove the last comma)', 'een komma vóór "]" (haal de laatste komma weg)'), this.i);
      if (this.text[this.i] === undefined) throw new JsonSyntaxError(say(`the line ends inside the array that opens at character ${open + 1} (a "]" is missing)`, `de regel houdt op binnen de lijst die begint bij teken ${open + 1} (er ontbreekt een "]")`), this.i);
      items.push(this.value(say('a value', 'een waarde')));
      this.space();
      const next = this.text[this.i];
      if (next === ',') {
        this.i += 1;
        continue;
      }
      if (next === ']') {
        this.i += 1;
        this.depth -= 1;
        return items;
      }
      if (next === undefined) throw new JsonSyntaxError(say(`the line ends inside the array that opens at character ${open + 1} (a "]" is missing)`, `de regel houdt op binnen de lijst die begint bij teken ${open + 1} (er ontbreekt een "]")`), this.i);
      throw new JsonSyntaxError(say(`expected "," or "]" after a value, found ${describe(next).en}`, `verwacht werd "," of "]" na een waarde, maar er staat ${describe(next).nl}`), this.i);
    }
  }

  private string(): string {
    const t = this.text;
    const open = this.i;
    this.i += 1; // "
    let out = '';
    let start = this.i;
    for (;;) {
      if (this.i >= t.length) {
        throw new JsonSyntaxError(say(`the text that opens at character ${open + 1} is never closed (a " is missing)`, `de tekst die begint bij teken ${open + 1} wordt nooit gesloten (er ontbreekt een ")`), this.i);
      }
      const c = t.charCodeAt(this.i);
      if (c === 0x22) {
        out += t.slice(start, this.i);
        this.i += 1;
        return out;
      }
      if (c < 0x20) {
        const u = `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
        throw new JsonSyntaxError(
          c === 0x09
            ? say('a tab inside a text value (write it as \\t)', 'een tab in een tekst (schrijf die als \\t)')
            : say(`the control character ${u} inside a text value (write it escaped)`, `het stuurteken ${u} in een tekst (schrijf het met een backslash-code)`),
          this.i,
        );
      }
      if (c !== 0x5c) {
        this.i += 1;
        continue;
      }
      out += t.slice(start, this.i);
      const e = t[this.i + 1];
      switch (e) {
        case '"':
        case '\\':
        case '/':
          out += e;
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          const hex = t.slice(this.i + 2, this.i + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new JsonSyntaxError(say('"\\u" must be followed by four hexadecimal digits', 'na "\\u" moeten vier hexadecimale cijfers staan'), this.i);
          out += String.fromCharCode(Number.parseInt(hex, 16));
          this.i += 4;
          break;
        }
        default:
          throw new JsonSyntaxError(
            say(`"\\${e ?? ''}" is not an escape JSON knows (a backslash is written \\\\)`, `"\\${e ?? ''}" is geen code die JSON kent (een backslash schrijft u als \\\\)`),
            this.i,
          );
      }
      this.i += 2;
      start = this.i;
    }
  }

  private number(): JsonNumber {
    const t = this.text;
    const start = this.i;
    const m = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
    m.lastIndex = start;
    const found = m.exec(t);
    if (!found || found[0] === '-' || found[0] === '') throw new JsonSyntaxError(say('a number without digits', 'een getal zonder cijfers'), start);
    this.i = start + found[0].length;
    const next = t[this.i];
    if (next !== undefined && /[0-9.eE+\-a-zA-Z_]/.test(next)) {
      const word = /[^\s,\]}]*/y;
      word.lastIndex = start;
      const shown = word.exec(t)?.[0] ?? found[0];
      throw new JsonSyntaxError(
        /^-?0[0-9]/.test(shown)
          ? say(
              `the number ${shown} starts with a zero (JSON numbers have no leading zeros; write text in double quotes)`,
              `het getal ${shown} begint met een nul (een JSON-getal heeft geen voorloopnullen; zet tekst tussen dubbele aanhalingstekens)`,
            )
          : say(`"${shown}" is not a JSON number (write text in double quotes)`, `"${shown}" is geen JSON-getal (zet tekst tussen dubbele aanhalingstekens)`),
        start,
      );
    }
    return new JsonNumber(found[0]);
  }

  private literal<T>(word: string, value: T): T {
    if (this.text.startsWith(word, this.i)) {
      const after = this.text[this.i + word.length];
      if (after === undefined || !/[A-Za-z0-9_]/.test(after)) {
        this.i += word.length;
        return value;
      }
    }
    return this.notAValue();
  }

  /** A bare word where a value belongs: `oops`, `True`, `NULL`, `NaN`. */
  private notAValue(): never {
    const shown = /[^\s,:\]}]*/y;
    shown.lastIndex = this.i;
    const got = shown.exec(this.text)?.[0] || this.text[this.i] || '';
    throw new JsonSyntaxError(
      say(
        `"${got}" is not a JSON value (text goes in double quotes; true, false and null are lowercase)`,
        `"${got}" is geen JSON-waarde (tekst staat tussen dubbele aanhalingstekens; true, false en null schrijft u met kleine letters)`,
      ),
      this.i,
    );
  }
}

export function kindOf(value: JsonValue): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'string') return 'text';
  if (value instanceof JsonNumber) return 'number';
  if (value instanceof JsonObject) return 'object';
  return 'array';
}

/** Parses one JSON text (one line of a JSON lines file); throws JsonSyntaxError. */
export function parseJson(text: string): JsonValue {
  return new Parser(text).parseDocument();
}
