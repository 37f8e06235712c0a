// Only the Trino grammar (see core/sql/trino.ts for why).
import { TrinoSQL } from 'dt-sql-parser/dist/parser/trino';
import {
  FunctionCallContext,
  IdentifierContext,
  NamedQueryContext,
  QueryStatementContext,
  StatementContext,
  StatementDefaultContext,
  TableFunctionCallContext,
  TableRefContext,
  ViewRefContext,
} from 'dt-sql-parser/dist/lib/trino/TrinoSqlParser';

/**
 * What a Trino statement reaches, read from its parse tree (dt-sql-parser): the tables it names (CTE names
 * resolved by scope, so `with trees as (select * from raw_trees)` still names `raw_trees`), the functions it
 * calls and the kinds of its statements. Names are lowercased, as Trino and DuckDB compare them.
 */
export interface SqlReferences {
  /** Every table or view named, as its name parts: `["trees"]`, `["polder_x", "trees"]`. */
  tables: string[][];
  /** Scalar, aggregate and window functions called, by name (`read_csv`, `lower`). */
  functions: string[];
  /** Table functions (`TABLE(f(...))`) called. */
  tableFunctions: string[];
  /** Statement kinds: `query` for a select/with/values/table, else the grammar's name (`SetSession`, `Use`). */
  statements: string[];
  /** Parse errors with line and column; the statement is not Trino when there are any. */
  errors: string[];
}

type Node = { children?: Node[] | null } & object;

let parser: TrinoSQL | undefined;

/** Identifier text as the engines see it: quotes removed, `""` undoubled, lowercased. */
function identifierName(id: IdentifierContext | null | undefined): string {
  const text = id?.getText() ?? '';
  const quoted = /^"(.*)"$|^`(.*)`$/s.exec(text);
  return (quoted ? (quoted[1] ?? quoted[2] ?? '').replace(/""/g, '"') : text).toLowerCase();
}

function statementKind(node: StatementContext): string {
  if (node instanceof StatementDefaultContext) return 'query';
  return node.constructor.name.replace(/Context$/, '');
}

export function sqlReferences(sql: string): SqlReferences {
  parser ??= new TrinoSQL();
  const refs: SqlReferences = { tables: [], functions: [], tableFunctions: [], statements: [], errors: [] };
  // validate collects the errors; the listener keeps parse from printing them
  refs.errors = parser.validate(sql).map((e) => `regel ${e.startLine}:${e.startColumn}: ${e.message}`);
  const tree = parser.parse(sql, () => undefined) as unknown as Node;

  // ctes: names visible at this point of the tree (a CTE is visible after its definition, not in its own body)
  const walk = (node: Node, ctes: ReadonlySet<string>): void => {
    if (node instanceof StatementContext) refs.statements.push(statementKind(node));
    if (node instanceof TableRefContext || node instanceof ViewRefContext) {
      const parts = node.identifier().map(identifierName);
      if (!(parts.length === 1 && ctes.has(parts[0] ?? ''))) refs.tables.push(parts);
      return;
    }
    if (node instanceof FunctionCallContext) refs.functions.push(node.functionName().getText().toLowerCase());
    if (node instanceof TableFunctionCallContext) refs.tableFunctions.push(node.functionName().getText().toLowerCase());
    if (node instanceof QueryStatementContext && node.with()) {
      const visible = new Set(ctes);
      for (const named of node.with()?.namedQuery() ?? []) {
        walkNamed(named, node.with()?.KW_RECURSIVE() ? new Set([...visible, identifierName(named._name)]) : visible);
        visible.add(identifierName(named._name));
      }
      walk(node.queryNoWith() as unknown as Node, visible);
      return;
    }
    for (const child of node.children ?? []) walk(child, ctes);
  };
  const walkNamed = (named: NamedQueryContext, ctes: ReadonlySet<string>) => walk(named.query() as unknown as Node, ctes);
  walk(tree, new Set());
  return refs;
}
