import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ContractError, parseContract } from '../../../../core/contract/parse';
import { errorText } from '../../../../core/worded-error';
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
    expect(() => parseContract(`${base}columns:\n  - { name: a, type: integer }\n  - { name: a, type: integer }\n`, 'x.yaml')).toThrow(/columns\[1\]\.name: "a" komt twee keer voor/);
    expect(() => parseContract(`${base}file: { date_format: '%d %q %Y' }\ncolumns:\n  - { name: a, type: date }\n`, 'x.yaml')).toThrow(/file\.date_format/);
  });

  /** The one line the CLI prints (errorText) for a broken contract, in a language. */
  const said = (text: string, language: 'nl' | 'en') => {
    try {
      parseContract(text, 'bomen.yaml');
    } catch (error) {
      expect(error).toBeInstanceOf(ContractError);
      return errorText(error, language);
    }
    throw new Error('the contract was accepted');
  };

  it('says in Dutch, and in English on request, the file, the field, what is wrong and what to do', () => {
    // a typo (tpye), a two-digit year, no owner, a name with a capital
    const text = "id: bomen\ntitle: Bomen\nsource_type: open\npurpose: beheer\nfile: { date_format: '%d-%m-%y' }\ncolumns:\n  - { name: boom_id, tpye: integer }\n  - { name: Soort, type: string }\n";
    const nl = said(text, 'nl');
    expect(nl).toMatch(/^bomen\.yaml klopt niet: /);
    expect(nl).toContain('owner: ontbreekt; vul het in (een tekst)');
    // only the two-digit year, not the checks it makes fail too
    expect(nl).toContain('file.date_format: een jaartal van twee cijfers (%y) is niet eenduidig (21 kan 1921 of 2021 zijn): vraag de leverancier om jaartallen van vier cijfers en gebruik %Y;');
    expect(nl.match(/file\.date_format/g)).toHaveLength(1);
    expect(nl).toContain('columns[0].type: ontbreekt, maar er staat "tpye": schrijf type; kies een van: string, integer,');
    expect(nl).toContain('columns[1].name: gebruik kleine letters, cijfers en liggende streepjes');
    expect(nl).not.toMatch(/Invalid|expected|received|ontving/);

    const en = said(text, 'en');
    expect(en).toMatch(/^bomen\.yaml is not a valid contract: /);
    expect(en).toContain('owner: is missing; fill it in (a text)');
    expect(en).toContain('file.date_format: two-digit years (%y) are ambiguous (21 could be 1921 or 2021): ask for four-digit years and use %Y;');
    expect(en).toContain('columns[0].type: is missing, but there is "tpye": write type; choose one of: string, integer,');
    expect(en).toContain('columns[1].name: use lowercase letters, digits and underscores');
  });

  it("words zod's own complaints in the language (its locale), and the cross-field checks in both", () => {
    const wrongType = `${base}columns:\n  - { name: a, type: integer, nullable: maybe }\n`;
    expect(said(wrongType, 'nl')).toMatch(/^bomen\.yaml klopt niet: columns\[0\]\.nullable: Ongeldige invoer: verwacht boolean/);
    expect(said(wrongType, 'en')).toMatch(/^bomen\.yaml is not a valid contract: columns\[0\]\.nullable: Invalid input: expected boolean/);
    const keep = `${base}columns:\n  - { name: bsn, type: bsn, privacy: keep }\n`;
    expect(said(keep, 'nl')).toMatch(/columns\[0\]\.privacy: "keep" bewaart bsn.*voeg een grondslag \(legal_basis/);
    expect(said(keep, 'en')).toMatch(/columns\[0\]\.privacy: "keep" stores bsn.*add a legal basis \(legal_basis/);
    const noKey = `${base}columns:\n  - { name: a, type: integer }\nkeys: { primary: [b] }\n`;
    expect(said(noKey, 'nl')).toBe('bomen.yaml klopt niet: keys.primary[0]: "b" is geen kolom van het contract; noem een kolom uit columns');
    expect(said(noKey, 'en')).toBe('bomen.yaml is not a valid contract: keys.primary[0]: "b" is not a column');
    expect(said('id: [', 'nl')).toMatch(/^bomen\.yaml klopt niet: YAML klopt niet: .*line 1/);
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
