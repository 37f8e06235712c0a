/**
 * Reads the head as CSV records with the chosen delimiter and reports what is wrong with the structure:
 * a quote that is never closed, a line that does not end within the head, no data rows, empty lines and rows
 * whose field count differs from the header's.
 */
import type { Finding } from '../../schemas/payloads';
import { type CsvRecord, parseCsv } from '../csv';
import { finding, list, MAX_EXAMPLES, num, plural, q, visible } from './text';

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
  const window = num(options.windowChars);
  const headerText = options.header ? 'header' : 'first line';

  const first = records[0];
  if (!first) return { rows: [], findings };
  const columnName = (field: number) => (options.header ? first.fields[field]?.trim() : undefined) || undefined;

  // A quote never closed: in a whole file always an error; in a head only when it swallowed lines that look like rows.
  const open = parsed.openQuote;
  if (open) {
    const rowLike = rowLikeLines(text.slice(open.offset), delimiter, first.complete ? first.fields.length : 0);
    if (!truncated || rowLike >= 2) {
      const column = open.line === firstLine ? undefined : columnName(open.field);
      const where = column ? `in column ${q(column)}` : `in field ${open.field + 1}`;
      findings.push(
        finding({
          code: 'unterminated_quote',
          severity: 'reject_load',
          column,
          line: open.line,
          message: `The quote (${quote}) that opens a value on line ${open.line} of ${fileName} (${where}) is never closed${
            truncated ? ` within the first ${window} characters` : ''
          }, so the rest of the file would be read as one value.`,
          advice: `Remove the stray ${quote} on line ${open.line} or add the closing one. A ${quote} inside a quoted value is written twice (${quote}${quote}).`,
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
      const where = column ? `in column ${q(column)}` : opened ? `in field ${opened.field + 1}` : 'in a value';
      findings.push(
        finding({
          code: 'unterminated_quote',
          severity: 'reject_load',
          column,
          line: r.line,
          message: `The quote (${quote}) that opens a value on line ${r.line} of ${fileName} (${where}) is not closed on that line: the value runs on to line ${r.endLine} and takes in ${plural(
            swallowed,
            'line',
          )} that look like rows.`,
          advice: `Remove the stray ${quote} on line ${r.line} or add the closing one. A ${quote} inside a quoted value is written twice (${quote}${quote}).`,
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
        message: `Line ${firstLine} (the ${headerText}) of ${fileName} is longer than ${window} characters, so the columns cannot be checked.`,
        advice: `Check that the file is a CSV file with one row per line. If the lines end in an unusual way, save it again from Excel as "CSV UTF-8 (comma delimited)".`,
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
        message: `Line ${cut.line} of ${fileName} is longer than ${window} characters, so no rows could be checked before loading.`,
        advice: `Nothing to do if the file really has very long values (such as map geometries). Otherwise check that each row is on its own line.`,
      }),
    );
  }

  if (!truncated && rows.length === 0 && options.header) {
    findings.push(
      finding({
        code: 'header_only',
        severity: 'reject_load',
        line: firstLine,
        message: `${fileName} has a header but no data rows.`,
        advice: `Export the file again with its rows. Loading an empty file would replace the current data with nothing.`,
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
        message: `${plural(blanks.length, 'empty line')} in ${fileName}${truncated ? ` (first ${window} characters)` : ''}: line ${list(lines.slice(0, MAX_EXAMPLES))}${
          lines.length > MAX_EXAMPLES ? ' and more' : ''
        }.`,
        advice: `Empty lines are read as rows without values. Remove them from the file.`,
      }),
    );
  }

  const expected = first.fields.length;
  const ragged = rows.filter((r) => r.fields.length !== expected);
  if (ragged.length > 0) {
    const shown = ragged.slice(0, MAX_EXAMPLES);
    const more = rows.some((r) => r.fields.length > expected);
    const fewer = rows.some((r) => r.fields.length < expected);
    const hint = more
      ? `A value probably contains ${delimiter === '\t' ? 'a tab' : `"${delimiter}"`} without quotes around it: put quotes around such values (Excel does this when it saves as CSV).`
      : '';
    const hintFewer = fewer ? 'Rows with fewer values are missing a column or were cut off.' : '';
    findings.push(
      finding({
        code: 'ragged_rows',
        severity: 'reject_load',
        line: shown[0]?.line,
        count: ragged.length,
        examples: shown.map((r) => ({ line: r.line, value: visible(r.text, 120) })),
        message: `${plural(ragged.length, 'row')} in ${fileName}${truncated ? ` (first ${window} characters)` : ''} ${
          ragged.length === 1 ? 'has' : 'have'
        } a different number of values than the ${headerText} (${expected}): ${shown
          .map((r) => `line ${r.line} has ${r.fields.length}`)
          .join(', ')}${ragged.length > shown.length ? ', …' : ''}.`,
        advice: [hint, hintFewer, 'Correct these rows and upload the file again.'].filter(Boolean).join(' '),
      }),
    );
  }
  return { first, rows, findings };
}
