// RD New ↔ WGS84: the shared SQL (core/geo/rd.ts), run on DuckDB, against proj4 with the EPSG:28992 definition
// (Bessel, oblique stereographic, towgs84 7-parameter shift). Prints the largest error in metres on a grid over
// the Netherlands. Run: npm run bench:geo-accuracy
import proj4 from 'proj4';
import { DuckDBInstance } from '@duckdb/node-api';
import { rdToWgs84Sql, wgs84ToRdSql } from '../core/geo/rd';

const epsg28992 =
  '+proj=sterea +lat_0=52.15616055555555 +lon_0=5.38763888888889 +k=0.9999079 +x_0=155000 +y_0=463000 ' +
  '+ellps=bessel +towgs84=565.417,50.3319,465.552,-0.398957,0.343988,-1.8774,4.0725 +units=m +no_defs';
const toWgs = proj4(epsg28992, 'WGS84');

// the Netherlands' RD extent (land and coastal water), every 5 km
const points: [number, number][] = [];
for (let x = 10_000; x <= 280_000; x += 5_000) for (let y = 300_000; y <= 620_000; y += 5_000) points.push([x, y]);

const db = await DuckDBInstance.create(':memory:');
const conn = await db.connect();
await conn.run('create table grid (x double, y double)');
const appender = await conn.createAppender('grid');
for (const [x, y] of points) {
  appender.appendDouble(x);
  appender.appendDouble(y);
  appender.endRow();
}
appender.closeSync();

const wgs = rdToWgs84Sql('x', 'y');
const back = await conn.runAndReadAll(`select x, y, ${wgs.lat} as lat, ${wgs.lon} as lon from grid order by x, y`);
const metresPerDegreeLat = 111_250;
let maxForward = 0;
let worstForward = '';
const wgsRows = back.getRowObjectsJS() as { x: number; y: number; lat: number; lon: number }[];
for (const r of wgsRows) {
  const [lon, lat] = toWgs.forward([r.x, r.y]) as [number, number];
  const dLat = (r.lat - lat) * metresPerDegreeLat;
  const dLon = (r.lon - lon) * metresPerDegreeLat * Math.cos((lat * Math.PI) / 180);
  const error = Math.hypot(dLat, dLon);
  if (error > maxForward) [maxForward, worstForward] = [error, `RD ${r.x} ${r.y}`];
}

// WGS84 → RD on the proj4 images of the same grid
await conn.run('create table wgs_grid (x double, y double, lat double, lon double)');
const wgsAppender = await conn.createAppender('wgs_grid');
for (const [x, y] of points) {
  const [lon, lat] = toWgs.forward([x, y]) as [number, number];
  for (const v of [x, y, lat, lon]) wgsAppender.appendDouble(v);
  wgsAppender.endRow();
}
wgsAppender.closeSync();
const rd = wgs84ToRdSql('lat', 'lon');
const [maxInverse] = (
  await conn.runAndReadAll(`select max(sqrt(power(${rd.x} - x, 2) + power(${rd.y} - y, 2))) from wgs_grid`)
).getRows()[0] as [number];

console.log(`RD New ↔ WGS84, shared SQL on DuckDB against proj4 (EPSG:28992 with towgs84), ${points.length} grid points every 5 km`);
console.log(`  RD → WGS84  max error ${maxForward.toFixed(3)} m (at ${worstForward})`);
console.log(`  WGS84 → RD  max error ${maxInverse.toFixed(3)} m`);
console.log(`  target < 1 m: ${Math.max(maxForward, maxInverse) < 1 ? 'met' : 'NOT met'}`);
