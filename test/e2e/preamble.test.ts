/**
 * A Waternet-like groundwater series through the real pipeline: `contract infer` proposes the `key;value` lines above
 * the table as columns, the unedited draft is uploaded, and every curated row carries the well's id and RD x/y. A
 * file without a declared key, and one whose coordinate is not a number, are rejected with what to do.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inferContract } from '../../core/infer';
import { tenantDatabase } from '../../core/tables';
import { uploadFile } from '../../local/commands/upload';
import { LocalRuntime } from '../../local/runtime/runtime';
import type { LoadReport } from '../../schemas/report';

const projectRoot = join(import.meta.dirname, '..', '..');
const tenant = 'leeuwarden';
const dataset = 'peilbuis';

/** A well's export: a metadata block, two empty lines, the header, rows with a decimal comma and a trailing `;`. */
function wellFile(id: string, x: string | undefined, levels: string[]): Buffer {
  const block = [`${id} Freatisch;`, 'Grondwaterstand ophooglaag (ca. 0-4m -mv);;', `Locatie;${id};`, 'Status;Actief;', 'Straathoogte;-0,55;m + NAP', 'Diameter filter;51;mm'];
  // without x the line is there, under another key: the header stays on line 11
  block.push(x === undefined ? 'Opmerking;geen;' : `x-coördinaat;${x};`);
  block.push('y-coördinaat;497310;', ';;', ';;', 'datum;meting NAP;');
  const rows = levels.map((level, i) => `2022-0${(i % 9) + 1}-02 11:31;${level};`);
  return Buffer.from(`${[...block, ...rows].join('\r\n')}\r\n`, 'latin1');
}

describe('Preamble columns through the pipeline', () => {
  let workspace: string;
  let runtime: LocalRuntime;
  let contractFile: string;

  beforeAll(async () => {
    workspace = await mkdtemp(join(tmpdir(), 'polder-preamble-'));
    await mkdir(join(workspace, 'uploads'));
    runtime = await LocalRuntime.open({ workspace, projectRoot });
  });
  afterAll(async () => {
    await runtime?.close();
    if (workspace) await rm(workspace, { recursive: true, force: true });
  });

  const query = async (sql: string) => (await runtime.ports.engine.query(sql, { tenant, database: tenantDatabase(tenant) })).rows;

  async function upload(fileName: string, bytes: Buffer) {
    const path = join(workspace, 'uploads', fileName);
    await writeFile(path, bytes);
    const summary = await uploadFile(runtime, path, { tenant, dataset, contractFile });
    const key = `reports/${tenant}/${dataset}/load=${summary.loadId}/report.json`;
    const report = JSON.parse(new TextDecoder().decode(await runtime.ports.store.get({ bucket: 'lake', key }))) as LoadReport;
    return { summary, report };
  }

  it('infers the preamble columns and loads them into every row of the curated table', async () => {
    const first = wellFile('Z04791', '115420', ['-1,83', '-1,68', '-1,62', '-1,47', '-1,40', '-1,38']);
    const { yaml, contract } = inferContract({ sample: first, fileName: 'Z04791Freatisch.csv', dataset, complete: true });
    expect(contract.file.header_line).toBe(11);
    expect(contract.columns.filter((c) => c.preamble).map((c) => `${c.name}:${c.type}`)).toEqual([
      'locatie:string',
      'status:string',
      'straathoogte:decimal',
      'diameter_filter:integer',
      'x_coordinaat:rd_x',
      'y_coordinaat:rd_y',
    ]);
    contractFile = join(workspace, 'peilbuis.yaml');
    await writeFile(contractFile, yaml);

    const { report } = await upload('Z04791Freatisch.csv', first);
    expect(report).toMatchObject({ status: 'accepted', rows: { total: 6, accepted: 6 } });
    expect(report.preamble?.filter((p) => p.column).map((p) => `${p.line} ${p.key} → ${p.column}`)).toEqual([
      '3 Locatie → locatie',
      '4 Status → status',
      '5 Straathoogte → straathoogte',
      '6 Diameter filter → diameter_filter',
      '7 x-coördinaat → x_coordinaat',
      '8 y-coördinaat → y_coordinaat',
    ]);
    const rows = await query(`select locatie, x_coordinaat, y_coordinaat, cast(straathoogte as varchar) as straat, diameter_filter, cast(meting_nap as varchar) as meting, _line from ${dataset} order by _line`);
    expect(rows).toHaveLength(6);
    for (const row of rows) expect(row).toMatchObject({ locatie: 'Z04791', x_coordinaat: 115420, y_coordinaat: 497310, straat: '-0.55', diameter_filter: 51 });
    expect(rows.map((r) => [Number(r._line), r.meting])).toEqual([
      [12, '-1.83'],
      [13, '-1.68'],
      [14, '-1.62'],
      [15, '-1.47'],
      [16, '-1.40'],
      [17, '-1.38'],
    ]);
  });

  it('rejects a file that lacks a declared key, naming the key and what to do', async () => {
    const { summary, report } = await upload('B12Freatisch.csv', wellFile('B12', undefined, ['-1,10', '-1,20', '-1,30']));
    expect(summary.status).toBe('REJECTED');
    const missing = report.findings.find((f) => f.code === 'preamble_key_missing');
    expect(missing).toMatchObject({ severity: 'reject_load', column: 'x_coordinaat' });
    expect(missing?.message).toContain('x-coördinaat');
    expect(missing?.advice).toMatch(/boven de tabel \(vóór regel 11\)/);
  });

  it('rejects a preamble value that does not fit its type, on its own line', async () => {
    const { summary, report } = await upload('C7Freatisch.csv', wellFile('C7', 'onbekend', ['-1,10', '-1,20', '-1,30']));
    expect(summary.status).toBe('REJECTED');
    const bad = report.findings.find((f) => f.column === 'x_coordinaat');
    expect(bad).toMatchObject({ rule: 'type', severity: 'reject_load', line: 7, count: 1, examples: [{ line: 7, value: 'onbekend' }] });
    // about the line above the table, not about rows
    expect(bad?.message).toMatch(/^Regel 7 boven de tabel \("x-coördinaat"\): x-coördinaat "onbekend" is geen .*Elke rij krijgt deze waarde in kolom x_coordinaat, dus het bestand is tegengehouden\.$/);
    expect(bad?.advice).toBe('Verbeter de waarde op regel 7 ("x-coördinaat") boven de tabel en lever het bestand opnieuw aan.');
    // the curated table still holds the first well only
    expect(await query(`select distinct locatie from ${dataset}`)).toEqual([{ locatie: 'Z04791' }]);
  });
});
