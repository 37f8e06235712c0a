import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import { polygon } from '@turf/helpers';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DuckDBConnection } from '@duckdb/node-api';
import { rdToWgs84, wgs84ToRd } from '../../../../core/geo/rd';
import { buildLinkReport } from '../../../../core/link/build-report';
import { linkSelect } from '../../../../core/link/sql';
import { linkTableName } from '../../../../core/tables';
import type { QueryEngine } from '../../../../core/ports';
import { renderLinkReportHtml, renderLinkReportText } from '../../../../core/report/link-report';
import { parseTrino } from '../../../../core/sql/trino';
import { link as linkSchema, type Link } from '../../../../schemas/link';
import { duck, rows } from '../../../support/sql-duckdb';

let conn: DuckDBConnection;
let engine: QueryEngine;
beforeAll(async () => {
  conn = await duck();
  engine = {
    keepsFileOrder: true,
    query: async (sql) => {
      expect(parseTrino(sql).errors).toEqual([]);
      return { columns: [], rows: await rows(conn, sql) } as never;
    },
  };
});

async function build(link: Link) {
  const sql = linkSelect(link);
  expect(parseTrino(sql).errors).toEqual([]);
  await conn.run(`create or replace table ${linkTableName(link.name)} as ${sql}`);
  const report = await buildLinkReport(engine, { link, tenant: 't', database: 'd', runId: 'r1', linkTable: linkTableName(link.name) });
  return { report, table: await rows(conn, `select * from ${linkTableName(link.name)} order by all`) };
}

describe('fuzzy name links', () => {
  it('links a one-letter difference, keeps ambiguous names unlinked and reports unmatched names with candidates', async () => {
    // the quirk of the police and holiday-rental files: one letter apart, other spacing around the hyphen
    await conn.run(`create or replace table crime as select * from (values
      ('De Akker - Nieuw Sloten', 10), ('De Akker - Nieuw Sloten', 5), ('Centrum-West', 7), ('centrum west ', 1),
      ('Oostelijk Havengebied - Indische Buurt', 3), ('Bijlmer Centrum', 2), ('Noord', 4), ('Bijlmer Oest', 1), (null, 9)) as c (neighbourhood, crimes)`);
    await conn.run(`create or replace table areas as select * from (values
      ('A01', 'De Aker - Nieuw Sloten'), ('A02', 'Centrum-West'), ('A03', 'Oostelijk Havengebied - Indische Buurt'),
      ('A04', 'Noord-Oost'), ('A05', 'Noord-West'), ('A06', 'Bijlmer-Centrum'), ('A07', 'Bijlmer-Oost'), ('A08', 'Bijlmer-West')) as a (code, name)`);
    const link = linkSchema.parse({
      name: 'crime_area', method: 'fuzzy_name', max_edits: 1, min_match_rate: 0.5,
      from: { dataset: 'crime', column: 'neighbourhood' }, to: { dataset: 'areas', key: 'code', match: 'name' },
    });
    const { report, table } = await build(link);
    expect(table.map((r) => [r.neighbourhood, r.target_key, r.method, r.distance, Number(r.source_rows)])).toEqual([
      ['Bijlmer Centrum', 'A06', 'exact', 0, 1],
      ['Bijlmer Oest', null, 'ambiguous', 1, 1], // Bijlmer-Oost and Bijlmer-West, both one letter away
      ['Centrum-West', 'A02', 'exact', 0, 1],
      ['De Akker - Nieuw Sloten', 'A01', 'fuzzy', 1, 2],
      ['Noord', null, 'unmatched', null, 1],
      ['Oostelijk Havengebied - Indische Buurt', 'A03', 'exact', 0, 1],
      ['centrum west ', 'A02', 'exact', 0, 1],
    ]);
    expect(report.byMethod).toEqual([
      { method: 'exact', keys: 4, rows: 4 },
      { method: 'fuzzy', keys: 1, rows: 2 },
      { method: 'ambiguous', keys: 1, rows: 1 },
      { method: 'unmatched', keys: 1, rows: 1 },
    ]);
    expect(report).toMatchObject({ rowsIn: 9, rowsWithoutKey: 1, rowsLinked: 6, rowsOut: 9, duplicateKeys: 0, matchRate: 6 / 9, passed: true });
    expect(report.fuzzy).toEqual([{ value: 'De Akker - Nieuw Sloten', target: 'A01', distance: 1, rows: 2 }]);
    expect(report.unmatched).toEqual([
      {
        value: 'Bijlmer Oest', rows: 1, method: 'ambiguous',
        candidates: [{ target: 'Bijlmer-Oost', distance: 1 }, { target: 'Bijlmer-West', distance: 1 }, { target: 'Bijlmer-Centrum', distance: 5 }],
      },
      { value: 'Noord', rows: 1, method: 'unmatched', candidates: [{ target: 'Noord-Oost', distance: 4 }, { target: 'Noord-West', distance: 4 }, { target: 'Bijlmer-Oost', distance: 9 }] },
    ]);
    const text = renderLinkReportText(report);
    expect(text).toContain('De Akker - Nieuw Sloten → A01, afstand 1');
    expect(text).toContain('Noord (1 rij) → Noord-Oost, afstand 4; Noord-West, afstand 4; Bijlmer-Oost, afstand 9');
    expect(text).toContain('koppelgraad 66,6% (minimum 50,0%): voldoet');
    expect(renderLinkReportText(report, 'en')).toContain('match rate 66.6% (minimum 50.0%): passes');
    expect(renderLinkReportHtml(report)).toContain('<html lang="nl">');
  });
});

