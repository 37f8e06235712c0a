import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inferContract } from '../../core/infer';
import { rawTableName, tenantDatabase } from '../../core/tables';
import { uploadFile } from '../../local/commands/upload';
import { LocalRuntime } from '../../local/runtime/runtime';
import { lastQuarantine } from '../support/quarantine';

const projectRoot = join(import.meta.dirname, '..', '..');
const treesFile = join(projectRoot, 'packs/gullies/data/trees.csv');
const tenant = 'leeuwarden';

/** The same register as a Dutch spreadsheet would save it: Windows-1252, `;`, decimal commas. */
function asDutchSpreadsheet(csv: string): Buffer {
  const lines = csv.split('\r\n').map((line, i) => {
    if (i === 0 || line === '') return line.replaceAll(',', ';');
    // The file has no commas inside quoted values, so a plain split is exact here.
    const fields = line.split(',');
    const numeric = new Set([0, 2, 5, 6]);
    const out = fields.map((v, j) => (numeric.has(j) ? v.replace('.', ',') : v));
    if (i === 4) out[4] = 'café bij de Oldehove – € 12,50';
    // Remarks like "Bonifatiushosp; dubbelstammig" hold the new delimiter: quote them, as Excel does.
    return out.map((v) => (v.includes(';') ? `"${v}"` : v)).join(';');
  });
  return encodeCp1252(lines.join('\r\n'));
}

function encodeCp1252(text: string): Buffer {
  const special: Record<string, number> = { '€': 0x80, '–': 0x96 };
  for (const ch of text) if (!(ch in special) && ch.charCodeAt(0) > 0xff) throw new Error(`no windows-1252 byte for ${ch}`);
  return Buffer.from([...text].map((ch) => special[ch] ?? ch.charCodeAt(0)));
}

