/**
 * Pre-check of a JSON lines head (contract `file.format: jsonl`): the encoding, every complete line one JSON object,
 * no empty lines, and the keys against the contract. Line numbers are the file's lines, which are also the rows the
 * query engines number (core/jsonl/openx.ts): no header, one row per line.
 */
import type { Contract } from '../../schemas/contract';
import type { Finding } from '../../schemas/payloads';
import { javaTrim, JsonObject, JsonSyntaxError, type JsonValue, kindOf, parseJson, splitLines } from '../jsonl';
import { closeness } from './did-you-mean';
import { lineOfByte } from './lines';
import type { EncodingSniff } from './sniff-encoding';
import { finding, list, MAX_EXAMPLES, num, plural, q, visible } from './text';

export interface JsonlHeadInput {
  /** The head as text (byte order mark removed). */
  text: string;
  /** The head as bytes, for byte offsets of encoding problems. */
  head: Uint8Array;
  enc: EncodingSniff;
  truncated: boolean;
  fileName: string;
  contract: Contract;
}

interface Expected {
  name: string;
  key: string;
  fold: string;
  required: boolean;
  why: string;
}

function expectedKeys(contract: Contract): Expected[] {
  const primary = new Set(contract.keys.primary);
  return contract.columns.map((c) => {
    const key = c.source ?? c.name;
    const why = primary.has(c.name) ? 'it is part of the primary key' : 'the column may not be empty';
    return { name: c.name, key, fold: key.toLowerCase(), required: !c.nullable || primary.has(c.name), why };
  });
}

const example = '{"id": 1, "naam": "Eik"}';

/** Findings for the encoding: JSON text is UTF-8. */
function encodingFindings(input: JsonlHeadInput): Finding[] {
  const { enc, head, fileName, truncated } = input;
  if (enc.invalid.count === 0) return [];
  const bomBytes = enc.bom ? 3 : 0;
  const first = (enc.invalid.offsets[0] ?? 0) + bomBytes;
  const line = lineOfByte(head, first);
  const byte = head[first] ?? 0;
  const where = truncated ? ` in the first ${num(head.length)} bytes` : '';
  const char = new TextDecoder('windows-1252').decode(new Uint8Array([byte]));
  return [
    finding({
      code: enc.encoding === 'windows-1252' ? 'encoding_mismatch' : 'invalid_utf8',
      severity: 'reject_load',
      line,
      count: enc.invalid.count,
      examples: enc.invalid.offsets.map((o) => ({ line: lineOfByte(head, o + bomBytes), value: `0x${(head[o + bomBytes] ?? 0).toString(16).toUpperCase()}` })),
      message: `${fileName} is not saved as UTF-8: line ${line} has the byte 0x${byte.toString(16).toUpperCase()}, which is ${q(char)} in Windows-1252. ${plural(
        enc.invalid.count,
        'such byte',
      )}${where}. JSON lines files are always UTF-8.`,
      advice: 'Export the file again as UTF-8 (JSON is always UTF-8; an export tool that writes JSON does so unless told otherwise) and upload it again.',
    }),
  ];
}

/** The advice for a line that is not one JSON object, with the likely cause. */
function notAnObjectAdvice(n: number, lineText: string, value: JsonValue | undefined, lines: number): string {
  const t = javaTrim(lineText);
  if (n === 1 && (t === '[' || t === '{' || (Array.isArray(value) && lines === 1))) {
    return (
      'The file looks like one JSON document (an array, or JSON spread over several lines), not JSON lines. Convert it to one object per line, ' +
      "e.g. with `jq -c '.[]' in.json > out.jsonl` for an array of objects, and upload the .jsonl file."
    );
  }
  return `Fix line ${n} so that it holds one complete JSON object, such as ${example}, and upload the file again. A missing comma, quote or bracket is the usual cause; text values go in double quotes.`;
}

