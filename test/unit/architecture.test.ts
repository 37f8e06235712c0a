import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as names from '../../core/names';

/**
 * The layout rules of docs/architecture.md ("Folders"), kept by reading the source: who may import whom, and that
 * every shared name of core/names.ts is spelled only there.
 */

const root = join(import.meta.dirname, '..', '..');
const sourceFolders = ['adapters', 'bench', 'core', 'functions', 'infra', 'local', 'schemas', 'scripts', 'workflows'];

function tsFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const path = `${dir}/${e.name}`;
    if (e.isDirectory()) return e.name === 'node_modules' || e.name === 'out' ? [] : tsFiles(path);
    return e.name.endsWith('.ts') ? [path] : [];
  });
}

const sources = sourceFolders.flatMap(tsFiles).sort();
const text = new Map(sources.map((f) => [f, readFileSync(join(root, f), 'utf8')]));

/** What a file imports: project files (relative to the root, without extension) and packages. */
function importsOf(file: string): string[] {
  const specs = [...(text.get(file) ?? '').matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)].map((m) => m[1] ?? '');
  return specs.map((s) => (s.startsWith('.') ? relative(root, join(root, dirname(file), s)).split(sep).join('/') : s));
}

const functionFiles = new Set(names.functionNames.map((n) => `functions/${n}`));

describe('Architecture: imports', () => {
  it('finds the source it checks', () => {
    expect(sources).toContain('functions/ingest.ts');
    expect(sources).toContain('core/names.ts');
    expect(importsOf('functions/ingest.ts')).toContain('core/contract-for-load');
  });

  it('no Lambda file imports another functions/ file than functions/lib/', () => {
    const offending = sources
      .filter((f) => functionFiles.has(f.replace(/\.ts$/, '')))
      .flatMap((f) => importsOf(f).filter((i) => i.startsWith('functions/') && !i.startsWith('functions/lib/')).map((i) => `${f} → ${i}`));
    expect(offending).toEqual([]);
  });

  it('core/, schemas/ and adapters/ import neither functions/ nor local/', () => {
    const offending = sources
      .filter((f) => /^(core|schemas|adapters)\//.test(f))
      .flatMap((f) => importsOf(f).filter((i) => /^(functions|local)\//.test(i)).map((i) => `${f} → ${i}`));
    expect(offending).toEqual([]);
  });

  it('core/ imports neither DuckDB nor an AWS SDK', () => {
    const offending = sources
      .filter((f) => f.startsWith('core/'))
      .flatMap((f) => importsOf(f).filter((i) => /^@duckdb\/|^@aws-sdk\/|^duckdb/.test(i) || i.startsWith('adapters/')).map((i) => `${f} → ${i}`));
    expect(offending).toEqual([]);
  });
});

/** Every string in core/names.ts, whatever its nesting. */
function namesIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(namesIn);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(namesIn);
  return [];
}

/** The code without comments: a name may be mentioned in prose. */
function code(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|\s)\/\/.*$/gm, '$1');
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Where a name is spelled out: as a whole string literal ('raw', "raw", `raw`), and for a prefix (ending in
 * `_`, `-`, `/`) also at the start of a literal that goes on (`raw_${…}`, 'polder_*').
 */
function spelling(name: string): RegExp {
  const n = escape(name);
  const prefix = /[_\-/]$/.test(name) ? `|['"\`]${n}(?:\\$\\{|\\*)` : '';
  return new RegExp(`'${n}'|"${n}"|\`${n}\`${prefix}`);
}

/**
 * The same word used for something else, each with the reason. Keep this short: a shared name belongs in
 * core/names.ts, and code uses it from there.
 */
const otherMeanings: Record<string, { files: string[]; why: string }> = {};

describe('Architecture: shared names', () => {
  const shared = [...new Set(namesIn(names))];

  it('reads the names of core/names.ts', () => {
    expect(shared).toEqual(expect.arrayContaining(['raw', 'raw_', 'polder:workflow', 'POLDER_FUNCTION', 'prepare-checks', 'pipeline']));
  });

  it('spells each shared name only in core/names.ts', () => {
    const offending: string[] = [];
    for (const name of shared) {
      const pattern = spelling(name);
      for (const file of sources) {
        if (file === 'core/names.ts' || otherMeanings[name]?.files.includes(file)) continue;
        const lines = code(text.get(file) ?? '').split('\n');
        lines.forEach((line, i) => {
          if (pattern.test(line)) offending.push(`${file}:${i + 1}: ${name} (${line.trim().slice(0, 100)})`);
        });
      }
    }
    expect(offending).toEqual([]);
  });

  it('would find a name spelled out elsewhere', () => {
    expect(spelling('raw_').test('const t = `raw_${dataset}`;')).toBe(true);
    expect(spelling('polder_').test("resourceName: 'polder_*'")).toBe(true);
    expect(spelling('polder:workflow').test("tag(resource, 'polder:workflow')")).toBe(true);
    expect(spelling('raw').test("loadPrefix('rawer', t)")).toBe(false);
    expect(code('// the raw zone: \'raw\'\nconst x = 1;')).not.toMatch(spelling('raw'));
  });
});
