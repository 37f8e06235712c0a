/**
 * The pre-check's findings in the load's language, through the real pipeline as `polder validate` runs it: a
 * Windows-1252 file under a UTF-8 contract, a workbook saved under a .csv name, a misspelt heading and a GeoJSON file
 * that breaks off. Dutch by default (the tenant's), English when the validate run asks for it.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalRuntime } from '../../local/runtime/runtime';
import type { Language } from '../../schemas/language';

const projectRoot = join(import.meta.dirname, '..', '..');

const contract = `id: bomen
title: Bomen
owner: Team Groen
source_type: open
purpose: Beheer van bomen
file: { delimiter: ';' }
columns:
  - { name: nummer, source: NUMMER, type: integer, nullable: false }
  - { name: boomsoort, source: BOOMSOORT, type: string }
  - { name: plantjaar, source: PLANTJAAR, type: integer }
`;

const geoContract = `id: wijken
title: Wijken
owner: Team Geo
source_type: open
purpose: Wijkgrenzen
file: { format: geojson }
columns:
  - { name: code, type: string }
  - { name: geometry_wkt, type: string }
`;

/** English words of the old texts; a Dutch finding holds none of them (contract fields such as file.encoding excepted). */
const english = /\b(the|upload|column|line|file|is not|missing|heading)\b/i;
const prose = (text: string) => text.replace(/\bfile\.[a-z_]+/g, '').replace(/"[^"]*"/g, '""');

describe("the pre-check's findings in the load's language (offline validate)", () => {
  let workspace: string;
  let runtime: LocalRuntime;
  const files: Record<string, string> = {};

  beforeAll(async () => {
    workspace = await mkdtemp(join(tmpdir(), 'polder-precheck-language-'));
    runtime = await LocalRuntime.open({ workspace, projectRoot });
    const put = async (name: string, content: string | Uint8Array) => {
      files[name] = join(workspace, name);
      await writeFile(files[name] as string, content);
    };
    await put('bomen.yaml', contract);
    await put('wijken.yaml', geoContract);
    await put('cp1252.csv', Buffer.concat([Buffer.from('NUMMER;BOOMSOORT;PLANTJAAR\n1;Eik;1925\n2;Tilia europ'), Buffer.from([0xe9]), Buffer.from('a;1954\n')]));
    await put('werkmap.csv', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('[Content_Types].xml xl/workbook.xml')]));
    await put('spelfout.csv', 'NUMMER;BOOMSORT;PLANTJAAR\n1;Eik;1925\n2;Beuk;1954\n');
    await put('kapot.geojson', '{"type": "FeatureCollection", "features": [\n{"type": "Feature", "properties": {"code": "A"}, "geometry": null},\n{"type": "Feature", "properties": {"code": "B",}, "geometry": null}\n]}\n');
  });
  afterAll(async () => {
    await runtime?.close();
    if (workspace) await rm(workspace, { recursive: true, force: true });
  });

  const validate = async (name: string, language?: Language, contractFile = files['bomen.yaml'] as string) =>
    (await runtime.validate(files[name] as string, { dataset: name.endsWith('.geojson') ? 'wijken' : 'bomen', tenant: 'leeuwarden', contractFile, ...(language ? { language } : {}) }))
      .report;

  it('in Dutch by default, saying what is wrong, where and what to do', async () => {
    const cp1252 = await validate('cp1252.csv');
    expect(cp1252.status).toBe('rejected');
    expect(cp1252.findings[0]).toMatchObject({
      code: 'encoding_mismatch',
      line: 3,
      column: 'BOOMSOORT',
      message: 'cp1252.csv is niet opgeslagen als UTF-8: regel 3 (kolom "BOOMSOORT") bevat de byte 0xE9, in Windows-1252 het teken "é". In totaal 1 zo\'n byte.',
      advice: "Sla het bestand op als UTF-8 (in Excel: Bestand > Opslaan als, 'CSV UTF-8 (door komma's gescheiden) (*.csv)'), of zet file.encoding: windows-1252 in het contract.",
    });
    const workbook = await validate('werkmap.csv');
    expect(workbook.findings[0]?.message).toBe('werkmap.csv is een Excel-werkmap (.xlsx) of een ander ZIP-bestand, geen CSV-tekstbestand.');
    const typo = await validate('spelfout.csv');
    expect(typo.findings.find((f) => f.code === 'missing_column')).toMatchObject({
      message: 'De kolom "BOOMSOORT" ontbreekt in spelfout.csv. Kolom 2 heet "BOOMSORT": bedoelde u "BOOMSOORT"?',
      advice: 'Verander de naam van kolom 2 van "BOOMSORT" in "BOOMSOORT" en lever het bestand opnieuw aan.',
    });
    const geo = await validate('kapot.geojson', undefined, files['wijken.yaml']);
    expect(geo.findings[0]).toMatchObject({ code: 'unreadable_file', line: 3 });
    expect(geo.findings[0]?.message).toBe(
      'kapot.geojson kan niet worden gelezen als GeoJSON: object (feature) 2 is geen geldige JSON: een komma vóór "}" (haal de laatste komma weg) (regel 3).',
    );
    for (const report of [cp1252, workbook, typo, geo]) {
      expect(report.language).toBe('nl');
      for (const f of report.findings) for (const text of [f.message, f.advice]) expect(prose(text).replace(/\(feature\)/g, '')).not.toMatch(english);
    }
  });

  it('in English when the validate run asks for it', async () => {
    const cp1252 = await validate('cp1252.csv', 'en');
    expect(cp1252.language).toBe('en');
    expect(cp1252.findings[0]?.message).toBe('cp1252.csv is not saved as UTF-8: line 3 (column "BOOMSOORT") has the byte 0xE9, which is "é" in Windows-1252. 1 such byte.');
    const typo = await validate('spelfout.csv', 'en');
    expect(typo.findings.find((f) => f.code === 'missing_column')?.message).toBe('The column "BOOMSOORT" is missing from spelfout.csv. Column 2 is headed "BOOMSORT": did you mean "BOOMSOORT"?');
    const geo = await validate('kapot.geojson', 'en', files['wijken.yaml']);
    expect(geo.findings[0]?.message).toBe('kapot.geojson cannot be read as GeoJSON: feature 2 is not valid JSON: a comma before "}" (remove the last comma) (line 3).');
  });
});
