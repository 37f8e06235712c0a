/**
 * Quoting for generated SQL. Every identifier is quoted, always: user text (header names, contract names,
 * table names) never reaches SQL unquoted, so reserved words, quotes and semicolons are just characters.
 */

export class SqlQuoteError extends Error {
  override name = 'SqlQuoteError';
}

// Control characters (incl. NUL) have no business in names or literals and some drivers truncate at NUL.
// eslint-disable-next-line no-control-regex
const controlChars = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
// eslint-disable-next-line no-control-regex
const controlCharsOrNewline = /[\u0000-\u001f\u007f]/;

/** `"name"`, with `"` doubled. Rejects empty names and control characters (incl. newlines). */
export function quoteIdent(name: string): string {
  if (name.length === 0) throw new SqlQuoteError('an SQL identifier cannot be empty');
  if (controlCharsOrNewline.test(name)) {
    throw new SqlQuoteError(`the name ${JSON.stringify(name)} contains a control character`);
  }
  return `"${name.replace(/"/g, '""')}"`;
}

/** `'text'`, with `'` doubled. Newlines and tabs are allowed (they are plain characters in a literal). */
export function quoteString(text: string): string {
  if (controlChars.test(text)) {
    throw new SqlQuoteError(`the text ${JSON.stringify(text)} contains a control character`);
  }
  return `'${text.replace(/'/g, "''")}'`;
}

/** A finite number as an SQL literal. */
export function numberLiteral(n: number): string {
  if (!Number.isFinite(n)) throw new SqlQuoteError(`${n} is not a finite number`);
  const text = String(n);
  // JS writes 1e21 / 1e-7 for very large/small numbers: the exponent form with a mantissa parses everywhere
  return /e/i.test(text) ? n.toExponential() : text;
}
