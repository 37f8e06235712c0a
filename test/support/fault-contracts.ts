import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** A small contract for fault tests: `code` (a letter and digits, the key) and `naam`. */
export function faultContract(id: string, load: Record<string, unknown> = {}): string {
  const loadLines = Object.entries({ policy: 'replace', ...load }).map(([k, v]) => `  ${k}: ${JSON.stringify(v)}`);
  return [
    `id: ${id}`,
    'title: Fault test',
    'owner: Polder tests',
    'source_type: own',
    'purpose: fault tests',
    'columns:',
    '  - name: code',
    '    type: string',
    '    nullable: false',
    "    rules: [{ kind: pattern, regex: '^[a-z][0-9]+$' }]",
    '  - name: naam',
    '    type: string',
    'keys: { primary: [code] }',
    'load:',
    ...loadLines,
    '',
  ].join('\n');
}

/** `code,naam` rows `<prefix>1 … <prefix>n`. */
export function faultRows(prefix: string, n: number, from = 1): string {
  return Array.from({ length: n }, (_, i) => `${prefix}${from + i},naam ${prefix}${from + i}\n`).join('');
}

export async function writeFaultFile(dir: string, name: string, content: string | Uint8Array): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}
