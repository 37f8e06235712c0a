/**
 * A small CSV record parser for file heads and samples (RFC 4180 plus the usual leniency):
 * - a field is quoted only when the quote is its first character; inside, `""` is one quote;
 * - a quote later in an unquoted field is a plain character;
 * - line breaks are CRLF, LF or a lone CR; quoted fields may hold line breaks;
 * - the text may stop anywhere (a head): the last record is then marked incomplete, and a quote still open at
 *   the end is reported with the line it was opened on.
 * Line numbers are physical lines, 1-based (the header is line 1), as people see them in an editor.
 */

export interface CsvRecord {
  fields: string[];
  /** Line the record starts on. */
  line: number;
  /** Line the record ends on (differs from `line` when a quoted value holds line breaks). */
  endLine: number;
  /** False when the text stopped before the record's line break (last record of a head, or no final newline). */
  complete: boolean;
  /** An empty line: one empty, unquoted field. */
  blank: boolean;
  /** The record's text as written, without its line break. */
  text: string;
  /** Offset of the record's first character in the text. */
  offset: number;
}

export interface OpenQuote {
  /** Line the quote was opened on. */
  line: number;
  /** 0-based field position in the record. */
  field: number;
  /** Offset in the text of the opening quote. */
  offset: number;
  /** Line breaks inside the still-open value. */
  lineBreaks: number;
}

export interface CsvParseResult {
  records: CsvRecord[];
  /** Set when the text ends inside a quoted value. */
  openQuote?: OpenQuote;
  /** Line number after the last record (the line the next record would start on). */
  nextLine: number;
}

export interface CsvParseOptions {
  delimiter: string;
  quote?: string;
  /** Stop after this many records. */
  maxRecords?: number;
  /** Line number of the text's first line (a text that starts below a preamble); default 1. */
  firstLine?: number;
}

export function parseCsv(text: string, options: CsvParseOptions): CsvParseResult {
  const delimiter = options.delimiter;
  const quote = options.quote ?? '"';
  const maxRecords = options.maxRecords ?? Number.POSITIVE_INFINITY;
  const n = text.length;
  const records: CsvRecord[] = [];

  let i = 0;
  let line = options.firstLine ?? 1;
  let fields: string[] = [];
  let field = '';
  let fieldStart = 0;
  let recordStart = 0;
  let recordLine = line;
  let anyQuoted = false;
  let inQuotes = false;
  let quoteLine = 0;
  let quoteStart = 0;

  const endRecord = (end: number, complete: boolean) => {
    fields.push(field);
    const blank = fields.length === 1 && field === '' && !anyQuoted;
    records.push({ fields, line: recordLine, endLine: line, complete, blank, text: text.slice(recordStart, end), offset: recordStart });
    fields = [];
    field = '';
    anyQuoted = false;
  };

  while (i < n && records.length < maxRecords) {
    const c = text[i] as string;
    if (inQuotes) {
      if (c === quote) {
        if (text[i + 1] === quote) {
          field += quote;
          i += 2;
        } else {
          inQuotes = false;
          i += 1;
        }
        continue;
      }
      if (c === '\r' || c === '\n') {
        const crlf = c === '\r' && text[i + 1] === '\n';
        field += crlf ? '\r\n' : c;
        i += crlf ? 2 : 1;
        line += 1;
        continue;
      }
      field += c;
      i += 1;
      continue;
    }
    if (c === delimiter && delimiter !== '') {
      fields.push(field);
      field = '';
      i += 1;
      fieldStart = i;
      continue;
    }
    if (c === quote && quote !== '' && i === fieldStart) {
      inQuotes = true;
      anyQuoted = true;
      quoteLine = line;
      quoteStart = i;
      i += 1;
      continue;
    }
    if (c === '\r' || c === '\n') {
      const end = i;
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      endRecord(end, true);
      line += 1;
      recordStart = i;
      recordLine = line;
      fieldStart = i;
      continue;
    }
    field += c;
    i += 1;
  }

  let openQuote: OpenQuote | undefined;
  if (records.length < maxRecords && (recordStart < n || inQuotes)) {
    if (inQuotes) {
      openQuote = { line: quoteLine, field: fields.length, offset: quoteStart, lineBreaks: line - quoteLine };
    }
    endRecord(n, false);
  }
  return { records, openQuote, nextLine: line };
}
