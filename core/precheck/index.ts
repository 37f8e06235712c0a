/**
 * Pre-check of a file head against its contract, before any SQL runs: empty or binary files, encoding,
 * delimiter, quotes, ragged rows and the header. Pure: bytes and a contract in, findings out.
 */
import type { Contract } from '../../schemas/contract';
import type { Language } from '../../schemas/language';
import type { Finding, PreambleValue } from '../../schemas/payloads';
import { fileColumns, withColumns } from '../contract/preamble';
import { parseCsv } from '../csv';
import { firstLineIsHeader } from '../infer/layout';
import { guessType } from '../infer/types';
import { precheckJsonl } from './jsonl';
import { HEAD_BYTES, lineOfByte } from './lines';
import { matchByPosition, matchHeader } from './match-header';
import { readHead } from './parse-header';
import { sniffDelimiter } from './sniff-dialect';
import { type BinaryKind, decode, sniffBinary, sniffEncoding, sniffUtf16 } from './sniff-encoding';
import { delimiterYaml, finding, visible } from './text';
import { fileWords } from './words';

export { didYouMean, levenshtein, looseKey } from './did-you-mean';
export { precheckJsonl } from './jsonl';
export { type HeaderMatch, matchByPosition, matchHeader } from './match-header';
export { readHead } from './parse-header';
export { DELIMITERS, sniffDelimiter } from './sniff-dialect';
export { decode, invalidUtf8, sniffBinary, sniffEncoding, sniffUtf16 } from './sniff-encoding';


export interface PrecheckInput {
  /** The first bytes of the file (already decompressed when `gzip`). */
  head: Uint8Array;
  /** Size of the whole object in bytes (compressed size for gzip). */
  size: number;
  fileName: string;
  contract: Contract;
  /** The file name ends in .gz and the caller inflated the head; gzip bytes in `head` then mean it could not. */
  gzip?: boolean;
  /** How many bytes the caller reads at most; default 64 KiB. */
  window?: number;
  /** The language the findings are written in (the load's). */
  language: Language;
}

export interface PrecheckResult {
  status: 'ok' | 'rejected';
  findings: Finding[];
  /** For each column position in the file: the contract column it holds, or null for an extra column. */
  header: (string | null)[];
  encoding: 'utf-8' | 'windows-1252';
  delimiter: string;
  bom: boolean;
  /** The `key;value` lines above the table (file.header_line > 1), each with the preamble column it becomes. */
  preamble?: PreambleValue[];
}


/** Field position of a character offset within a record's text (quote-aware). */
function fieldAt(text: string, from: number, to: number, delimiter: string, quote: string): number {
  let field = 0;
  let inQuotes = false;
  for (let i = from; i < to; i++) {
    const c = text[i];
    if (c === quote) inQuotes = !inQuotes;
    else if (c === delimiter && !inQuotes) field += 1;
  }
  return field;
}

/** The text from line `headerLine` on, and the lines above it; undefined when the text has fewer lines. */
function splitPreamble(text: string, headerLine: number): { preamble: string; body: string; firstLine: number } | undefined {
  let offset = 0;
  for (let line = 1; line < headerLine; line++) {
    const end = text.slice(offset).search(/\r\n|\r|\n/);
    if (end < 0) return undefined;
    offset += end + (text.startsWith('\r\n', offset + end) ? 2 : 1);
  }
  return { preamble: text.slice(0, offset), body: text.slice(offset), firstLine: headerLine };
}

/**
 * The `key;value` lines of a preamble (a metadata block above the table): per line with a key, the first non-empty
 * field after it as the value and the further fields as a note (`Straathoogte;-0,55;m + NAP`: `-0,55`, `m + NAP`).
 */
export function keyValues(preamble: string, delimiter: string, quote: string): PreambleValue[] {
  if (preamble === '') return [];
  return parseCsv(preamble, { delimiter, quote })
    .records.filter((r) => (r.fields[0] ?? '').trim() !== '')
    .map((r) => {
      const [value = '', ...more] = r.fields.slice(1).map((f) => f.trim()).filter((f) => f !== '');
      return { line: r.line, key: (r.fields[0] ?? '').trim(), value, ...(more.length > 0 ? { note: more.join(' ') } : {}) };
    });
}

