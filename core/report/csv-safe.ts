/**
 * Spreadsheet formula injection: a cell that starts with = + - @ (or tab or CR, which some programs skip before
 * such a character) is run as a formula when the file is opened in Excel or LibreOffice. Such cells get a leading
 * apostrophe, which spreadsheets show as text. Plain numbers (`-12`, `+3.5`, `-4,25`) cannot be formulas and are
 * left alone.
 */
const risky = /^[=+\-@\t\r]/;
const plainNumber = /^[+-]?\d+([.,]\d+)?$/;

export function csvSafe(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return risky.test(text) && !plainNumber.test(text) ? `'${text}` : text;
}

/** One CSV line: every cell neutralised, quoted when it holds the delimiter, a quote or a line break. */
export function csvLine(values: readonly (string | number | boolean | null | undefined)[], delimiter = ','): string {
  return values
    .map((v) => {
      const cell = csvSafe(v);
      return cell.includes(delimiter) || /["\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
    })
    .join(delimiter);
}