describe('Leeuwarden trees: an inferred contract validates the real file', () => {
  let workspace: string;
  let runtime: LocalRuntime;

  beforeAll(async () => {
    workspace = await mkdtemp(join(tmpdir(), 'polder-leeuwarden-'));
    runtime = await LocalRuntime.open({ workspace, projectRoot });
  });

  afterAll(async () => {
    await runtime?.close();
    await rm(workspace, { recursive: true, force: true });
  });

  it('accepts every row with the contract polder contract infer writes', async () => {
    const { yaml } = inferContract({ sample: await readFile(treesFile), fileName: 'trees.csv', dataset: 'bomen' });
    const contractFile = join(workspace, 'bomen.yaml');
    await writeFile(contractFile, yaml);

    const { report } = await runtime.validate(treesFile, { dataset: 'bomen', tenant, contractFile });

    expect(report.status).toBe('accepted');
    expect(report.rows).toEqual({ total: 2088, accepted: 2088, rejected: 0, warned: 0 });
  });

  it('accepts the Windows-1252, semicolon, decimal-comma copy with the matching settings, and reads it right', async () => {
    const dutch = asDutchSpreadsheet(await readFile(treesFile, 'utf8'));
    const file = join(workspace, 'bomen-excel.csv');
    await writeFile(file, dutch);
    const inferred = inferContract({ sample: dutch, fileName: 'bomen-excel.csv', dataset: 'bomen_excel' });
    expect(inferred.contract.file).toMatchObject({ encoding: 'windows-1252', delimiter: ';', decimal_separator: ',' });
    const contractFile = join(workspace, 'bomen-excel.yaml');
    await writeFile(contractFile, inferred.yaml.replace(/^(\s*)type: string # controleer: in vrije tekst.*$/m, '$1type: string\n$1privacy: keep'));

    const summary = await uploadFile(runtime, file, { tenant, dataset: 'bomen_excel', contractFile });

    expect(summary.status, JSON.stringify(summary.stages)).toBe('SUCCEEDED');
    expect(summary.stages.find((s) => s.stage === 'validate')).toMatchObject({ status: 'accepted', rowsIn: 2088, rejected: 0 });
    const { rows } = await runtime.ports.engine.query(
      `select elementnr, plantjaar, x, y, opmerkinge from bomen_excel where _line in (2, 5) order by _line`,
      { tenant, database: tenantDatabase(tenant) },
    );
    expect(rows).toEqual([
      { elementnr: 1080, plantjaar: 1925, x: 183630.428, y: 579873.302, opmerkinge: null },
      expect.objectContaining({ opmerkinge: 'café bij de Oldehove – € 12,50' }),
    ]);
  });

  it('reads a quoted Windows-1252 value holding the delimiter, é and € through the UTF-8 copy, keeping the upload as it came', async () => {
    const contractFile = join(workspace, 'terrassen.yaml');
    await writeFile(
      contractFile,
      [
        'id: terrassen',
        'title: Terrasvergunningen',
        'owner: Team Vergunningen',
        'source_type: own',
        'purpose: Test',
        "file: { delimiter: ';', encoding: windows-1252, decimal_separator: ',' }",
        'load: { max_rejected_percent: 50 }',
        'columns:',
        '  - { name: nr, type: integer, nullable: false }',
        '  - { name: naam, type: string, privacy: keep }',
        '  - { name: bedrag, type: decimal, scale: 2 }',
        '',
      ].join('\n'),
    );
    // Excel quotes a value holding the delimiter, a quote or a line break; line 4's value spans two lines.
    const lines = [
      'nr;naam;bedrag',
      '1;"Café; terras – € 12,50";12,50',
      '2;Brasserie "De Waag";7,5',
      '3;"Zoë; ""Bij de Kanselarij""',
      'tweede regel, ook €";1000',
      '4;Crêperie;ça',
      '',
    ];
    const upload = encodeCp1252(lines.join('\r\n'));
    const file = join(workspace, 'terrassen.csv');
    await writeFile(file, upload);

    const summary = await uploadFile(runtime, file, { tenant, dataset: 'terrassen', contractFile });

    expect(summary.status, JSON.stringify(summary.stages)).toBe('SUCCEEDED');
    expect(summary.stages.find((s) => s.stage === 'validate')).toMatchObject({ status: 'accepted_with_warnings', rowsIn: 4, rejected: 1 });
    const query = async (sql: string) => (await runtime.ports.engine.query(sql, { tenant, database: tenantDatabase(tenant) })).rows;
    expect(await query('select _line, nr, naam, bedrag from terrassen order by _line')).toEqual([
      { _line: 2, nr: 1, naam: 'Café; terras – € 12,50', bedrag: 12.5 },
      { _line: 3, nr: 2, naam: 'Brasserie "De Waag"', bedrag: 7.5 },
      { _line: 4, nr: 3, naam: 'Zoë; "Bij de Kanselarij"\r\ntweede regel, ook €', bedrag: 1000 },
    ]);
    expect(await query(`select line, column_name, value from ${await lastQuarantine(runtime, tenant, 'terrassen')}`)).toEqual([
      { line: 6, column_name: 'bedrag', value: 'ça' },
    ]);

    // raw/ keeps the upload byte for byte; the raw table reads the UTF-8 copy in its own folder
    const loadId = summary.loadId;
    const store = runtime.ports.store;
    const raw = await store.list('lake', `raw/${tenant}/terrassen/load=${loadId}/`);
    expect(raw).toEqual([`raw/${tenant}/terrassen/load=${loadId}/terrassen.csv`]);
    expect(Buffer.from(await store.get({ bucket: 'lake', key: raw[0]! })).equals(upload)).toBe(true);
    const decoded = await store.list('lake', `decoded/${tenant}/terrassen/load=${loadId}/`);
    expect(decoded).toEqual([`decoded/${tenant}/terrassen/load=${loadId}/terrassen.csv`]);
    expect(new TextDecoder().decode(await store.get({ bucket: 'lake', key: decoded[0]! }))).toBe(lines.join('\r\n'));
    // the load's raw table (over the copy, see test/unit/functions: prepare-checks) is gone once the load is done
    expect(await runtime.ports.catalog.getTable(tenantDatabase(tenant), rawTableName('terrassen', loadId as string))).toBeUndefined();
  });
});
