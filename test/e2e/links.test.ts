/**
 * Links end to end: the bundled CBS 2017 buurten and wijken of Groningen uploaded as GeoJSON reference datasets,
 * synthetic street lights (the real register may not be bundled) placed in them by the declared link, counts per
 * buurt equal to turf's; a load whose lights lie elsewhere fails the link's minimum match rate with its report,
 * and the previous link table stays.
 */
import { cpSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LinkReport } from '../../core/link/report';
import { tenantDatabase } from '../../core/tables';
import { uploadFile } from '../../local/commands/upload';
import { LocalRuntime } from '../../local/runtime/runtime';

const checkout = join(import.meta.dirname, '..', '..');
const tenant = 'groningen';
const database = tenantDatabase(tenant);
const data = join(checkout, 'packs/cbs_groningen/data');

/** A checkout with the tenant groningen (packs: cbs_groningen) beside the project's own: tenants/ copied, the rest linked. */
function projectWithGroningen(root: string): string {
  for (const entry of readdirSync(checkout)) {
    if (!['tenants', '.git', '.polder'].includes(entry)) symlinkSync(join(checkout, entry), join(root, entry));
  }
  cpSync(join(checkout, 'tenants'), join(root, 'tenants'), { recursive: true });
  writeFileSync(
    join(root, 'tenants', `${tenant}.yaml`),
    `id: ${tenant}\nname: Gemeente Groningen\ncbs_code: GM0014\npacks: [cbs_groningen]\nbytes_scanned_cutoff: 10000000000\nmin_published_count: 5\n`,
  );
  return root;
}

interface Buurt {
  properties: { BU_CODE: string; AANT_INW: number; P_MAROKKO: number };
  geometry: { type: 'Polygon'; coordinates: number[][][] };
}

