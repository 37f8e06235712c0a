/**
 * Pre-check of a JSON lines head (contract `file.format: jsonl`): the encoding, every complete line one JSON object,
 * no empty lines, and the keys against the contract. Line numbers are the file's lines, which are also the rows the
 * query engines number (core/jsonl/openx.ts): no header, one row per line.
 */
import type { Contract } from '../../schemas/contract';
import type { Language } from '../../schemas/language';
import type { Finding } from '../../schemas/payloads';
import { javaTrim, JsonObject, JsonSyntaxError, type JsonValue, kindOf, parseJson, splitLines } from '../jsonl';
import { closeness } from './did-you-mean';
import { lineOfByte } from './lines';
import type { EncodingSniff } from './sniff-encoding';
import { finding, MAX_EXAMPLES, q, visible } from './text';
import { type JsonlWords, jsonlWords } from './words';

export interface JsonlHeadInput {
  /** The head as text (byte order mark removed). */
  text: string;
  /** The head as bytes, for byte offsets of encoding problems. */
  head: Uint8Array;
  enc: EncodingSniff;
  truncated: boolean;
  fileName: string;
  contract: Contract;
  language: Language;
}

interface Expected {
  name: string;
  key: string;
  fold: string;
  required: boolean;
  primary: boolean;
}

function expectedKeys(contract: Contract): Expected[] {
  const primary = new Set(contract.keys.primary);
  return contract.columns.map((c) => {
    const key = c.source ?? c.name;
    return { name: c.name, key, fold: key.toLowerCase(), required: !c.nullable || primary.has(c.name), primary: primary.has(c.name) };
  });
}

const example = '{"id": 1, "naam": "Eik"}';

/** Findings for the encoding: JSON text is UTF-8. */
function encodingFindings(input: JsonlHeadInput): Finding[] {
  const { enc, head, fileName, truncated } = input;
  const words = jsonlWords[input.language];
  if (enc.invalid.count === 0) return [];
  const bomBytes = enc.bom ? 3 : 0;
  const first = (enc.invalid.offsets[0] ?? 0) + bomBytes;
  const line = lineOfByte(head, first);
  const byte = head[first] ?? 0;
  const char = new TextDecoder('windows-1252').decode(new Uint8Array([byte]));
  return [
    finding({
      code: enc.encoding === 'windows-1252' ? 'encoding_mismatch' : 'invalid_utf8',
      severity: 'reject_load',
      line,
      count: enc.invalid.count,
      examples: enc.invalid.offsets.map((o) => ({ line: lineOfByte(head, o + bomBytes), value: `0x${(head[o + bomBytes] ?? 0).toString(16).toUpperCase()}` })),
      ...words.notUtf8(fileName, line, `0x${byte.toString(16).toUpperCase()}`, char, enc.invalid.count, truncated ? head.length : undefined),
    }),
  ];
}

/** The advice for a line that is not one JSON object, with the likely cause. */
function notAnObjectAdvice(words: JsonlWords, n: number, lineText: string, value: JsonValue | undefined, lines: number): string {
  const t = javaTrim(lineText);
  if (n === 1 && (t === '[' || t === '{' || (Array.isArray(value) && lines === 1))) return words.looksLikeDocument;
  return words.fixLine(n, example);
}

export function precheckJsonl(input: JsonlHeadInput): { findings: Finding[]; header: string[] } {
  const { text, truncated, fileName, contract } = input;
  const words = jsonlWords[input.language];
  const header = contract.columns.map((c) => c.name);
  const findings: Finding[] = encodingFindings(input);

  let lines = splitLines(text);
  // a head that stops inside a line: that line is not complete and is not checked
  if (truncated && lines.length > 0 && !/[\r\n]$/.test(text)) lines = lines.slice(0, -1);
  if (lines.length === 0) {
    findings.push(
      finding({
        code: 'line_too_long',
        severity: 'warn',
        line: 1,
        ...words.firstLineTooLong(fileName, text.length),
      }),
    );
    return { findings, header };
  }

  const blanks: number[] = [];
  const objects: { line: number; object: JsonObject }[] = [];
  let broken = false;
  for (const [i, l] of lines.entries()) {
    const n = i + 1;
    const t = javaTrim(l.text);
    if (t === '') {
      blanks.push(n);
      continue;
    }
    let value: JsonValue;
    try {
      value = parseJson(t);
    } catch (error) {
      if (!(error instanceof JsonSyntaxError)) throw error;
      const lead = l.text.length - l.text.replace(/^[\u0000-\u0020]+/, '').length;
      const at = Math.min(error.offset, t.length);
      findings.push(
        finding({
          code: 'invalid_json',
          severity: 'reject_load',
          line: n,
          examples: [{ line: n, value: visible(t.slice(Math.max(0, at - 40), at + 40), 120) }],
          message: words.invalidJson(fileName, n, error.said[input.language], lead + error.offset + 1),
          advice: notAnObjectAdvice(words, n, l.text, undefined, lines.length),
        }),
      );
      broken = true;
      break;
    }
    if (!(value instanceof JsonObject)) {
      findings.push(
        finding({
          code: 'not_json_object',
          severity: 'reject_load',
          line: n,
          examples: [{ line: n, value: visible(t, 120) }],
          message: words.notAnObject(fileName, n, words.kind(kindOf(value)), example),
          advice: notAnObjectAdvice(words, n, l.text, value, lines.length),
        }),
      );
      broken = true;
      break;
    }
    objects.push({ line: n, object: value });
  }

  if (blanks.length > 0) {
    findings.push(
      finding({
        code: 'blank_lines',
        severity: 'reject_load',
        line: blanks[0],
        count: blanks.length,
        examples: blanks.slice(0, MAX_EXAMPLES).map((line) => ({ line, value: '' })),
        ...words.blankLines(fileName, blanks.slice(0, MAX_EXAMPLES), blanks.length, truncated ? text.length : undefined),
      }),
    );
  }
  // the keys are compared only when every line read is an object (after a broken line, later keys are unknown)
  if (objects.length === 0 || broken) return { findings, header };
  findings.push(...keyFindings(objects, contract, fileName, truncated, words));
  return { findings, header };
}