export function precheck(input: PrecheckInput): PrecheckResult {
  const { head, fileName, contract } = input;
  const file = contract.file;
  const window = input.window ?? HEAD_BYTES;
  const gzip = input.gzip ?? false;
  const truncated = gzip ? input.size > window || head.length >= window : head.length < input.size;
  const findings: Finding[] = [];
  const result = (over: Partial<PrecheckResult> = {}): PrecheckResult => {
    const all = [...findings, ...(over.findings ?? [])];
    return {
      header: [],
      encoding: file.encoding,
      delimiter: file.delimiter,
      bom: false,
      ...over,
      findings: all,
      status: all.some((f) => f.severity === 'reject_load') ? 'rejected' : 'ok',
    };
  };
  const reject = (f: Omit<Finding, 'severity' | 'count' | 'examples'> & Partial<Finding>) =>
    result({ findings: [finding({ severity: 'reject_load', ...f })] });
  const jsonl = file.format === 'jsonl';
  const words = fileWords[input.language];

  // 1. empty, compressed, binary
  if (input.size === 0 || head.length === 0) {
    return reject({ code: 'empty_file', ...words.empty(fileName, input.size > 0 && gzip) });
  }
  if (gzip && file.compression === 'none') {
    findings.push(
      finding({
        code: 'compression_mismatch',
        severity: 'warn',
        ...words.compressedButNone(fileName),
      }),
    );
  }
  if (!gzip && file.compression === 'gzip') {
    findings.push(
      finding({
        code: 'compression_mismatch',
        severity: 'warn',
        ...words.plainButGzip(fileName),
      }),
    );
  }
  const utf16 = sniffUtf16(head);
  if (utf16) {
    return reject({ code: 'utf16_encoding', ...words.utf16(fileName, jsonl) });
  }
  const binary = sniffBinary(head);
  if (binary?.kind === 'gzip') {
    return gzip
      ? reject({ code: 'gzip_unreadable', ...words.gzipUnreadable(fileName) })
      : reject({ code: 'binary_file', ...words.gzipWithoutGz(fileName) });
  }
  if (binary?.kind === 'nul') {
    const offset = binary.offset ?? 0;
    return reject({ code: 'binary_file', line: lineOfByte(head, offset), ...words.nulBytes(fileName, lineOfByte(head, offset), offset + 1, jsonl) });
  }
  if (binary) return reject({ code: 'binary_file', ...words.binary(fileName, binary.kind, jsonl) });

  // 2. encoding
  const enc = sniffEncoding(head, truncated);
  const text = decode(head, enc.encoding, enc.bom);
  const encoding = enc.ascii ? file.encoding : enc.encoding;
  const base = { encoding, bom: enc.bom };
  if (text.trim() === '') {
    return reject({ code: 'empty_file', ...words.noData(fileName, enc.bom) });
  }
  const where = words.inFirst(truncated ? head.length : undefined);
  if (jsonl) {
    const checked = precheckJsonl({ text, head, enc, truncated, fileName, contract, language: input.language });
    return result({ ...base, header: checked.header, findings: checked.findings });
  }
  if (file.format !== 'csv') {
    // refused when the contract is loaded (core/contract/parse.ts); a contract that got past that reads nothing
    return reject({ code: 'unsupported_format', ...words.unsupportedFormat(fileName, file.format) });
  }

  // 3. a preamble above the table (file.header_line), then the delimiter
  const table = splitPreamble(text, file.header_line);
  if (!table) {
    return reject({
      code: 'header_line_missing',
      line: file.header_line,
      ...words.headerLineMissing(fileName, file.header_line, where),
    });
  }
  const { body, firstLine } = table;
  const values = keyValues(table.preamble, file.delimiter, file.quote);
  const preamble = values.length > 0 ? withColumns(contract, values) : undefined;
  const headings = file.header ? fileColumns(contract).map((c) => c.source ?? c.name) : [];
  const { delimiter } = sniffDelimiter(body, { preferred: file.delimiter, quote: file.quote, expectedHeadings: headings });
  if (delimiter !== file.delimiter) {
    findings.push(
      finding({
        code: 'delimiter_mismatch',
        severity: 'reject_load',
        line: firstLine,
        ...words.delimiterMismatch(fileName, words.fmt.delimiter(delimiter), words.fmt.delimiter(file.delimiter), delimiterYaml(delimiter)),
      }),
    );
  }

  // 4. structure
  const layout = readHead(body, {
    delimiter,
    quote: file.quote,
    truncated,
    fileName,
    windowChars: text.length,
    header: file.header,
    firstLine,
    language: input.language,
  });
  findings.push(...layout.findings);

  // encoding findings come here: they name the line and column of the first odd byte
  const locate = (offset: number) => {
    const bodyOffset = offset;
    const line = (text.slice(0, bodyOffset).match(/\r\n|\r|\n/g)?.length ?? 0) + 1;
    const lineStart = Math.max(text.lastIndexOf('\n', bodyOffset - 1), text.lastIndexOf('\r', bodyOffset - 1)) + 1;
    const index = fieldAt(text, lineStart, bodyOffset, delimiter, file.quote);
    // a line of the preamble above the table is in no column
    const column = line < firstLine ? undefined : file.header ? layout.first?.fields[index]?.trim() : fileColumns(contract)[index]?.name;
    const lineEnd = text.slice(bodyOffset).search(/\r|\n/);
    const lineText = text.slice(lineStart, lineEnd < 0 ? text.length : bodyOffset + lineEnd);
    const value = lineText.split(delimiter)[index] ?? lineText;
    return { line, column: column || undefined, value };
  };
  if (enc.encoding === 'windows-1252' && file.encoding === 'utf-8') {
    const offsets = enc.invalid.offsets;
    const first = locate(offsets[0] ?? 0);
    const byte = head[(offsets[0] ?? 0) + (enc.bom ? 3 : 0)] ?? 0;
    const char = new TextDecoder('windows-1252').decode(new Uint8Array([byte]));
    findings.push(
      finding({
        code: 'encoding_mismatch',
        severity: 'reject_load',
        ...words.notUtf8(fileName, first, `0x${byte.toString(16).toUpperCase()}`, char, enc.invalid.count, where),
        column: first.column,
        line: first.line,
        count: enc.invalid.count,
        examples: offsets.map((o) => {
          const at = locate(o);
          return { line: at.line, value: visible(at.value) };
        }),
      }),
    );
  } else if (enc.encoding === 'utf-8' && enc.invalid.count > 0) {
    findings.push(
      finding({
        code: 'invalid_utf8',
        severity: 'reject_load',
        line: lineOfByte(head, (enc.invalid.offsets[0] ?? 0) + 3),
        count: enc.invalid.count,
        ...words.mixedEncodings(fileName, enc.invalid.count, where, lineOfByte(head, (enc.invalid.offsets[0] ?? 0) + 3)),
      }),
    );
  } else if (enc.encoding === 'utf-8' && !enc.ascii && file.encoding === 'windows-1252') {
    const offset = text.search(/[^\u0000-\u007f]/);
    const first = locate(offset < 0 ? 0 : offset);
    const char = text[offset] ?? '';
    findings.push(
      finding({
        code: 'encoding_mismatch',
        severity: 'reject_load',
        ...words.utf8Not1252(fileName, enc.bom, first, char),
        column: first.column,
        line: first.line,
        examples: [{ line: first.line, value: visible(first.value) }],
      }),
    );
  }

  // 5. header
  const first = layout.first;
  if (!first) return result({ ...base, delimiter, preamble });
  const match = file.header ? matchHeader(first.fields, contract, fileName, input.language) : matchByPosition(first.fields, contract, fileName, input.language);
  const onHeaderLine: Finding[] = match.findings.map((f) => ({ ...f, line: f.line === 1 ? firstLine : f.line, examples: f.examples.map((e) => ({ ...e, line: e.line === 1 ? firstLine : e.line })) }));
  if (!file.header && first.complete && layout.rows.length > 1) {
    const guess = (values: string[]) => guessType({ name: '', values }, file.decimal_separator, { rdX: false, rdY: false, lat: false, lon: false }, new Date().getFullYear()).type;
    if (firstLineIsHeader(first.fields, layout.rows.slice(1), guess) && !onHeaderLine.some((f) => f.code === 'unexpected_header')) {
      onHeaderLine.push(
        finding({
          code: 'unexpected_header',
          severity: 'warn',
          line: firstLine,
          examples: [{ line: firstLine, value: visible(first.fields.join(delimiter), 120) }],
          ...words.headerNotExpected(fileName, firstLine),
        }),
      );
    }
  }
  return result({ ...base, delimiter, header: match.header, findings: onHeaderLine, preamble });
}
