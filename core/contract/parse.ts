import { parse as parseYaml, YAMLParseError } from 'yaml';
import { z } from 'zod';
import { type Contract, contract as contractSchema } from '../../schemas/contract';
import { describeIssues } from '../issues';
import { privacyProblems } from './privacy';
import { coordinateProblems } from './coordinates';
import { preambleProblems } from './preamble';

export class ContractError extends Error {
  override name = 'ContractError';
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`${source} is not a valid contract:\n- ${problems.join('\n- ')}`);
  }
}

/** YAML text → checked contract. Every problem (YAML or schema) is listed with its path and the file name. */
export function parseContract(text: string, source: string): Contract {
  let raw: unknown;
  try {
    raw = parseYaml(text, { prettyErrors: true });
  } catch (error) {
    const message = error instanceof YAMLParseError ? error.message : String(error);
    throw new ContractError(source, [`YAML: ${message}`]);
  }
  const result = contractSchema.safeParse(raw);
  if (!result.success) {
    throw new ContractError(source, describeIssues(result.error.issues));
  }
  const problems = crossChecks(result.data);
  if (problems.length > 0) throw new ContractError(source, problems);
  return result.data;
}

/** Checks zod cannot express per field: names that must be unique or refer to other columns. */
export function crossChecks(c: Contract): string[] {
  const problems: string[] = [];
  const names = new Set<string>();
  const sources = new Set<string>();
  c.columns.forEach((col, i) => {
    if (names.has(col.name)) problems.push(`columns[${i}].name: "${col.name}" is used twice`);
    names.add(col.name);
    // a preamble column has no heading in the table (its key is checked in preamble.ts)
    if (col.preamble !== undefined) return;
    const header = (col.source ?? col.name).toLowerCase();
    if (sources.has(header)) problems.push(`columns[${i}].source: ${c.file.format === 'csv' ? 'header' : 'key'} "${col.source ?? col.name}" is used twice`);
    sources.add(header);
  });
  problems.push(...fileProblems(c));
  problems.push(...preambleProblems(c));
  problems.push(...privacyProblems(c));
  problems.push(...coordinateProblems(c));
  if (c.load.policy === 'upsert' && c.keys.primary.length === 0) {
    problems.push('load.policy: upsert replaces rows by their primary key, so keys.primary must name it');
  }
  for (const key of ['primary', 'join'] as const) {
    c.keys[key].forEach((k, i) => {
      if (!names.has(k)) problems.push(`keys.${key}[${i}]: "${k}" is not a column`);
    });
  }
  return problems;
}

/**
 * What the file dialect cannot be. JSON lines (`jsonl`) and GeoJSON are UTF-8 and write numbers with `.`; `header`,
 * `delimiter` and `quote` do not apply to them and are ignored.
 */
function fileProblems(c: Contract): string[] {
  const file = c.file;
  if (file.format === 'csv') return [];
  const kind = { geojson: 'GeoJSON', json: 'JSON', jsonl: 'JSON lines' }[file.format];
  const problems: string[] = [];
  if (file.encoding !== 'utf-8') {
    problems.push(
      `file.encoding: ${kind} files are UTF-8 (JSON text is UTF-8, RFC 8259), not ${file.encoding}: save the file as UTF-8 and remove file.encoding`,
    );
  }
  if (file.decimal_separator !== '.') {
    problems.push(
      `file.decimal_separator: JSON numbers are written with "." (12.5), so a ${file.format} contract cannot use ","; ` +
        'a number written as text with a comma ("12,5") is read as text: type that column string, or have the export write real numbers',
    );
  }
  return problems;
}

/** JSON Schema of a contract file (the input side: defaults are optional), for editors and docs. */
export function contractJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(contractSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}
