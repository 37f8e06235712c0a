/**
 * A small scanner for SQL text: string literals, quoted names and comments are skipped as a whole, so the
 * parentheses, commas and semicolons inside them do not count. Used to split Athena's UNLOAD (core/sql/unload.ts)
 * and to vet user-written expressions (core/contract/expression.ts).
 */

/** Index of the quote closing the literal opened at `i` (doubled quotes are part of the literal), or -1. */
export function skipQuoted(sql: string, i: number, quote: string): number {
  for (let j = i + 1; j < sql.length; j++) {
    if (sql[j] !== quote) continue;
    if (sql[j + 1] === quote) j++;
    else return j;
  }
  return -1;
}

/** Index just past the string, quoted name or comment starting at i (the end of the text when it never ends), or i when none starts there. */
export function skipAtom(sql: string, i: number): number {
  const c = sql[i];
  if (c === "'" || c === '"') {
    const end = skipQuoted(sql, i, c);
    return end < 0 ? sql.length : end + 1;
  }
  if (c === '-' && sql[i + 1] === '-') {
    const end = sql.indexOf('\n', i);
    return end < 0 ? sql.length : end + 1;
  }
  if (c === '/' && sql[i + 1] === '*') {
    const end = sql.indexOf('*/', i + 2);
    return end < 0 ? sql.length : end + 2;
  }
  return i;
}

/** Index of the first character at or after i that is neither white space nor part of a comment. */
export function skipSpace(sql: string, i: number): number {
  for (;;) {
    while (i < sql.length && /\s/.test(sql[i] ?? '')) i++;
    const c = sql[i];
    if ((c === '-' && sql[i + 1] === '-') || (c === '/' && sql[i + 1] === '*')) i = skipAtom(sql, i);
    else return i;
  }
}

/** Index of the parenthesis closing the one at `open`, or -1. */
export function closingParen(sql: string, open: number): number {
  let depth = 0;
  let i = open;
  while (i < sql.length) {
    const skipped = skipAtom(sql, i);
    if (skipped !== i) {
      i = skipped;
      continue;
    }
    if (sql[i] === '(') depth++;
    else if (sql[i] === ')' && --depth === 0) return i;
    i++;
  }
  return -1;
}

/** The parts of a list separated by commas outside parentheses, brackets, literals and comments. */
export function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  let i = 0;
  while (i < text.length) {
    const skipped = skipAtom(text, i);
    if (skipped !== i) {
      i = skipped;
      continue;
    }
    const c = text[i];
    if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
    i++;
  }
  if (text.slice(start).trim() !== '') parts.push(text.slice(start));
  return parts;
}