describe('exact links on canonical keys', () => {
  it('matches postcodes written as 1234 ab, 1234AB and with trailing spaces', async () => {
    await conn.run(`create or replace table addresses as select * from (values ('1234 ab'), ('1234AB '), ('9999 ZZ'), ('1234AB')) as a (postcode)`);
    await conn.run(`create or replace table postcodes as select * from (values ('1234AB', 'Noord'), ('5678CD', 'Zuid')) as p (postcode, area)`);
    const link = linkSchema.parse({
      name: 'address_postcode', method: 'exact', key_kind: 'postcode', min_match_rate: 0.9,
      from: { dataset: 'addresses', column: 'postcode' }, to: { dataset: 'postcodes', key: 'postcode' },
    });
    const { report, table } = await build(link);
    expect(table.map((r) => [r.postcode, r.target_key, r.method])).toEqual([
      ['1234 ab', '1234AB', 'exact'],
      ['1234AB', '1234AB', 'exact'],
      ['1234AB ', '1234AB', 'exact'],
      ['9999 ZZ', null, 'unmatched'],
    ]);
    expect(report).toMatchObject({ rowsIn: 4, rowsLinked: 3, matchRate: 0.75, passed: false });
    expect(renderLinkReportText(report)).toContain('te laag: de vorige koppeltabel blijft staan');
  });
});

describe('exact links on house numbers', () => {
  it('matches 12a, 12 A and 12-a to 12A, keeps 12-2 apart from 122, and leaves text without a number unlinked', async () => {
    await conn.run(`create or replace table letters as select * from (values ('12a'), ('12 A'), ('12-a'), ('12-2'), ('122'), ('bis')) as l (huisnummer)`);
    await conn.run(`create or replace table addresses_bag as select * from (values ('12A', 'v1'), ('12 2', 'v2'), ('122', 'v3')) as a (huisnummer, vbo)`);
    const link = linkSchema.parse({
      name: 'letter_address', method: 'exact', key_kind: 'house_number',
      from: { dataset: 'letters', column: 'huisnummer' }, to: { dataset: 'addresses_bag', key: 'vbo', match: 'huisnummer' },
    });
    const { table } = await build(link);
    expect(table.map((r) => [r.huisnummer, r.target_key])).toEqual([
      ['12 A', 'v1'], ['12-2', 'v2'], ['12-a', 'v1'], ['122', 'v3'], ['12a', 'v1'], ['bis', null],
    ]);
  });
});

describe('links on several columns (also)', () => {
  it('postcode and house number together to a BAG address; a street name fuzzily with its house number', async () => {
    await conn.run(`create or replace table permits as select * from (values
      ('1234 ab', '12a', 'Dorpstraat'), ('1234AB', '12 A', 'Dorpsstraat'), ('1234AB', '14', 'Dorpstraat'),
      ('9999ZZ', '1', 'Kerkweg'), ('1234AB', null, 'Dorpstraat')) as p (postcode, huisnummer, straat)`);
    await conn.run(`create or replace table bag as select * from (values
      ('0080010000000001', '1234AB', '12A', 'Dorpstraat'), ('0080010000000002', '1234AB', '12-B', 'Dorpstraat'),
      ('0080010000000003', '1234AB', '14', 'Dorpstraat')) as b (vbo_id, postcode, huisnummer, straat)`);
    const byPostcode = linkSchema.parse({
      name: 'permit_address', method: 'exact', key_kind: 'postcode',
      from: { dataset: 'permits', column: 'postcode' }, to: { dataset: 'bag', key: 'vbo_id', match: 'postcode' },
      also: [{ column: 'huisnummer', match: 'huisnummer', key_kind: 'house_number' }],
    });
    const { report, table } = await build(byPostcode);
    expect(table.map((r) => [r.postcode, r.huisnummer, r.target_key, r.method, Number(r.source_rows)])).toEqual([
      ['1234 ab', '12a', '0080010000000001', 'exact', 1],
      ['1234AB', '12 A', '0080010000000001', 'exact', 1],
      ['1234AB', '14', '0080010000000003', 'exact', 1],
      ['9999ZZ', '1', null, 'unmatched', 1],
    ]);
    expect(report).toMatchObject({ rowsIn: 5, rowsWithoutKey: 1, rowsLinked: 3, rowsOut: 5, duplicateKeys: 0 });
    expect(report.unmatched.map((u) => u.value)).toEqual(['9999ZZ / 1']);

    const byStreet = linkSchema.parse({
      name: 'permit_street', method: 'fuzzy_name', max_edits: 1,
      from: { dataset: 'permits', column: 'straat' }, to: { dataset: 'bag', key: 'vbo_id', match: 'straat' },
      also: [{ column: 'huisnummer', match: 'huisnummer', key_kind: 'house_number' }],
    });
    const street = await build(byStreet);
    expect(street.table.map((r) => [r.straat, r.huisnummer, r.target_key, r.method])).toEqual([
      ['Dorpsstraat', '12 A', '0080010000000001', 'fuzzy'],
      ['Dorpstraat', '12a', '0080010000000001', 'exact'],
      ['Dorpstraat', '14', '0080010000000003', 'exact'],
      ['Kerkweg', '1', null, 'unmatched'],
    ]);
  });
});

