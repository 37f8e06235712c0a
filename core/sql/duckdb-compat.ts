import { readFileSync } from 'node:fs';

/** The macros of sql/duckdb-compat.sql as separate statements, for the local DuckDB engine to run once per connection. */
export const compatSqlPath = new URL('../../sql/duckdb-compat.sql', import.meta.url);

export function compatStatements(text: string = readFileSync(compatSqlPath, 'utf8')): string[] {
  // the file keeps `;` out of comments and literals, so a `;` at the end of a line ends a statement
  const withoutComments = text
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('--'))
    .join('\n');
  return withoutComments
    .split(/;[ \t]*$/m)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}
