/**
 * GeoJSON intake (core/geojson): features split from a stream whatever the chunk boundaries, one JSON lines row per
 * feature with the properties as written, the geometry as GeoJSON text and WKT, its bounding box and the CRS.
 */
import { describe, expect, it } from 'vitest';
import { FeatureSplitter, GeoJsonError, geojsonToJsonl, wkt } from '../../../../core/geojson';
import { geojsonSampleRows, looksLikeGeojson } from '../../../../core/geojson';
import { parseJson } from '../../../../core/jsonl';

const feature = (props: Record<string, unknown>, geometry: unknown, extra: Record<string, unknown> = {}) => ({ type: 'Feature', ...extra, properties: props, geometry });
const collection = (features: unknown[], extra: Record<string, unknown> = {}) => JSON.stringify({ type: 'FeatureCollection', ...extra, features });

async function rowsOf(text: string | Uint8Array, chunk = 7): Promise<Record<string, unknown>[]> {
  const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  async function* chunks() {
    for (let i = 0; i < bytes.length; i += chunk) yield bytes.subarray(i, i + chunk);
  }
  let out = '';
  for await (const b of geojsonToJsonl(chunks())) out += new TextDecoder().decode(b);
  return out
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

const square = { type: 'Polygon', coordinates: [[[5.1, 52.0], [5.2, 52.0], [5.2, 52.1], [5.1, 52.1], [5.1, 52.0]]] };

describe('GeoJSON features as rows', () => {
  it('gives one row per feature: properties as columns, geometry as GeoJSON and WKT, bbox and CRS', async () => {
    const text = collection([
      feature({ BU_CODE: 'BU00140000', AANT_INW: 4440, GEM_HH_GR: 1.20, naam: 'Binnenstad "Noord"' }, square, { id: 7 }),
      feature({ BU_CODE: 'BU00140001', AANT_INW: -99999999 }, { type: 'Point', coordinates: [6.5571033, 53.219328] }),
    ]);
    for (const size of [1, 3, 64, 1 << 20]) {
      const rows = await rowsOf(text, size);
      expect(rows).toHaveLength(2);
      expect(rows[0]).toMatchObject({
        BU_CODE: 'BU00140000',
        AANT_INW: 4440,
        naam: 'Binnenstad "Noord"',
        feature_id: 7,
        geometry_wkt: 'POLYGON ((5.1 52, 5.2 52, 5.2 52.1, 5.1 52.1, 5.1 52))',
        bbox_min_x: 5.1,
        bbox_min_y: 52,
        bbox_max_x: 5.2,
        bbox_max_y: 52.1,
        crs: 'EPSG:4326',
      });
      expect(JSON.parse(rows[0]?.geometry as string)).toEqual(square);
      expect(rows[1]).toMatchObject({ geometry_wkt: 'POINT (6.5571033 53.219328)', bbox_min_x: 6.5571033, bbox_max_y: 53.219328 });
    }
  });

  it('keeps numbers as written (no rounding, 1.50 stays 1.50) in properties, WKT and bbox', async () => {
    const text = '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"h":1.50,"big":12345678901234567890},"geometry":{"type":"Point","coordinates":[155000.123456789,463000.10]}}]}';
    let out = '';
    for await (const b of geojsonToJsonl([new TextEncoder().encode(text)])) out += new TextDecoder().decode(b);
    expect(out).toContain('"h":1.50');
    expect(out).toContain('"big":12345678901234567890');
    expect(out).toContain('"geometry_wkt":"POINT (155000.123456789 463000.10)"');
    expect(out).toContain('"bbox_min_x":155000.123456789,"bbox_min_y":463000.10');
    expect(out).toContain('"crs":"EPSG:28992"');
  });

  it('takes the CRS from the collection\'s crs member, before or after the features', async () => {
    const crs = { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::28992' } };
    const before = await rowsOf(collection([feature({ a: 1 }, { type: 'Point', coordinates: [1, 2] })], { crs }));
    expect(before[0]?.crs).toBe('EPSG:28992');
    const crs84 = { type: 'name', properties: { name: 'urn:ogc:def:crs:OGC:1.3:CRS84' } };
    expect((await rowsOf(collection([feature({}, { type: 'Point', coordinates: [150000, 450000] })], { crs: crs84 })))[0]?.crs).toBe('EPSG:4326');
    // neither named nor in a known range: no CRS
    expect((await rowsOf(collection([feature({}, { type: 'Point', coordinates: [1e7, 1e7] })])))[0]?.crs).toBeUndefined();
  });

  it('keeps a property named like a geometry column under property_<name>, and reads null properties and geometry', async () => {
    const rows = await rowsOf(collection([feature({ geometry: 'x', crs: 'y', a: null }, null), { type: 'Feature', properties: null, geometry: null }]));
    expect(rows[0]).toEqual({ property_geometry: 'x', property_crs: 'y', a: null });
    expect(rows[1]).toEqual({});
  });

  it('reads GeoJSON lines (one Feature per line, RFC 8142 record separators too) and a BOM', async () => {
    const f = (n: number) => JSON.stringify(feature({ n }, { type: 'Point', coordinates: [5, 52] }));
    const rows = await rowsOf(`\ufeff${f(1)}\n${f(2)}\n\u001e${f(3)}\n`, 5);
    expect(rows.map((r) => r.n)).toEqual([1, 2, 3]);
  });

  it('writes WKT for every geometry type, with Z when positions have a height', () => {
    const g = (type: string, coordinates: unknown) => parseJson(JSON.stringify({ type, coordinates }));
    expect(wkt(g('LineString', [[1, 2], [3, 4]]))).toBe('LINESTRING (1 2, 3 4)');
    expect(wkt(g('MultiPoint', [[1, 2], [3, 4]]))).toBe('MULTIPOINT (1 2, 3 4)');
    expect(wkt(g('MultiLineString', [[[1, 2], [3, 4]], [[5, 6], [7, 8]]]))).toBe('MULTILINESTRING ((1 2, 3 4), (5 6, 7 8))');
    expect(wkt(g('MultiPolygon', [[[[0, 0, 1], [1, 0, 1], [1, 1, 1], [0, 0, 1]]]]))).toBe('MULTIPOLYGON Z (((0 0 1, 1 0 1, 1 1 1, 0 0 1)))');
    expect(wkt(parseJson('{"type":"GeometryCollection","geometries":[{"type":"Point","coordinates":[1,2]}]}'))).toBe('GEOMETRYCOLLECTION (POINT (1 2))');
    expect(wkt(g('Polygon', []))).toBe('POLYGON EMPTY');
  });

  it('names the line of what is wrong: broken JSON, a cut-off file, no FeatureCollection, a bad geometry', async () => {
    const problem = async (text: string) => {
      const error = await rowsOf(text).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(GeoJsonError);
      return (error as GeoJsonError).message;
    };
    const pretty = JSON.stringify(JSON.parse(collection([feature({ a: 1 }, square), feature({ a: 2 }, square)])), null, 2);
    const broken = pretty.replace('"a": 2', '"a": 2,,');
    const brokenLine = broken.split('\n').findIndex((l) => l.includes('"a": 2,,')) + 1;
    expect(await problem(broken)).toMatch(new RegExp(`^feature 2 is not valid JSON: .* \\(line ${brokenLine}\\)$`));
    expect(await problem(pretty.slice(0, pretty.length - 40))).toMatch(/the file ends inside feature 2: it is cut off/);
    expect(await problem('{"Criminality": {"Centrum": {"2014": 124}}}')).toBe('the file holds a JSON object without "type": "FeatureCollection", not a FeatureCollection or Features (line 1)');
    expect(await problem('[1, 2]')).toMatch(/expected a JSON object/);
    expect(await problem(collection([feature({}, { type: 'Circle', coordinates: [1, 2] })]))).toMatch(/feature 1 has a geometry of type "Circle"/);
    expect(await problem(collection([feature({}, { type: 'Point', coordinates: ['1', 2] })]))).toMatch(/feature 1 has a position that is not two or three numbers/);
    expect(await problem(collection([42]))).toMatch(/feature 1 is not an object/);
    expect(await problem('{"type": "Topology", "features": []}')).toMatch(/"type": "Topology", not "FeatureCollection"/);
  });

  it('says each problem in Dutch too (the report says it in the load language)', async () => {
    const said = async (text: string) => ((await rowsOf(text).catch((e: unknown) => e)) as GeoJsonError).said.nl;
    const pretty = JSON.stringify(JSON.parse(collection([feature({ a: 1 }, square), feature({ a: 2 }, square)])), null, 2);
    const texts = [
      await said(pretty.replace('"a": 2', '"a": 2,,')),
      await said(pretty.slice(0, pretty.length - 40)),
      await said('{"Criminality": {"Centrum": {"2014": 124}}}'),
      await said('[1, 2]'),
      await said(collection([feature({}, { type: 'Circle', coordinates: [1, 2] })])),
      await said(collection([feature({}, { type: 'Point', coordinates: ['1', 2] })])),
      await said(collection([42])),
      await said('{"type": "Topology", "features": []}'),
    ];
    expect(texts.slice(0, 3)).toEqual([
      'object (feature) 2 is geen geldige JSON: verwacht werd een veldnaam tussen dubbele aanhalingstekens, maar er staat ","',
      'het bestand houdt op midden in object (feature) 2: het is afgebroken of er ontbreekt een haakje',
      'het bestand bevat een JSON-object zonder "type": "FeatureCollection", geen FeatureCollection of Features',
    ]);
    for (const t of texts) expect(t.replace(/"[^"]*"|\(feature\)|\bFeature(s|Collection)?\b/g, '')).not.toMatch(/\b(the|is not|has|file|feature|expected|found)\b/i);
  });

  it('holds one feature at a time: a collection of many features never keeps more than one', () => {
    const splitter = new FeatureSplitter();
    const f = new TextEncoder().encode(`${JSON.stringify(feature({ n: 1 }, square))},`);
    let seen = 0;
    seen += splitter.push(new TextEncoder().encode('{"type":"FeatureCollection","features":[')).length;
    for (let i = 0; i < 2000; i++) seen += splitter.push(f).length;
    expect(seen).toBe(2000);
    // what is kept outside the features array stays the collection's own members
    expect([...(splitter.collection?.keys() ?? [])]).toEqual(['type']);
  });
});

describe('a GeoJSON sample for contract infer', () => {
  it('gives the whole features of a cut-off sample and recognises GeoJSON by name or content', () => {
    const text = new TextEncoder().encode(collection([feature({ a: 1 }, square), feature({ a: 2 }, square)]));
    expect(geojsonSampleRows(text.subarray(0, text.length - 20), false).features).toBe(1);
    expect(geojsonSampleRows(text, true).features).toBe(2);
    expect(looksLikeGeojson('kaart.json', '{"type":"FeatureCollection","features":[]}')).toBe(true);
    expect(looksLikeGeojson('buurten.geojson', '')).toBe(true);
    expect(looksLikeGeojson('data.json', '{"Criminality": {}}')).toBe(false);
  });
});