describe('place links', () => {
  // two WGS84 squares side by side (B west of A) in Groningen, points given in RD
  const squares = {
    BU00140001: [[6.55, 53.21], [6.56, 53.21], [6.56, 53.22], [6.55, 53.22], [6.55, 53.21]],
    BU00140000: [[6.56, 53.21], [6.57, 53.21], [6.57, 53.22], [6.56, 53.22], [6.56, 53.21]],
  } as Record<string, [number, number][]>;
  beforeAll(async () => {
    const values = Object.entries(squares).map(([code, ring]) => `('${code}', 'POLYGON ((${ring.map(([x, y]) => `${x} ${y}`).join(', ')}))')`);
    await conn.run(`create or replace table buurten as select * from (values ${values.join(', ')}) as b (bu_code, geometry_wkt)`);
  });

  it('point in polygon: RD points placed in WGS84 polygons as turf places them', async () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const points = Array.from({ length: 2000 }, () => wgs84ToRd(53.205 + rnd() * 0.02, 6.545 + rnd() * 0.03));
    await conn.run(`create or replace table lights as select * from (values ${points.map((p, i) => `('L${i}', ${p.x}e0, ${p.y}e0)`).join(', ')}) as l (mast, x, y)`);
    const link = linkSchema.parse({
      name: 'light_buurt', method: 'point_in_polygon',
      from: { dataset: 'lights', key: ['mast'], point: { x: 'x', y: 'y', crs: 'rd' } },
      to: { dataset: 'buurten', key: 'bu_code', geometry: { wkt: 'geometry_wkt', crs: 'wgs84' } },
    });
    const { report, table } = await build(link);
    const expected = new Map<string, string | null>();
    points.forEach((p, i) => {
      const { lat, lon } = rdToWgs84(p.x, p.y);
      const inside = Object.entries(squares).filter(([, ring]) => booleanPointInPolygon([lon, lat], polygon([ring]))).map(([code]) => code).sort();
      expected.set(`L${i}`, inside[0] ?? null);
    });
    expect(new Map(table.map((r) => [String(r.mast), (r.target_key as string | null) ?? null]))).toEqual(expected);
    const inside = [...expected.values()].filter((v) => v !== null).length;
    expect(inside).toBeGreaterThan(500);
    expect(report).toMatchObject({ rowsIn: 2000, rowsOut: 2000, rowsLinked: inside, duplicateKeys: 0 });
  });

  it('nearest: inside, or the nearest polygon border within d metres; farther stays unmatched', async () => {
    const inside = wgs84ToRd(53.215, 6.555);
    const east = wgs84ToRd(53.215, 6.57); // on A's east border
    await conn.run(`create or replace table lights as select * from (values
      ('in', ${inside.x}e0, ${inside.y}e0), ('near', ${east.x + 5}e0, ${east.y}e0), ('far', ${east.x + 50}e0, ${east.y}e0), ('none', null, null)) as l (mast, x, y)`);
    const link = linkSchema.parse({
      name: 'light_buurt_near', method: 'nearest', within_m: 10,
      from: { dataset: 'lights', key: ['mast'], point: { x: 'x', y: 'y', crs: 'rd' } },
      to: { dataset: 'buurten', key: 'bu_code', geometry: { wkt: 'geometry_wkt', crs: 'wgs84' } },
    });
    const { report, table } = await build(link);
    expect(table.map((r) => [r.mast, r.target_key, r.method, r.distance === null ? null : Math.round(Number(r.distance))])).toEqual([
      ['far', null, 'unmatched', null],
      ['in', 'BU00140001', 'inside', 0],
      ['near', 'BU00140000', 'nearest', 5],
      ['none', null, 'unmatched', null],
    ]);
    expect(report.unmatched.map((u) => u.value)).toEqual(['far', 'none']);
  });
});
