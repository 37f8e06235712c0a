/**
 * GeoJSON end to end: a FeatureCollection upload goes through the real pipeline (ingest writes its JSON lines rows,
 * the pre-check, the checks on DuckDB, the curated table); a file that is not GeoJSON is rejected with its line.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inferContract } from '../../core/infer';
import { tenantDatabase } from '../../core/tables';
import { uploadFile } from '../../local/commands/upload';
import { LocalRuntime } from '../../local/runtime/runtime';
import { lastQuarantine } from '../support/quarantine';
import type { LoadReport } from '../../schemas/report';

const projectRoot = join(import.meta.dirname, '..', '..');
const tenant = 'leeuwarden';
const database = tenantDatabase(tenant);
const dataset = 'buurten';

const contractYaml = `id: ${dataset}
title: Buurten
owner: Team Geo
source_type: open
purpose: Buurtgrenzen om meldingen aan buurten te koppelen
file: { format: geojson, null_markers: ["", "-99999999"] }
columns:
  - { name: bu_code, source: BU_CODE, type: cbs_buurt, nullable: false }
  - { name: inwoners, source: AANT_INW, type: integer }
  - { name: geometry, type: string, nullable: false }
  - { name: geometry_wkt, type: string, nullable: false }
  - { name: bbox_min_x, type: rd_x }
  - { name: bbox_min_y, type: rd_y }
  - { name: bbox_max_x, type: rd_x }
  - { name: bbox_max_y, type: rd_y }
  - { name: crs, type: string, rules: [{ kind: accepted_values, values: ['EPSG:28992'] }] }
keys: { primary: [bu_code] }
load: { max_rejected_percent: 50 }
`;

const square = (x: number, y: number) => ({ type: 'Polygon', coordinates: [[[x, y], [x + 100, y], [x + 100, y + 100], [x, y]]] });
const buurt = (i: number, code = `BU0080${String(i).padStart(4, '0')}`, inwoners: number = 100 * i) => ({
  type: 'Feature',
  properties: { BU_CODE: code, AANT_INW: inwoners },
  geometry: square(182000 + i * 100, 579000),
});

describe('GeoJSON through the real pipeline', () => {
  let workspace: string;
  let runtime: LocalRuntime;
  let contractFile: string;

  beforeAll(async () => {
    workspace = await mkdtemp(join(tmpdir(), 'polder-geojson-e2e-'));
    await mkdir(join(workspace, 'uploads'), { recursive: true });
    contractFile = join(workspace, 'buurten.yaml');
    await writeFile(contractFile, contractYaml);
    runtime = await LocalRuntime.open({ workspace, projectRoot });
  });

  afterAll(async () => {
    await runtime?.close();
    if (workspace) await rm(workspace, { recursive: true, force: true });
  });

  const query = async (sql: string) => (await runtime.ports.engine.query(sql, { tenant, database })).rows;
  async function upload(fileName: string, content: string, contract = contractFile) {
    const path = join(workspace, 'uploads', fileName);
    await writeFile(path, content);
    const summary = await uploadFile(runtime, path, { tenant, dataset, contractFile: contract });
    const key = `reports/${tenant}/${dataset}/load=${summary.loadId}/report.json`;
    const report = JSON.parse(new TextDecoder().decode(await runtime.ports.store.get({ bucket: 'lake', key }))) as LoadReport;
    return { summary, report };
  }

  it('loads one row per feature with WKT, bbox and the CRS; a bad feature is set aside by its position', async () => {
    const features = [1, 2, 3, 4, 5].map((i) => buurt(i));
    features[2] = buurt(3, 'WK008001'); // not a buurt code: feature 3
    features[3] = buurt(4, 'BU00800004', -99999999); // CBS "unknown": NULL
    const crs = { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::28992' } };
    const { summary, report } = await upload('buurten.geojson', JSON.stringify({ type: 'FeatureCollection', crs, features }, null, 1));
    expect(summary.status, JSON.stringify(summary.stages)).toBe('SUCCEEDED');
    expect(report.status).toBe('accepted_with_warnings');
    expect(report.rows).toMatchObject({ total: 5, accepted: 4, rejected: 1 });
    expect(await query(`select line, column_name, rule, value from ${await lastQuarantine(runtime, tenant, dataset)}`)).toEqual([
      { line: 3, column_name: 'bu_code', rule: 'type', value: 'WK008001' },
    ]);
    const rows = await query(`select _line, bu_code, inwoners, geometry_wkt, bbox_min_x, bbox_max_y, crs from ${dataset} order by _line`);
    expect(rows.map((r) => r._line)).toEqual([1, 2, 4, 5]);
    expect(rows[0]).toMatchObject({ bu_code: 'BU00800001', inwoners: 100, geometry_wkt: 'POLYGON ((182100 579000, 182200 579000, 182200 579100, 182100 579000))', crs: 'EPSG:28992' });
    expect(Number(rows[0]?.bbox_min_x)).toBe(182100);
    expect(Number(rows[0]?.bbox_max_y)).toBe(579100);
    expect(rows[2]?.inwoners).toBeNull();
  });

  it('rejects a file that is not GeoJSON, naming the line', async () => {
    const good = JSON.stringify({ type: 'FeatureCollection', features: [buurt(1), buurt(2)] }, null, 2);
    const broken = good.replace('"AANT_INW": 200', '"AANT_INW": 200,');
    const line = broken.split('\n').findIndex((l) => l.includes('"AANT_INW": 200,')) + 2;
    const { report } = await upload('kapot.geojson', broken);
    expect(report.status).toBe('rejected');
    expect(report.findings[0]).toMatchObject({ code: 'unreadable_file', line });
    expect(report.findings[0]?.message).toMatch(/^kapot\.geojson kan niet worden gelezen als GeoJSON: object \(feature\) 2 is geen geldige JSON: een komma vóór "}" \(haal de laatste komma weg\) \(regel \d+\)\.$/);
  });

  it('validates a file with the contract inferred from it', async () => {
    const content = JSON.stringify({ type: 'FeatureCollection', features: [1, 2, 3, 4].map((i) => buurt(i)) });
    const { yaml } = inferContract({ sample: new TextEncoder().encode(content), fileName: 'wijk.geojson', dataset, complete: true });
    expect(yaml).toContain('format: geojson');
    const draft = join(workspace, 'draft.yaml');
    await writeFile(draft, yaml);
    const { report } = await upload('wijk.geojson', content, draft);
    expect(report.status).toBe('accepted');
    expect(report.rows).toMatchObject({ total: 4, accepted: 4 });
  });
});
