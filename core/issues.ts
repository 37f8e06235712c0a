/**
 * The one way Polder words a schema's complaints (zod issues): one line per problem, `path: message`, the path in
 * the style people read in YAML and JSON (`columns[2].rules[0].values`), not zod's dotted arrays.
 */

export interface Issue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/** `columns[2].rules[0].values`; `whole` when the problem is with the whole value. */
export function issuePath(path: readonly PropertyKey[], whole = '(top)'): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out || whole;
}

/** One `path: message` line per issue. */
export function describeIssues(issues: readonly Issue[], whole = '(top)'): string[] {
  return issues.map((i) => `${issuePath(i.path, whole)}: ${i.message}`);
}
