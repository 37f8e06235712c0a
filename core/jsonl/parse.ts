/**
 * A strict JSON parser (RFC 8259) for one line of a JSON lines file. Unlike JSON.parse it keeps what the query
 * engines need and JSON.parse loses: the text of each number as written (`1.50`, `1e3`), the order of an object's
 * keys as written and every duplicate key. Errors say what is wrong in words and at which character.
 */

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
  constructor(
    /** What is wrong, for people: "expected \",\" or \"}\" after a value". */
    readonly problem: string,
    /** 0-based character offset in the text where it went wrong. */
    readonly offset: number,
  ) {
    super(`${problem} (character ${offset + 1})`);
  }
}

/** Nesting deeper than this is refused (it would only come from a broken or hostile file). */
const MAX_DEPTH = 512;

function describe(c: string | undefined): string {
  if (c === undefined) return 'the end of the line';
  if (c === ' ') return 'a space';
  if (c === '\t') return 'a tab';
  const code = c.charCodeAt(0);
  if (code < 0x20 || code === 0x7f) return `the control character U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return `"${c}"`;
}

class Parser {
  private i = 0;
  private depth = 0;

  constructor(private readonly text: string) {}

  parseDocument(): JsonValue {
    this.space();
    const value = this.value('a JSON value');
    this.space();
    if (this.i < this.text.length) {
      throw new JsonSyntaxError(`unexpected ${describe(this.text[this.i])} after the end of the ${kindOf(value)}`, this.i);
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

  private value(expected: string): JsonValue {
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
        if (c === "'") throw new JsonSyntaxError('text in single quotes: JSON needs double quotes (")', this.i);
        if (c !== undefined && /[A-Za-z_]/.test(c)) this.notAValue();
        throw new JsonSyntaxError(`expected ${expected}, found ${describe(c)}`, this.i);
    }
  }

  private enter(): void {
    this.depth += 1;
    if (this.depth > MAX_DEPTH) throw new JsonSyntaxError(`objects and arrays nested more than ${MAX_DEPTH} deep`, this.i);
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
        if (c === undefined) throw new JsonSyntaxError(`the line ends inside the object that opens at character ${open + 1} (a "}" is missing)`, this.i);
        if (c === '}' && entries.length > 0) throw new JsonSyntaxError('a comma before "}" (remove the last comma)', this.i);
        throw new JsonSyntaxError(`expected a key in double quotes, found ${describe(c)}`, this.i);
      }
      const key = this.string();
      this.space();
      if (this.text[this.i] !== ':') throw new JsonSyntaxError(`expected ":" after the key "${key}", found ${describe(this.text[this.i])}`, this.i);
      this.i += 1;
      this.space();
      entries.push([key, this.value(`a value for the key "${key}"`)]);
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
      if (next === undefined) throw new JsonSyntaxError(`the line ends inside the object that opens at character ${open + 1} (a "}" is missing)`, this.i);
      throw new JsonSyntaxError(`expected "," or "}" after the value of "${key}", found ${describe(next)}`, this.i);
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
      if (this.text[this.i] === ']' && items.length > 0) throw new JsonSyntaxError('a comma before "]" (remove the last comma)', this.i);
      if (this.text[this.i] === undefined) throw new JsonSyntaxError(`the line ends inside the array that opens at character ${open + 1} (a "]" is missing)`, this.i);
      items.push(this.value('a value'));
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
      if (next === undefined) throw new JsonSyntaxError(`the line ends inside the array that opens at character ${open + 1} (a "]" is missing)`, this.i);
      throw new JsonSyntaxError(`expected "," or "]" after a value, found ${describe(next)}`, this.i);
    }
  }

  private string(): string {
    const t = this.text;
    const open = this.i;
    this.i += 1; // "
    let out = '';
    let start = this.i;
    for (;;) {
      if (this.i >= t.length) throw new JsonSyntaxError(`the text that opens at character ${open + 1} is never closed (a " is missing)`, this.i);
      const c = t.charCodeAt(this.i);
      if (c === 0x22) {
        out += t.slice(start, this.i);
        this.i += 1;
        return out;
      }
      if (c < 0x20) {
        throw new JsonSyntaxError(
          c === 0x09 ? 'a tab inside a text value (write it as \\t)' : `the control character U+${c.toString(16).toUpperCase().padStart(4, '0')} inside a text value (write it escaped)`,
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
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new JsonSyntaxError(`"\\u" must be followed by four hexadecimal digits`, this.i);
          out += String.fromCharCode(Number.parseInt(hex, 16));
          this.i += 4;
          break;
        }
        default:
          throw new JsonSyntaxError(`"\\${e ?? ''}" is not an escape JSON knows (a backslash is written \\\\)`, this.i);
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
    if (!found || found[0] === '-' || found[0] === '') throw new JsonSyntaxError('a number without digits', start);
    this.i = start + found[0].length;
    const next = t[this.i];
    if (next !== undefined && /[0-9.eE+\-a-zA-Z_]/.test(next)) {
      const word = /[^\s,\]}]*/y;
      word.lastIndex = start;
      const shown = word.exec(t)?.[0] ?? found[0];
      throw new JsonSyntaxError(
        /^-?0[0-9]/.test(shown)
          ? `the number ${shown} starts with a zero (JSON numbers have no leading zeros; write text in double quotes)`
          : `"${shown}" is not a JSON number (write text in double quotes)`,
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
    throw new JsonSyntaxError(`"${got}" is not a JSON value (text goes in double quotes; true, false and null are lowercase)`, this.i);
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
