import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ContractError, parseContract } from '../../../../core/contract/parse';
import { jsonSchemaPath, renderContractJsonSchema } from '../../../../core/contract/write-json-schema';

const base = 'id: t\ntitle: T\nowner: o\nsource_type: own\npurpose: test\n';

describe('parseContract', () => {
  it('lists every problem with its path and the file name', () => {
    try {
      parseContract(`${base}columns:\n  - { name: a, type: integer }\n  - { name: b, type: nope }\n  - { name: a, type: string, rules: [{ kind: range, min: x }] }\n`, 'bomen.yaml');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ContractError);
      const e = error as ContractError;
      expect(e.message).toContain('bomen.yaml');
      expect(e.problems.some((p) => p.startsWith('columns[1].type: '))).toBe(true);
      expect(e.problems.some((p) => p.startsWith('columns[2].rules[0].min: '))).toBe(true);
    }
  });

  it('reports YAML syntax errors and cross-field problems', () => {
    expect(() => parseContract('id: [', 'x.yaml')).toThrow(/x\.yaml[\s\S]*YAML/);
    expect(() => parseContract(`${base}columns:\n  - { name: a, type: integer }\n  - { name: a, type: integer }\n`, 'x.yaml')).toThrow(/columns\[1\]\.name: "a" is used twice/);
    expect(() => parseContract(`${base}file: { date_format: '%d %q %Y' }\ncolumns:\n  - { name: a, type: date }\n`, 'x.yaml')).toThrow(/file\.date_format/);
  });

  it('fills defaults', () => {
    const c = parseContract(`${base}columns:\n  - { name: a, type: integer }\n`, 'x.yaml');
    expect(c.file.null_markers).toEqual(['']);
    expect(c.columns[0]?.severity).toBe('reject_row');
  });
});

describe('schemas/contract.schema.json', () => {
  it('is up to date (regenerate: npx tsx core/contract/write-json-schema.ts)', () => {
    expect(readFileSync(jsonSchemaPath, 'utf8')).toBe(renderContractJsonSchema());
  });
});