export function precheckJsonl(input: JsonlHeadInput): { findings: Finding[]; header: string[] } {
  const { text, truncated, fileName, contract } = input;
  const header = contract.columns.map((c) => c.name);
  const findings: Finding[] = encodingFindings(input);
  const windowText = truncated ? ` (first ${num(text.length)} characters)` : '';

  let lines = splitLines(text);
  // a head that stops inside a line: that line is not complete and is not checked
  if (truncated && lines.length > 0 && !/[\r\n]$/.test(text)) lines = lines.slice(0, -1);
  if (lines.length === 0) {
    findings.push(
      finding({
        code: 'line_too_long',
        severity: 'warn',
        line: 1,
        message: `Line 1 of ${fileName} is longer than ${num(text.length)} characters, so no rows could be checked before loading.`,
        advice: 'Nothing to do if the objects really are this large. Otherwise check that each object is on its own line.',
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
          message: `Line ${n} of ${fileName} is not valid JSON: ${error.problem} (character ${num(lead + error.offset + 1)}).`,
          advice: notAnObjectAdvice(n, l.text, undefined, lines.length),
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
          message: `Line ${n} of ${fileName} is a JSON ${kindOf(value)}, not an object: each line of a JSON lines file is one object, such as ${example}.`,
          advice: notAnObjectAdvice(n, l.text, value, lines.length),
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
        message: `${plural(blanks.length, 'empty line')} in ${fileName}${windowText}: line ${list(blanks.slice(0, MAX_EXAMPLES))}${
          blanks.length > MAX_EXAMPLES ? ' and more' : ''
        }. In JSON lines every line is one object.`,
        advice: 'Remove the empty lines (also those at the end of the file) and upload the file again: an empty line would be read as a row without values.',
      }),
    );
  }
  // the keys are compared only when every line read is an object (after a broken line, later keys are unknown)
  if (objects.length === 0 || broken) return { findings, header };
  findings.push(...keyFindings(objects, contract, fileName, truncated));
  return { findings, header };
}

/** The keys of the head's objects against the contract's columns (keys match ignoring case, as the engines read them). */
function keyFindings(objects: { line: number; object: JsonObject }[], contract: Contract, fileName: string, truncated: boolean): Finding[] {
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
        message: `Line ${line} of ${fileName} has the key ${q(column.key)} ${spellings.length} times${
          same ? '' : ` (as ${list(spellings.map((s) => q(s)))}; keys are matched ignoring capitals)`
        }, so it is not clear which value to load.`,
        advice: `Keep one ${q(column.key)} per object (whatever its capitals) and upload the file again.`,
        examples: [{ line, value: visible(spellings.join(', '), 120) }],
      }),
    );
  }

  const where = truncated ? ' in the first part of the file' : '';
  const noneHave =
    objects.length === 1
      ? `${truncated ? 'the one object' : 'its one object'}${where} does not have it`
      : `none of ${truncated ? 'the' : 'its'} ${plural(objects.length, 'object')}${where} has it`;
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
          message: `The key ${q(key)} (line ${line} of ${fileName}) differs from the contract's ${q(e.key)} only in capitals. Keys are matched ignoring capitals, so it was matched anyway.`,
          advice: `Nothing to do now. Next time write the key as ${q(e.key)} exactly.`,
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
          message: s
            ? `The key ${q(e.key)} is missing from ${fileName}: ${noneHave}. Line ${s.line} has the key ${q(s.key)}: did you mean ${q(e.key)}?`
            : `The key ${q(e.key)} is missing from ${fileName}: ${noneHave}, and ${e.why}.`,
          advice: s
            ? `Rename the key ${q(s.key)} to ${q(e.key)} and upload the file again.`
            : `Give every object the key ${q(e.key)} and upload the file again. If the data no longer has it, ask the contract owner (${visible(
                contract.owner,
              )}) to change the contract "${visible(contract.id)}".`,
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
          message: `The key ${q(s.key)} (line ${s.line} of ${fileName}) is not in the contract, and no object has the contract's ${q(e.key)}: did you mean ${q(e.key)}? Its values are ignored.`,
          advice: `Rename the key ${q(s.key)} to ${q(e.key)} and upload the file again, or the column ${q(e.name)} stays empty.`,
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
        message: `${plural(others.length, 'key')} in ${fileName} ${others.length === 1 ? 'is' : 'are'} not in the contract, so ${
          others.length === 1 ? 'its values are' : 'their values are'
        } ignored: ${list(shown.map(([key]) => q(key)))}${others.length > shown.length ? ' and more' : ''}.`,
        advice: `Nothing to do if ${others.length === 1 ? 'it is not needed. To load it' : 'they are not needed. To load one'}, add a column for it to the contract "${visible(contract.id)}".`,
      }),
    );
  }
  return findings;
}
