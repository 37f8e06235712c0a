import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasTitle, wordsFor } from '../../../../core/report/words';
import type { Finding } from '../../../../schemas/payloads';

/**
 * Every finding code made anywhere has a title in words, in Dutch and English: the report shows the title, the bare
 * code only under the technical details. The codes are read from the source (`code: 'x'`, `code: a ? 'x' : 'y'`,
 * `stop('x', …)` in core/report/intake.ts, `xCode = 'x'`, and the rules' `rule: 'x'` in core/contract), so a new code without a title fails here.
 */

const root = join(import.meta.dirname, '..', '..', '..', '..');

function tsFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const path = `${dir}/${e.name}`;
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : tsFiles(path);
    return e.name.endsWith('.ts') ? [path] : [];
  });
}

function madeCodes(): Map<string, string> {
  const codes = new Map<string, string>();
  for (const file of ['core', 'functions', 'adapters', 'local'].flatMap(tsFiles)) {
    const text = readFileSync(join(root, file), 'utf8');
    const expressions = [
      ...[...text.matchAll(/\bcode: ([^,\n}]+)/g)].map((m) => m[1] ?? ''),
      // the checks' rules (a link's plan has rules of its own, no findings)
      ...(file.startsWith('core/contract/') ? [...text.matchAll(/\brule: ([^,\n}]+)/g)].map((m) => m[1] ?? '') : []),
      ...[...text.matchAll(/\bstop\(('[a-z_]+')/g)].map((m) => m[1] ?? ''),
      // a code kept in a constant (`export const repeatCode = 'repeat'`)
      ...[...text.matchAll(/\b[a-zA-Z]+Code = ('[a-z_]+')/g)].map((m) => m[1] ?? ''),
    ];
    for (const expression of expressions) {
      for (const literal of expression.matchAll(/'([a-z][a-z0-9_]*)'/g)) codes.set(literal[1] ?? '', file);
    }
  }
  return codes;
}

const finding = (code: string, column?: string): Finding => ({
  code,
  severity: 'reject_load',
  count: 1,
  examples: [],
  message: '',
  advice: '',
  ...(column ? { column } : {}),
});

describe('Finding titles', () => {
  const codes = madeCodes();

  it('finds the codes the pre-check, the intake and the rules make', () => {
    for (const code of ['missing_column', 'ragged_rows', 'invalid_json', 'repeat', 'rows_lost', 'unknown_dataset', 'not_null', 'type', 'range']) {
      expect([...codes.keys()]).toContain(code);
    }
  });

  it('gives every code made anywhere a title in both languages', () => {
    const untitled = [...codes].filter(([code]) => !hasTitle(code)).map(([code, file]) => `${code} (${file})`);
    expect(untitled).toEqual([]);
  });

  it('shows the title, not the code, in Dutch by default and in English', () => {
    expect(wordsFor('nl').findingTitle(finding('missing_column', 'boomsoort'))).toBe('Kolom boomsoort: kolom ontbreekt in het bestand');
    expect(wordsFor('en').findingTitle(finding('missing_column', 'boomsoort'))).toBe('Column boomsoort: column missing from the file');
    expect(wordsFor('nl').findingTitle(finding('ragged_rows'))).toBe('Regels met te veel of te weinig velden');
    expect(wordsFor('en').findingTitle(finding('repeat'))).toBe('The same file was delivered before');
    for (const [code] of codes) {
      for (const language of ['nl', 'en'] as const) {
        expect(wordsFor(language).findingTitle(finding(code, 'x')), code).not.toContain(code);
      }
    }
  });
});
