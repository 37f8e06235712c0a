/**
 * Real-world CSV quirks, as a new user meets them: `contract infer` on a file, then `validate` with the draft as
 * written. Each file is made here with the quirk of a real Dutch open-data file (years as headings, an index column
 * without heading, a delimiter at the end of every line, a metadata block above the header in Windows-1252 with
 * decimal commas). Every file must be read whole and accepted by its own draft, with true line numbers.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseContract } from '../../core/contract/parse';
import { inferContract } from '../../core/infer';

import { LocalRuntime } from '../../local/runtime/runtime';

const projectRoot = join(import.meta.dirname, '..', '..');
const tenant = 'leeuwarden';

describe('CSV quirks: infer, then validate with the unedited draft', () => {
  let workspace: string;
  let runtime: LocalRuntime;

  beforeAll(async () => {
    workspace = await mkdtemp(join(tmpdir(), 'polder-quirks-'));
    runtime = await LocalRuntime.open({ workspace, projectRoot });
  });
  afterAll(async () => {
    await runtime?.close();
    if (workspace) await rm(workspace, { recursive: true, force: true });
  });

  async function roundTrip(fileName: string, content: string | Buffer, dataset: string) {
    const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    const path = join(workspace, fileName);
    await writeFile(path, bytes);
    const { yaml } = inferContract({ sample: bytes, fileName, dataset, complete: true });
    const draft = parseContract(yaml, `${dataset}.yaml`);
    const contractFile = join(workspace, `${dataset}.yaml`);
    await writeFile(contractFile, yaml);
    const { report } = await runtime.validate(path, { dataset, tenant, contractFile });
    return { draft, yaml, report };
  }

  it('takes a line of years as the header (wijk;2014;2015), not as a row', async () => {
    const rows = ['\ufeffwijk;2014;2015;2016', 'A00 Burgwallen-Oude Zijde;263417;273525;289984', 'A01 Burgwallen-Nieuwe Zijde;267895;281193;296762', 'A02 Grachtengordel-West;405405;421375;451146', 'A03 Grachtengordel-Zuid;466712;488234;522085'];
    const { draft, report } = await roundTrip('woz.csv', `${rows.join('\r\n')}\r\n`, 'woz');
    expect(draft.file.header).toBe(true);
    expect(draft.columns.map((c) => [c.name, c.source, c.type])).toEqual([
      ['wijk', undefined, 'string'],
      ['col_2014', '2014', 'integer'],
      ['col_2015', '2015', 'integer'],
      ['col_2016', '2016', 'integer'],
    ]);
    expect(report).toMatchObject({ status: 'accepted', rows: { total: 4, accepted: 4 } });
  });

  it('names an empty first heading (a pandas index) and an empty last one (a trailing delimiter) by position, and validates them', async () => {
    const rows = [',buurt,inwoners,', '0,Binnenstad,4440,', '1,Schilderswijk,9120,', '2,Oosterpoort,3405,', '3,Hortusbuurt,2990,'];
    const { draft, report } = await roundTrip('index.csv', `${rows.join('\n')}\n`, 'buurten_index');
    expect(draft.columns.map((c) => [c.name, c.source])).toEqual([
      ['column_1', undefined],
      ['buurt', undefined],
      ['inwoners', undefined],
      ['column_4', undefined],
    ]);
    expect(report.status).toBe('accepted');
    expect(report.rows).toMatchObject({ total: 4, accepted: 4 });
    expect(report.findings).toEqual([]);
  });

  it('finds the header below a metadata block (Windows-1252, decimal commas), keeps its key;value lines, and keeps line numbers true', async () => {
    const preamble = ['D06325 Freatisch;', 'Grondwaterstand ophooglaag (ca. 0-4m -mv);;', 'Locatie;D06325;', 'Adres;Oudezijds Voorburgwal 194;', 'Straathoogte;1,19;m + NAP', 'x-coördinaat;121611;', 'y-coördinaat;487347;', ';;', ';;'];
    const data = ['2022-02-02 11:31;-0,45;', '2021-12-09 12:28;-0,37;', '2021-09-29 09:19;-0,45;', '2021-07-26 08:03;-0,42;', '2021-05-19 10:27;-0,34;', '2021-03-01 10:00;-0,31;', '2021-01-05 09:12;-0,29;'];
    const text = `${[...preamble, 'datum;meting NAP;', ...data].join('\r\n')}\r\n`;
    const { draft, yaml, report } = await roundTrip('D06325Freatisch.csv', Buffer.from(text, 'latin1'), 'grondwater');
    expect(draft.file).toMatchObject({ header: true, header_line: 10, delimiter: ';', decimal_separator: ',', encoding: 'windows-1252' });
    expect(yaml).toContain('Locatie D06325');
    expect(draft.columns.map((c) => [c.name, c.type, c.preamble])).toEqual([
      ['datum', 'timestamp', undefined],
      ['meting_nap', 'decimal', undefined],
      ['column_3', 'string', undefined],
      // the key;value lines above the table, proposed as columns of every row
      ['locatie', 'string', 'Locatie'],
      ['adres', 'string', 'Adres'],
      ['straathoogte', 'decimal', 'Straathoogte'],
      ['x_coordinaat', 'rd_x', 'x-coördinaat'],
      ['y_coordinaat', 'rd_y', 'y-coördinaat'],
    ]);
    // an address is classified as any column would be; a street level is no street name
    expect(draft.columns.find((c) => c.name === 'adres')).toMatchObject({ personal_data: 'indirect', privacy: 'pseudonymise' });
    expect(draft.columns.find((c) => c.name === 'straathoogte')).toMatchObject({ personal_data: 'none' });
    expect(report).toMatchObject({ status: 'accepted', rows: { total: 7, accepted: 7 } });
    expect(report.preamble).toEqual(
      expect.arrayContaining([
        { line: 3, key: 'Locatie', value: 'D06325', column: 'locatie' },
        { line: 4, key: 'Adres', value: 'xxxxxxxxx xxxxxxxxxxx 999', column: 'adres' },
        { line: 5, key: 'Straathoogte', value: '1,19', note: 'm + NAP', column: 'straathoogte' },
        { line: 6, key: 'x-coördinaat', value: '121611', column: 'x_coordinaat' },
      ]),
    );

    // a bad value is named on its true line (preamble and header counted)
    const bad = `${[...preamble, 'datum;meting NAP;', ...data.slice(0, 3), '2021-07-26 08:03;laag;', ...data.slice(4)].join('\r\n')}\r\n`;
    const path = join(workspace, 'D06325-bad.csv');
    await writeFile(path, Buffer.from(bad, 'latin1'));
    const second = await runtime.validate(path, { dataset: 'grondwater', tenant, contractFile: join(workspace, 'grondwater.yaml') });
    expect(second.report.findings.find((f) => f.rule === 'type')).toMatchObject({ column: 'meting_nap', line: 14 });
  });

  it('reads a pretty-printed JSON document of nested objects as rows (key_1, key_2, then the values)', async () => {
    const doc = { Criminality: { Centrum: { 2014: 124, 2015: 124 }, West: { 2014: 91, 2015: 85 }, Noord: { 2014: 99, 2015: 97 } }, Nuisance: { Centrum: { 2014: 140, 2015: 138 }, West: { 2014: 80, 2015: 77 }, Noord: { 2014: 70, 2015: 71 } } };
    const { draft, report } = await roundTrip('veiligheidsindex.json', JSON.stringify(doc, null, 2), 'veiligheid');
    expect(draft.file.format).toBe('json');
    expect(draft.columns.map((c) => c.name)).toEqual(['key_1', 'key_2', 'col_2014', 'col_2015']);
    expect(report).toMatchObject({ status: 'accepted', rows: { total: 6, accepted: 6 } });
  });

  it('warns when a header-less contract meets a file that starts with its column names', async () => {
    const content = 'code;aantal\nGM0014;120\nGM0034;98\nGM0080;77\n';
    const path = join(workspace, 'noheader.csv');
    await writeFile(path, content);
    const contractFile = join(workspace, 'noheader.yaml');
    await writeFile(
      contractFile,
      'id: gemeenten\ntitle: G\nowner: O\nsource_type: open\npurpose: P\nfile: { delimiter: ";", header: false }\ncolumns:\n  - { name: gemeente, type: string }\n  - { name: aantal, type: integer }\n',
    );
    const { report } = await runtime.validate(path, { dataset: 'gemeenten', tenant, contractFile });
    expect(report.findings.map((f) => [f.code, f.line])).toContainEqual(['unexpected_header', 1]);
  });
});
