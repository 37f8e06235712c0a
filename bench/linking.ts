// Linking benchmark: the link SQL of core/link on DuckDB (2 threads), synthetic data, offline.
//   1. 1 M points into ~500 buurt polygons with ~100 k vertices (point_in_polygon link)
//   2. gully → nearest tree within 4 m at 30 k × 217 k (nearest link, point to point)
//   3. RD → WGS84 of 5 M points (rows per second)
// Run: npm run bench:linking [-- --runs 3]. Prints the median of the runs per case.
import { parseArgs } from 'node:util';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import { polygon } from '@turf/helpers';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { rdToWgs84Sql } from '../core/geo/rd';
import { linkSelect } from '../core/link/sql';
import { compatStatements } from '../adapters/local/duckdb-compat';
import { link } from '../schemas/link';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' }, threads: { type: 'string', default: '2' } } });
const runs = Number(values.runs);

const db = await DuckDBInstance.create(':memory:', { threads: values.threads ?? '2' });
const conn = await db.connect();
for (const s of compatStatements()) await conn.run(s);

async function median(what: string, run: () => Promise<void>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await run();
    times.push((performance.now() - start) / 1000);
  }
  times.sort((a, b) => a - b);
  const m = times[Math.floor(times.length / 2)]!;
  console.log(`  ${what}: median ${m.toFixed(2)} s (runs: ${times.map((t) => t.toFixed(2)).join(', ')})`);
  return m;
}

const count = async (c: DuckDBConnection, sql: string) => Number((await c.runAndReadAll(sql)).getRows()[0]?.[0]);

// --- 1. buurten: a 25 × 20 grid of 400 m cells whose borders wiggle (shared exactly by both neighbours) ------------
const columns = 25;
const rows = 20;
const cell = 400;
const perEdge = 50; // vertices per cell side: 25 × 20 × 4 × 50 = 100 k
const origin = { x: 230_000, y: 575_000 };
/**
 * The points of the border from corner a up to (not including) corner b. It wiggles sideways but is pinned at
 * both corners, and is computed in one canonical direction, so both neighbouring polygons get the same border.
 */
function border(a: [number, number], b: [number, number]): [number, number][] {
  const forward = a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);
  const [p, q] = forward ? [a, b] : [b, a];
  const [dx, dy] = [q[0] - p[0], q[1] - p[1]];
  const length = Math.hypot(dx, dy);
  const waves = 2 + (Math.round(p[0] * 7 + p[1] * 13) % 5);
  const points: [number, number][] = [];
  for (let i = 0; i <= perEdge; i++) {
    const t = i / perEdge;
    const offset = 25 * Math.sin(Math.PI * t * waves) * Math.sin(Math.PI * t);
    points.push([p[0] + dx * t - (offset * dy) / length, p[1] + dy * t + (offset * dx) / length]);
  }
  if (!forward) points.reverse();
  return points.slice(0, -1);
}
const polygons: string[] = [];
const rings = new Map<string, [number, number][]>();
for (let i = 0; i < columns; i++) {
  for (let j = 0; j < rows; j++) {
    const x0 = origin.x + i * cell;
    const y0 = origin.y + j * cell;
    const corners: [number, number][] = [[x0, y0], [x0 + cell, y0], [x0 + cell, y0 + cell], [x0, y0 + cell]];
    const ring = corners.flatMap((c, k) => border(c, corners[(k + 1) % 4]!));
    ring.push(ring[0]!);
    const rounded = ring.map(([x, y]) => [Number(x.toFixed(3)), Number(y.toFixed(3))] as [number, number]);
    const code = `BU${String(i * rows + j).padStart(8, '0')}`;
    rings.set(code, rounded);
    polygons.push(`('${code}', 'POLYGON ((${rounded.map(([x, y]) => `${x} ${y}`).join(', ')}))')`);
  }
}
await conn.run(`create table buurten as select * from (values ${polygons.join(',\n')}) as b (bu_code, geometry_wkt)`);
await conn.run(`select setseed(0.42)`);
await conn.run(`create table points as select 'P' || range as point_id, ${origin.x - 200} + random() * ${columns * cell + 400} as x, ${origin.y - 200} + random() * ${rows * cell + 400} as y from range(1000000)`);
const vertices = polygons.length * 4 * perEdge;
console.log(`1. point in polygon: 1,000,000 points into ${polygons.length} polygons with ${vertices.toLocaleString('en')} vertices (RD)`);
const pip = link.parse({
  name: 'point_buurt',
  method: 'point_in_polygon',
  from: { dataset: 'points', key: ['point_id'], point: { x: 'x', y: 'y', crs: 'rd' } },
  to: { dataset: 'buurten', key: 'bu_code', geometry: { wkt: 'geometry_wkt', crs: 'rd' } },
});
const pipSeconds = await median('link table built', async () => {
  await conn.run(`create or replace table link_point_buurt as ${linkSelect(pip)}`);
});
const placed = await count(conn, `select count(*) from link_point_buurt where target_key is not null`);
console.log(`  ${placed.toLocaleString('en')} points placed, ${(1_000_000 - placed).toLocaleString('en')} outside; target < 10 s: ${pipSeconds < 10 ? 'met' : 'NOT met'}`);
// a sample checked against turf (every polygon, lowest code first, as the SQL assigns)
const sample = (await conn.runAndReadAll(`select l.target_key, p.x, p.y from link_point_buurt as l inner join points as p using (point_id) using sample 20000 rows`)).getRows() as [string | null, number, number][];
const codes = [...rings.keys()].sort();
const turfPolygons = codes.map((code) => [code, polygon([rings.get(code)!])] as const);
const disagree = sample.filter(([key, x, y]) => (turfPolygons.find(([, poly]) => booleanPointInPolygon([x, y], poly))?.[0] ?? null) !== key).length;
console.log(`  checked against turf on a sample of ${sample.length.toLocaleString('en')} points: ${disagree} differ`);