describe('Links through the real pipeline: street lights in the CBS buurten of Groningen', () => {
  let workspace: string;
  let projectRoot: string;
  let runtime: LocalRuntime;
  let buurten: Buurt[];
  let lights: [string, number, number][];

  beforeAll(async () => {
    workspace = await mkdtemp(join(tmpdir(), 'polder-links-e2e-'));
    projectRoot = projectWithGroningen(await mkdtemp(join(tmpdir(), 'polder-links-project-')));
    runtime = await LocalRuntime.open({ workspace, projectRoot });
    buurten = JSON.parse(await readFile(join(data, 'cbs_buurt2017_groningen.geojson'), 'utf8')).features;
    // synthetic lights over the municipality's extent (some outside every buurt), plus one on a vertex shared by
    // two buurten and one far away
    let seed = 2017;
    const random = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    // each light in the bounding box of a random buurt: mostly inside it or a neighbour, a few outside all
    lights = Array.from({ length: 3000 }, (_, i) => {
      const ring = buurten[Math.floor(random() * buurten.length)]!.geometry.coordinates[0]!;
      const [xs, ys] = [ring.map((p) => p[0]!), ring.map((p) => p[1]!)];
      const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
      return [`OVL-${String(i).padStart(5, '0')}`, x0 + random() * (x1 - x0), y0 + random() * (y1 - y0)] as [string, number, number];
    });
    const vertex = buurten[0]!.geometry.coordinates[0]![0]!;
    lights.push(['OVL-VERTEX', vertex[0]!, vertex[1]!], ['OVL-FAR', 5.8, 53.2]);
    const csv = `mastnummer,gemeente,longitude,latitude\n${lights.map(([id, x, y]) => `${id},Groningen,${x},${y}`).join('\n')}\n`;
    await writeFile(join(workspace, 'lights.csv'), csv);
    for (const [dataset, file] of [['cbs_wijken', 'cbs_wijk2017_groningen.geojson'], ['cbs_buurten', 'cbs_buurt2017_groningen.geojson'], ['street_lights', join(workspace, 'lights.csv')]]) {
      const summary = await uploadFile(runtime, file!.startsWith('/') ? file! : join(data, file!), { tenant, dataset: dataset! });
      expect(summary.status, `${dataset}: ${JSON.stringify(summary.stages)}`).toBe('SUCCEEDED');
    }
  });

  afterAll(async () => {
    await runtime?.close();
    await rm(workspace, { recursive: true, force: true });
    await rm(projectRoot, { recursive: true, force: true }); // the links only, not what they point at
  });

  const query = async (sql: string) => (await runtime.ports.engine.query(sql, { tenant, database })).rows;

  it('reads the CBS sentinels -99999999 and -99999998 as NULL', async () => {
    const sentinel = buurten.find((b) => b.properties.P_MAROKKO < -99999990)!;
    const [row] = await query(`select p_marokko, aant_inw from cbs_buurten where bu_code = '${sentinel.properties.BU_CODE}'`);
    expect(row).toEqual({ p_marokko: null, aant_inw: sentinel.properties.AANT_INW });
  });

  it('has RD beside WGS84 in the curated street lights (the contract declares its coordinates)', async () => {
    const [row] = await query(`select count(*) as n, count(rd_x) as with_rd, min(rd_x) as min_x, max(rd_y) as max_y from street_lights`);
    expect(row).toMatchObject({ n: lights.length, with_rd: lights.length });
    expect(Number(row!.min_x)).toBeGreaterThan(150_000); // RD metres, not degrees (the farthest light, at 5.8° E, is ~170 km)
    expect(Number(row!.max_y)).toBeLessThan(620_000);
  });

  it('places every light as turf does: counts per buurt equal, a shared vertex counted once (lowest code)', async () => {
    const sorted = [...buurten].sort((a, b) => a.properties.BU_CODE.localeCompare(b.properties.BU_CODE));
    const expected = new Map<string, number>();
    for (const [, x, y] of lights) {
      const code = sorted.find((b) => booleanPointInPolygon([x, y], b.geometry))?.properties.BU_CODE ?? 'none';
      expected.set(code, (expected.get(code) ?? 0) + 1);
    }
    const counted = await query(`select coalesce(target_key, 'none') as code, count(*) as n from link_light_buurt group by 1`);
    expect(new Map(counted.map((r) => [String(r.code), Number(r.n)]))).toEqual(expected);
    expect(expected.size).toBeGreaterThan(50);
    const [vertex] = await query(`select target_key, method from link_light_buurt where mastnummer = 'OVL-VERTEX'`);
    expect(vertex).toEqual({ target_key: sorted.find((b) => booleanPointInPolygon(lights.at(-2)!.slice(1) as number[], b.geometry))!.properties.BU_CODE, method: 'border' });
  });

  it('links every buurt to its wijk by code, and writes both match reports', async () => {
    const [buurtWijk] = await query(`select count(*) as n, count(target_key) as linked from link_buurt_wijk`);
    expect(buurtWijk).toEqual({ n: 15, linked: 15 });
    const keys = await runtime.ports.store.list('lake', `reports/${tenant}/links/`);
    expect(keys.filter((k) => k.endsWith('/report.json')).map((k) => k.split('/')[3]).sort()).toEqual(['buurt_wijk', 'light_buurt']);
    // the classification year of the reference dataset travels into the report
    const report = JSON.parse(new TextDecoder().decode(await runtime.ports.store.get({ bucket: 'lake', key: keys.find((k) => k.includes('/buurt_wijk/') && k.endsWith('.json'))! })));
    expect(report.reference).toEqual({ classification: 'CBS wijk- en buurtindeling', year: 2017 });
  });

  it('fails the stage below the minimum match rate, with the report, and keeps the previous link table', async () => {
    const before = await runtime.ports.catalog.getTable(database, 'link_light_buurt');
    const elsewhere = join(workspace, 'lights-leeuwarden.csv');
    await writeFile(elsewhere, 'mastnummer,gemeente,longitude,latitude\nL-1,Leeuwarden,5.8,53.2\nL-2,Leeuwarden,5.81,53.2\n');
    const summary = await uploadFile(runtime, elsewhere, { tenant, dataset: 'street_lights' });
    expect(summary.status).toMatch(/^FAILED/);
    expect(JSON.stringify(summary.stages)).toContain('koppelgraad 0,0% (minimum 95,0%)');
    expect((await runtime.ports.catalog.getTable(database, 'link_light_buurt'))?.locations).toEqual(before?.locations);
    // run ids within one second need not sort in run order: read every report of the link
    const keys = (await runtime.ports.store.list('lake', `reports/${tenant}/links/light_buurt/`)).filter((k) => k.endsWith('.json'));
    const reports = await Promise.all(keys.map(async (key) => JSON.parse(new TextDecoder().decode(await runtime.ports.store.get({ bucket: 'lake', key }))) as LinkReport));
    expect(reports.map((r) => [r.passed, r.rowsIn, r.rowsLinked]).sort()).toEqual([[false, 2, 0], [true, lights.length, expect.any(Number)]].sort());
  });
});
