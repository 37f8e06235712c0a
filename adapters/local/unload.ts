/**
 * Athena's `UNLOAD (<select>) TO 's3://…/' WITH (…)` recognised by a small scanner (string literals,
 * quoted identifiers and comments are skipped, so parentheses inside them don't confuse it).
 */

export interface Unload {
  select: string;
  target: string;
  options: Record<string, string>;
}

/** Index just past the string/identifier/comment starting at i, or i when none starts there. */
function skipAtom(sql: string, i: number): number {
  const c = sql[i];
  if (c === "'" || c === '"') {
    let j = i + 1;
    while (j < sql.length) {
      if (sql[j] === c) {
        if (sql[j + 1] === c) j += 2;
        else return j + 1;
      } else j++;
    }
    return sql.length;
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

function skipSpace(sql: string, i: number): number {
  for (;;) {
    while (i < sql.length && /\s/.test(sql[i] ?? '')) i++;
    const c = sql[i];
    if ((c === '-' && sql[i + 1] === '-') || (c === '/' && sql[i + 1] === '*')) i = skipAtom(sql, i);
    else return i;
  }
}

/** Index of the parenthesis closing the one at `open`. */
function closing(sql: string, open: number): number {
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

export class UnloadSyntaxError extends Error {
  override name = 'UnloadSyntaxError';
}

/** Parses an UNLOAD statement; undefined when the statement is something else. */
export function parseUnload(sql: string): Unload | undefined {
  let i = skipSpace(sql, 0);
  if (!/^unload\b/i.test(sql.slice(i, i + 7))) return undefined;
  i = skipSpace(sql, i + 6);
  if (sql[i] !== '(') throw new UnloadSyntaxError('UNLOAD must be followed by a parenthesised query');
  const end = closing(sql, i);
  if (end < 0) throw new UnloadSyntaxError('UNLOAD query has an unbalanced parenthesis');
  const select = sql.slice(i + 1, end).trim();
  const rest = sql.slice(end + 1);
  const m = /^\s*TO\s+'((?:[^']|'')*)'\s*(?:WITH\s*\(([\s\S]*)\))?\s*;?\s*$/i.exec(rest);
  if (!m) throw new UnloadSyntaxError(`cannot read the UNLOAD target and options: ${rest.trim().slice(0, 120)}`);
  const options: Record<string, string> = {};
  for (const part of splitTopLevel(m[2] ?? '')) {
    const kv = /^\s*(\w+)\s*=\s*([\s\S]+?)\s*$/.exec(part);
    if (!kv) throw new UnloadSyntaxError(`cannot read UNLOAD option "${part.trim()}"`);
    const value = (kv[2] ?? '').replace(/^'([\s\S]*)'$/, '$1').replace(/''/g, "'");
    options[(kv[1] ?? '').toLowerCase()] = value;
  }
  return { select, target: (m[1] ?? '').replace(/''/g, "'"), options };
}

function splitTopLevel(text: string): string[] {
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
