import { readFileSync } from 'node:fs';

/**
 * The DuckDB compatibility layer: the macros of sql/duckdb-compat.sql that let Trino-dialect SQL run on DuckDB, as
 * separate statements, for the local DuckDB engine to run once per connection.
 */
export const compatSqlPath = new URL('../../sql/duckdb-compat.sql', import.meta.url);

/** The project's own file by default; the offline runtime passes the file of the checkout it runs. */
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
