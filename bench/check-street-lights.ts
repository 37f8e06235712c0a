// Done-when check (manual, not a test: the street-light register may not be bundled, its licence is not stated):
// the Groningen street lights placed in the bundled CBS 2017 buurten by the point-in-polygon link SQL on DuckDB,
// and by @turf/boolean-point-in-polygon; prints the count per buurt from both and whether they are equal.
// Run: npm run check:street-lights [-- <lights.csv>]
import { readFileSync } from 'node:fs';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import { DuckDBInstance } from '@duckdb/node-api';
import { linkSelect } from '../core/link/sql';
import { compatStatements } from '../adapters/local/duckdb-compat';
import { quoteString } from '../core/sql/quote';
import { link } from '../schemas/link';
import { geometryToWkt } from './lib/geojson-wkt';

const lightsCsv = process.argv[2] ?? '/work/shared/data/groningen/openbare_verlichting_groningen.csv';
const buurtFile = new URL('../packs/cbs_groningen/data/cbs_buurt2017_groningen.geojson', import.meta.url);
const buurten = JSON.parse(readFileSync(buurtFile, 'utf8')) as {
  features: { properties: { BU_CODE: string; BU_NAAM: string }; geometry: { type: 'Polygon'; coordinates: number[][][] } }[];
};

const db = await DuckDBInstance.create(':memory:', { threads: '2' });
const conn = await db.connect();
for (const s of compatStatements()) await conn.run(s);
await conn.run('create table buurten (bu_code varchar, bu_naam varchar, geometry_wkt varchar)');
const appender = await conn.createAppender('buurten');
for (const f of buurten.features) {
  appender.appendVarchar(f.properties.BU_CODE);
  appender.appendVarchar(f.properties.BU_NAAM);
  appender.appendVarchar(geometryToWkt(f.geometry));
  appender.endRow();
}
appender.closeSync();
await conn.run(`create table lights as select * from read_csv(${quoteString(lightsCsv)}, header = true, columns = {'mastnummer': 'varchar', 'gemeente': 'varchar', 'longitude': 'double', 'latitude': 'double'})`);

const placeLink = link.parse({
  name: 'light_buurt',
  method: 'point_in_polygon',
  from: { dataset: 'lights', key: ['mastnummer'], point: { x: 'longitude', y: 'latitude', crs: 'wgs84' } },
  to: { dataset: 'buurten', key: 'bu_code', geometry: { wkt: 'geometry_wkt', crs: 'wgs84' } },
});
const started = performance.now();
await conn.run(`create table link_light_buurt as ${linkSelect(placeLink)}`);
const seconds = (performance.now() - started) / 1000;
const sqlCounts = new Map(
  (await conn.runAndReadAll(`select coalesce(target_key, '(geen buurt)') as buurt, count(*) as n from link_light_buurt group by 1`))
    .getRows()
    .map(([buurt, n]) => [String(buurt), Number(n)]),
);

// turf: every light against every buurt (the lowest code wins, as in the SQL); none → '(geen buurt)'
const lights = (await conn.runAndReadAll('select mastnummer, longitude, latitude from lights')).getRows() as [string, number | null, number | null][];
const turfCounts = new Map<string, number>();
const sorted = [...buurten.features].sort((a, b) => a.properties.BU_CODE.localeCompare(b.properties.BU_CODE));
for (const [, lon, lat] of lights) {
  const hit = lon === null || lat === null ? undefined : sorted.find((f) => booleanPointInPolygon([lon, lat], f.geometry));
  const key = hit?.properties.BU_CODE ?? '(geen buurt)';
  turfCounts.set(key, (turfCounts.get(key) ?? 0) + 1);
}

const names = new Map(buurten.features.map((f) => [f.properties.BU_CODE, f.properties.BU_NAAM]));
const keys = [...new Set([...sqlCounts.keys(), ...turfCounts.keys()])].sort();
console.log(`${'buurt'.padEnd(12)} ${'naam'.padEnd(32)} ${'SQL'.padStart(6)} ${'turf'.padStart(6)}`);
let differences = 0;
for (const key of keys) {
  const a = sqlCounts.get(key) ?? 0;
  const b = turfCounts.get(key) ?? 0;
  if (a !== b) differences++;
  console.log(`${key.padEnd(12)} ${(names.get(key) ?? '').slice(0, 32).padEnd(32)} ${String(a).padStart(6)} ${String(b).padStart(6)}${a === b ? '' : '  ≠'}`);
}
console.log(`${lights.length} lights, ${buurten.features.length} buurten; link SQL on DuckDB ${seconds.toFixed(2)} s`);
console.log(differences === 0 ? 'counts per buurt: equal to turf' : `counts per buurt: ${differences} buurten differ from turf`);
process.exitCode = differences === 0 ? 0 : 1;
