import { parse as parseYaml, YAMLParseError } from 'yaml';
import { z } from 'zod';
import { type Contract, contract as contractSchema } from '../../schemas/contract';

export class ContractError extends Error {
  override name = 'ContractError';
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`${source} is not a valid contract:\n- ${problems.join('\n- ')}`);
  }
}

/** `columns[2].rules[0].values` — the path style people read in YAML, not zod's dotted arrays. */
export function issuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out || '(top)';
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
    throw new ContractError(
      source,
      result.error.issues.map((i) => `${issuePath(i.path)}: ${i.message}`),
    );
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
    const header = (col.source ?? col.name).toLowerCase();
    if (sources.has(header)) problems.push(`columns[${i}].source: header "${col.source ?? col.name}" is used twice`);
    sources.add(header);
    if (col.privacy === 'generalise' && col.type !== 'postcode') {
      problems.push(`columns[${i}].privacy: generalise is only defined for type postcode`);
    }
  });
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

/** JSON Schema of a contract file (the input side: defaults are optional), for editors and docs. */
export function contractJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(contractSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}