/** The keys of the head's objects against the contract's columns (keys match ignoring case, as the engines read them). */
function keyFindings(objects: { line: number; object: JsonObject }[], contract: Contract, fileName: string, truncated: boolean, words: JsonlWords): Finding[] {
  const findings: Finding[] = [];
  const expected = expectedKeys(contract);
  const byFold = new Map(expected.map((e) => [e.fold, e]));
  /** Per key (ignoring case): each spelling and the first line it is on. */
  const seen = new Map<string, Map<string, number>>();
  let duplicate: { line: number; spellings: string[]; column: Expected } | undefined;
  for (const { line, object } of objects) {
    const inLine = new Map<string, string[]>();
    for (const [key] of object.entries) {
      const fold = key.toLowerCase();
      inLine.set(fold, [...(inLine.get(fold) ?? []), key]);
      const spellings = seen.get(fold) ?? new Map<string, number>();
      if (!spellings.has(key)) spellings.set(key, line);
      seen.set(fold, spellings);
    }
    if (duplicate) continue;
    for (const [fold, spellings] of inLine) {
      const column = byFold.get(fold);
      if (spellings.length > 1 && column) {
        duplicate = { line, spellings, column };
        break;
      }
    }
  }
  if (duplicate) {
    const { line, spellings, column } = duplicate;
    const same = new Set(spellings).size === 1;
    findings.push(
      finding({
        code: 'duplicate_key',
        severity: 'reject_load',
        column: column.name,
        line,
        ...words.duplicateKey(fileName, line, q(column.key), spellings.length, same ? undefined : spellings.map((s) => q(s))),
        examples: [{ line, value: visible(spellings.join(', '), 120) }],
      }),
    );
  }

  const noneHave = words.noneHave(objects.length, truncated);
  const unknown = [...seen.entries()].filter(([fold]) => !byFold.has(fold)).map(([, spellings]) => [...spellings.entries()][0] as [string, number]);
  const missing = expected.filter((e) => !seen.has(e.fold));

  // did-you-mean: each unknown key suggested for at most one missing column, closest pairs first
  const pairs = missing
    .flatMap((e) => unknown.map(([key, line]) => ({ e, key, line, d: closeness(e.key, key) })))
    .filter((p) => p.d !== undefined)
    .sort((a, b) => (a.d ?? 0) - (b.d ?? 0) || Number(b.e.required) - Number(a.e.required));
  const suggested = new Map<string, { key: string; line: number }>();
  const used = new Set<string>();
  for (const p of pairs) {
    if (suggested.has(p.e.name) || used.has(p.key)) continue;
    suggested.set(p.e.name, { key: p.key, line: p.line });
    used.add(p.key);
  }

  for (const e of expected) {
    const other = [...(seen.get(e.fold) ?? new Map<string, number>()).entries()].find(([key]) => key !== e.key);
    if (other) {
      const [key, line] = other;
      findings.push(
        finding({
          code: 'key_differs',
          severity: 'warn',
          column: e.name,
          line,
          ...words.keyDiffers(fileName, q(key), line, q(e.key)),
        }),
      );
    }
  }
  for (const e of missing) {
    const s = suggested.get(e.name);
    if (e.required) {
      findings.push(
        finding({
          code: 'missing_key',
          severity: 'reject_load',
          column: e.name,
          line: s?.line,
          ...(s
            ? words.missingKeyNear(fileName, q(e.key), noneHave, q(s.key), s.line)
            : words.missingKey(fileName, q(e.key), noneHave, words.why(e.primary), { owner: visible(contract.owner), id: visible(contract.id) })),
          examples: s ? [{ line: s.line, value: visible(s.key) }] : [],
        }),
      );
    } else if (s) {
      findings.push(
        finding({
          code: 'extra_key',
          severity: 'warn',
          column: visible(s.key),
          line: s.line,
          ...words.extraKeyNear(fileName, q(s.key), s.line, q(e.key), q(e.name)),
          examples: [{ line: s.line, value: visible(s.key) }],
        }),
      );
    }
  }
  const others = unknown.filter(([key]) => !used.has(key));
  if (others.length > 0) {
    const shown = others.slice(0, 10);
    findings.push(
      finding({
        code: 'extra_key',
        severity: 'warn',
        line: others[0]?.[1],
        count: others.length,
        examples: others.slice(0, MAX_EXAMPLES).map(([key, line]) => ({ line, value: visible(key) })),
        ...words.extraKeys(fileName, shown.map(([key]) => q(key)), others.length, visible(contract.id)),
      }),
    );
  }
  return findings;
}
