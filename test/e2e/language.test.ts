/**
 * The findings of the validate stage in the load's language: a small file that breaks every kind of rule, validated
 * offline as `polder validate` does. In Dutch (the tenant's default) no message, advice, reason or set-aside CSV line
 * is an English sentence; with `language: 'en'` the same load speaks English.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalRuntime } from '../../local/runtime/runtime';
import type { ValidateOutput } from '../../schemas/payloads';

const projectRoot = join(import.meta.dirname, '..', '..');

const contract = `id: meldingen
title: Meldingen openbare ruimte
owner: Team Wijkbeheer
source_type: own
purpose: Meldingen afhandelen
file: { delimiter: ';', date_format: '%d-%m-%Y' }
columns:
  - { name: nummer, source: NUMMER, type: integer, nullable: false, rules: [{ kind: unique }] }
  - { name: soort, source: SOORT, type: string, rules: [{ kind: accepted_values, values: [afval, verlichting, bestrating] }] }
  - { name: code, source: CODE, type: string, rules: [{ kind: pattern, regex: '^[A-Z]{2}[0-9]{2}$' }] }
  - { name: jaar, source: JAAR, type: integer, rules: [{ kind: range, min: 2000, max: 2026, severity: warn }] }
  - { name: datum, source: DATUM, type: date, rules: [{ kind: range, min: 2010 }] }
  - { name: postcode, source: POSTCODE, type: postcode }
  - { name: buurt, source: BUURT, type: cbs_buurt, rules: [{ kind: reference, dataset: buurten, column: code }] }
  - { name: van, source: VAN, type: integer }
  - { name: tot, source: TOT, type: integer, rules: [{ kind: expression, sql: 'tot >= van' }] }
keys: { primary: [soort, code] }
load: { max_rejected_percent: 10 }
`;

const good = (i: number) => `${i};afval;AB${String(i % 100).padStart(2, '0')};2020;01-02-2020;8911 AB;BU00800000;1;2`;
const lines = [
  'NUMMER;SOORT;CODE;JAAR;DATUM;POSTCODE;BUURT;VAN;TOT',
  ...Array.from({ length: 12 }, (_, i) => good(i + 1)),
  '13;afval;AB01;2020;01-02-2020;8911 AB;BU00800000;1;2', // key (soort, code) again
  '1;verlichting;CD13;2020;01-02-2020;8911 AB;BU00800000;1;2', // nummer 1 again
  ';bestrating;CD14;2020;01-02-2020;8911 AB;BU00800000;1;2', // nummer empty
  '16;kapot;CD15;2020;01-02-2020;8911 AB;BU00800000;1;2', // soort not accepted
  '17;afval;cd-16;2020;01-02-2020;8911 AB;BU00800000;1;2', // code pattern
  '18;afval;CD17;1850;01-02-2020;8911 AB;BU00800000;1;2', // jaar range (warning)
  '19;afval;CD18;2020;01-02-2005;8911 AB;BU00800000;1;2', // datum range
  '20;afval;CD19;2020;31-02-2020;8911 AB;BU00800000;1;2', // datum type
  '21;afval;CD20;2020;01-02-2020;89 ABC;BU00800000;1;2', // postcode type
  '22;afval;CD21;2020;01-02-2020;8911 AB;BU00800000;5;2', // expression
  '2x;afval;CD22;2020;01-02-2020;8911 AB;BU00800000;1;2', // nummer type
];

/** The last field of a CSV line, as written (quoted when it has to be). */
const lastField = (line: string): string => [...line.matchAll(/("(?:[^"]|"")*"|[^,]*)(?:,|$)/g)].map((m) => m[1]).filter((f) => f !== '').at(-1) ?? '';

/** English words that a Dutch finding must not contain. */
const english = /\b(the|rows?|values?|appears|upload|column|is not|does not|times)\b/i;

describe("the validate stage's findings in the load's language", () => {
  let workspace: string;
  let runtime: LocalRuntime;
  let file: string;
  let contractFile: string;

  beforeAll(async () => {
    workspace = await mkdtemp(join(tmpdir(), 'polder-language-'));
    runtime = await LocalRuntime.open({ workspace, projectRoot });
    file = join(workspace, 'meldingen.csv');
    await writeFile(file, `${lines.join('\n')}\n`);
    contractFile = join(workspace, 'meldingen.yaml');
    await writeFile(contractFile, contract);
  });
  afterAll(async () => {
    await runtime?.close();
    if (workspace) await rm(workspace, { recursive: true, force: true });
  });

  const validate = async (language?: 'nl' | 'en') => {
    const result = await runtime.validate(file, { dataset: 'meldingen', tenant: 'leeuwarden', contractFile, ...(language ? { language } : {}) });
    const folder = join(workspace, 'buckets', runtime.ports.buckets.lake, dirname(result.reportKey));
    const csv = await readFile(join(folder, 'set-aside.csv'), 'utf8');
    const html = await readFile(join(folder, 'report.html'), 'utf8');
    return { ...result, csv, html, stage: result.run.output as ValidateOutput };
  };

  it('in Dutch by default: every kind of rule broken, and not one English sentence', async () => {
    const { report, csv, html, stage } = await validate();
    expect(report.language).toBe('nl');
    expect(report.status).toBe('rejected');
    expect(report.rows).toMatchObject({ total: 23, rejected: 11, warned: 1 });
    expect(new Set(report.findings.map((f) => f.rule))).toEqual(
      new Set(['unique', 'not_null', 'type', 'accepted_values', 'pattern', 'range', 'reference', 'expression']),
    );
    const texts = [report.reason, ...report.findings.flatMap((f) => [f.message, f.advice])];
    for (const text of texts) expect(text).not.toMatch(english);
    expect(report.reason).toBe('48% van de rijen (11 van de 23) voldoet niet aan de afspraken; de afspraak is dat dat hoogstens 10% mag zijn.');
    const messages = csv.split('\r\n').slice(1, -1).map(lastField);
    expect(messages.length).toBeGreaterThanOrEqual(10);
    for (const message of messages) expect(message).not.toMatch(english);
    expect(csv.split('\r\n')[0]).toBe('\ufeffregel,kolom,controle,waarde,melding');
    expect(messages).toContain('"NUMMER ""2x"" is geen geheel getal"');
    expect(messages).toContain('"sleutel (SOORT, CODE) ""afval | AB01"" komt 2 keer voor"');
    expect(stage.message).toMatch(/^48% van de rijen .* Wat te doen: .* Rapport: s3:\/\/.*report\.html$/);
    expect(stage.message).not.toMatch(english);
    // what the report page says outside the technical details
    const page = html.replace(/<details class="technical">[\s\S]*?<\/details>/g, '').replace(/<[^>]+>/g, ' ');
    expect(page).not.toMatch(/\b(the|rows|appears|upload)\b/i);
  });

  it('in English on request', async () => {
    const { report, csv, stage } = await validate('en');
    expect(report.language).toBe('en');
    expect(report.reason).toBe('48% of the rows (11 of 23) broke the rules, more than the 10% the contract allows.');
    expect(report.findings.find((f) => f.rule === 'pattern')).toMatchObject({
      message: '1 row set aside: CODE "cd-16" does not match the pattern ^[A-Z]{2}[0-9]{2}$ (first at line 18).',
      advice: 'Write these values in the expected format (see the examples and the contract pattern).',
    });
    expect(csv.split('\r\n')[0]).toBe('\ufeffline,column,check,value,message');
    expect(csv).toContain('"NUMMER ""2x"" is not a whole number"');
    expect(stage.message).toMatch(/ What to do: .* Report: s3:\/\//);
  });
});
