// Only the Trino grammar: the package's index loads every dialect (see core/sql/trino.ts).
import { TrinoSQL } from 'dt-sql-parser/dist/parser/trino';

/** A table a model's SQL reads, as written (quotes removed, lowercased) with its place for messages. */
export interface TableRef {
  /** Parts of the name: `["gullies"]`, or `["polder_x", "gullies"]` when qualified. */
  parts: string[];
  line: number;
}

export class SqlRefsError extends Error {
  override name = 'SqlRefsError';
}

let parser: TrinoSQL | undefined;

interface Node {
  constructor: { name: string };
  children?: Node[] | null;
  start?: { start: number; line: number };
  stop?: { stop: number } | null;
}

const unquote = (part: string) => (part.startsWith('"') ? part.slice(1, -1).replace(/""/g, '"') : part.toLowerCase());

/** Splits `a."b.c"` into its parts, honouring double quotes. */
function nameParts(text: string): string[] {
  const parts: string[] = [];
  for (const m of text.matchAll(/"(?:[^"]|"")*"|[^.\s]+/g)) parts.push(unquote(m[0]));
  return parts;
}

function textOf(sql: string, node: Node): string {
  return node.start && node.stop ? sql.slice(node.start.start, node.stop.stop + 1) : '';
}

/**
 * The tables a Trino query reads, from its parse tree: every table name that is not a CTE in scope. A CTE sees
 * the CTEs defined before it but not itself, so `with gullies as (select * from gullies)` reads the table.
 */
export function tableRefs(sql: string): TableRef[] {
  parser ??= new TrinoSQL();
  const errors = parser.validate(sql);
  if (errors.length) {
    const e = errors[0]!;
    throw new SqlRefsError(`line ${e.startLine}:${e.startColumn}: ${e.message}`);
  }
  const refs: TableRef[] = [];
  const visit = (node: Node, scope: ReadonlySet<string>): void => {
    const kind = node.constructor.name;
    if (kind === 'TableNameContext') {
      const parts = nameParts(textOf(sql, node));
      if (!(parts.length === 1 && scope.has(parts[0]!))) refs.push({ parts, line: node.start?.line ?? 0 });
      return;
    }
    const children = node.children ?? [];
    const withClause = children.find((c) => c.constructor.name === 'WithContext');
    if (!withClause) {
      for (const child of children) visit(child, scope);
      return;
    }
    const inner = new Set(scope);
    for (const named of withClause.children ?? []) {
      if (named.constructor.name !== 'NamedQueryContext') continue;
      visit(named, inner);
      const name = named.children?.[0];
      if (name) inner.add(unquote(textOf(sql, name)));
    }
    for (const child of children) if (child !== withClause) visit(child, inner);
  };
  visit(parser.parse(sql) as unknown as Node, new Set());
  return refs;
}