// --- 2. gullies → nearest tree within 4 m ---------------------------------------------------------------------------
await conn.run(`create table trees as select range as element_nr, 180000 + random() * 5000 as x, 580000 + random() * 5000 as y from range(217000)`);
await conn.run(`create table gullies as select 'KOLK-' || lpad(cast(range as varchar), 6, '0') as gully_id, 180000 + random() * 5000 as x, 580000 + random() * 5000 as y from range(30000)`);
console.log('2. nearest tree within 4 m: 30,000 gullies × 217,000 trees');
const nearest = link.parse({
  name: 'gully_nearest_tree',
  method: 'nearest',
  within_m: 4,
  from: { dataset: 'gullies', key: ['gully_id'], point: { x: 'x', y: 'y', crs: 'rd' } },
  to: { dataset: 'trees', key: 'element_nr', geometry: { point: { x: 'x', y: 'y', crs: 'rd' } } },
});
const nearestSeconds = await median('link table built', async () => {
  await conn.run(`create or replace table link_gully_nearest_tree as ${linkSelect(nearest)}`);
});
const near = await count(conn, `select count(*) from link_gully_nearest_tree where target_key is not null`);
console.log(`  ${near.toLocaleString('en')} gullies with a tree within 4 m; target < 2 s: ${nearestSeconds < 2 ? 'met' : 'NOT met'}`);

// --- 3. RD → WGS84 of 5 M points --------------------------------------------------------------------------------------
await conn.run(`create table rd_points as select 10000 + random() * 270000 as x, 300000 + random() * 320000 as y from range(5000000)`);
console.log('3. RD → WGS84 of 5,000,000 points (the shared SQL, materialised)');
const wgs = rdToWgs84Sql('x', 'y');
const convertSeconds = await median('converted', async () => {
  await conn.run(`create or replace table wgs_points as select ${wgs.lat} as lat, ${wgs.lon} as lon from rd_points`);
});
console.log(`  ${Math.round(5_000_000 / convertSeconds).toLocaleString('en')} rows/s`);
console.log(`DuckDB ${values.threads} threads; ${runs} runs per case (median). The machine may be shared: compare medians.`);
