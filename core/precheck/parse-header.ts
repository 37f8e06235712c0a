/**
 * Reads the head as CSV records with the chosen delimiter and reports what is wrong with the structure:
 * a quote that is never closed, a line that does not end within the head, no data rows, empty lines and rows
 * whose field count differs from the header's.
 */
import type { Language } from '../../schemas/language';
import type { Finding } from '../../schemas/payloads';
import { type CsvRecord, parseCsv } from '../csv';
import { finding, MAX_EXAMPLES, visible } from './text';
import { layoutWords } from './words';

export interface HeadLayout {
  /** The first record (the header, or the first data row for header-less files); undefined when unreadable. */
  first?: CsvRecord;
  /** Complete data records in the head (blank lines excluded). */
  rows: CsvRecord[];
  findings: Finding[];
}

export interface ReadHeadOptions {
  delimiter: string;
  quote: string;
  /** True when the head is only the start of the file. */
  truncated: boolean;
  fileName: string;
  /** Characters in the head, for "longer than …" messages. */
  windowChars: number;
  /** The file has a header line (contract `file.header`). */
  header: boolean;
  /** Line number of the text's first line (below a preamble); default 1. */
  firstLine?: number;
  language: Language;
}

/** Lines swallowed by an open quote that look like rows (same number of delimiters as the header). */
function rowLikeLines(text: string, delimiter: string, fields: number): number {
  const lines = text.split(/\r\n|\r|\n/).slice(1);
  return lines.filter((l) => l.split(delimiter).length === fields).length;
}

/** The quote still open where a record's first physical line ends: its field position and offset in the text. */
function openQuoteOnFirstLine(text: string, delimiter: string, quote: string): { field: number; offset: number } | undefined {
  let field = 0;
  let fieldStart = 0;
  let inQuotes = false;
  let opened = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const lineBreak = c === '\r' || c === '\n';
    if (inQuotes) {
      if (lineBreak) return { field, offset: opened };
      if (c === quote) {
        if (text[i + 1] === quote) i += 1;
        else inQuotes = false;
      }
      continue;
    }
    if (lineBreak) return undefined;
    if (c === delimiter) {
      field += 1;
      fieldStart = i + 1;
    } else if (c === quote && i === fieldStart) {
      inQuotes = true;
      opened = i;
    }
  }
  return undefined;
}

export function readHead(text: string, options: ReadHeadOptions): HeadLayout {
  const { delimiter, quote, truncated, fileName } = options;
  const firstLine = options.firstLine ?? 1;
  const parsed = parseCsv(text, { delimiter, quote, firstLine });
  const records = parsed.records;
  const findings: Finding[] = [];
  const words = layoutWords[options.language];
  const window = words.fmt.num(options.windowChars);

  const first = records[0];
  if (!first) return { rows: [], findings };
  const columnName = (field: number) => (options.header ? first.fields[field]?.trim() : undefined) || undefined;

  // A quote never closed: in a whole file always an error; in a head only when it swallowed lines that look like rows.
  const open = parsed.openQuote;
  if (open) {
    const rowLike = rowLikeLines(text.slice(open.offset), delimiter, first.complete ? first.fields.length : 0);
    if (!truncated || rowLike >= 2) {
      const column = open.line === firstLine ? undefined : columnName(open.field);
      const where = words.quoteWhere(column, open.field + 1);
      findings.push(
        finding({
          code: 'unterminated_quote',
          severity: 'reject_load',
          column,
          line: open.line,
          message: words.quoteNeverClosed(fileName, quote, open.line, where, truncated ? window : undefined),
          advice: words.quoteAdvice(quote, open.line),
          examples: [{ line: open.line, value: visible(text.slice(open.offset, open.offset + 80), 80) }],
        }),
      );
      return { first: open.line === firstLine ? undefined : first, rows: [], findings };
    }
  }

  // A stray quote that a quote on a later line happens to close: the value swallows whole rows. (A real multi-line
  // value, such as an address, holds line breaks but not lines with a row's worth of delimiters.)
  const width = first.complete ? first.fields.length : 0;
  if (width > 1) {
    for (const r of records.slice(options.header ? 1 : 0)) {
      if (r.endLine === r.line) continue;
      const swallowed = rowLikeLines(r.text, delimiter, width);
      if (swallowed === 0) continue;
      const opened = openQuoteOnFirstLine(r.text, delimiter, quote);
      const column = opened ? columnName(opened.field) : undefined;
      const where = words.quoteWhere(column, opened ? opened.field + 1 : undefined);
      findings.push(
        finding({
          code: 'unterminated_quote',
          severity: 'reject_load',
          column,
          line: r.line,
          message: words.quoteRunsOn(fileName, quote, r.line, where, r.endLine, swallowed),
          advice: words.quoteAdvice(quote, r.line),
          examples: [{ line: r.line, value: visible(r.text.slice(opened?.offset ?? 0, (opened?.offset ?? 0) + 80), 80) }],
        }),
      );
      return { first, rows: [], findings };
    }
  }

  // The last record of a truncated head is cut off by the window.
  const cut = truncated && records.at(-1)?.complete === false ? records.at(-1) : undefined;
  if (cut === first) {
    findings.push(
      finding({
        code: 'line_too_long',
        severity: 'reject_load',
        line: firstLine,
        ...words.firstLineTooLong(fileName, firstLine, options.header, window),
      }),
    );
    return { rows: [], findings };
  }
  const body = records.slice(options.header ? 1 : 0).filter((r) => r !== cut && !(r.complete === false && open));
  const rows = body.filter((r) => !r.blank);
  if (cut && rows.length === 0) {
    findings.push(
      finding({
        code: 'line_too_long',
        severity: 'warn',
        line: cut.line,
        ...words.lineTooLong(fileName, cut.line, window),
      }),
    );
  }

  if (!truncated && rows.length === 0 && options.header) {
    findings.push(
      finding({
        code: 'header_only',
        severity: 'reject_load',
        line: firstLine,
        ...words.headerOnly(fileName),
      }),
    );
  }

  const blanks = body.filter((r) => r.blank);
  if (blanks.length > 0) {
    const lines = blanks.map((r) => r.line);
    findings.push(
      finding({
        code: 'blank_lines',
        severity: 'warn',
        line: lines[0],
        count: blanks.length,
        examples: blanks.slice(0, MAX_EXAMPLES).map((r) => ({ line: r.line, value: '' })),
        ...words.blankLines(fileName, lines.slice(0, MAX_EXAMPLES), lines.length, truncated ? window : undefined),
      }),
    );
  }

  const expected = first.fields.length;
  const ragged = rows.filter((r) => r.fields.length !== expected);
  if (ragged.length > 0) {
    const shown = ragged.slice(0, MAX_EXAMPLES);
    const more = rows.some((r) => r.fields.length > expected);
    const fewer = rows.some((r) => r.fields.length < expected);
    findings.push(
      finding({
        code: 'ragged_rows',
        severity: 'reject_load',
        line: shown[0]?.line,
        count: ragged.length,
        examples: shown.map((r) => ({ line: r.line, value: visible(r.text, 120) })),
        message: words.ragged(
          fileName,
          ragged.length,
          truncated ? window : undefined,
          options.header,
          expected,
          shown.map((r) => ({ line: r.line, values: r.fields.length })),
          ragged.length > shown.length,
        ),
        advice: words.raggedAdvice(delimiter, more, fewer),
      }),
    );
  }
  return { first, rows, findings };
}
