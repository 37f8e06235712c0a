/**
 * A GeoJSON feature as one row of the JSON lines query copy: its properties as members (values as written, so the
 * JSON lines rules of core/jsonl/openx.ts apply to them as to any JSON lines file), then the geometry as GeoJSON text
 * and as WKT, its bounding box and the coordinate reference system. Properties whose name is one of those members
 * are kept under `property_<name>`.
 */
import { aKind, JsonNumber, JsonObject, type JsonValue } from '../jsonl';
import { say, type Texts } from '../worded-error';
import { GeoJsonError, type CollectionMembers, type RawFeature } from './split';

/** The members a row gets besides the feature's properties, in this order. */
export const geometryKeys = ['feature_id', 'geometry', 'geometry_wkt', 'bbox_min_x', 'bbox_min_y', 'bbox_max_x', 'bbox_max_y', 'crs'] as const;

export const WGS84 = 'EPSG:4326';
export const RD_NEW = 'EPSG:28992';

/** The CRS a collection names in its (pre-RFC 7946) `crs` member: `urn:ogc:def:crs:EPSG::28992`, `EPSG:4326`, CRS84. */
export function namedCrs(collection: CollectionMembers | undefined): string | undefined {
  const crs = collection?.get('crs');
  if (!(crs instanceof JsonObject)) return undefined;
  const properties = crs.entries.find(([k]) => k === 'properties')?.[1];
  const name = properties instanceof JsonObject ? properties.entries.find(([k]) => k === 'name')?.[1] : undefined;
  if (typeof name !== 'string') return undefined;
  if (/CRS84$/i.test(name)) return WGS84;
  const code = /EPSG:{1,2}(\d+)$/i.exec(name)?.[1];
  return code ? `EPSG:${code}` : undefined;
}

/** Without a named CRS: WGS84 when the box fits longitudes and latitudes, RD New when it fits the Netherlands in metres. */
export function crsFromRange(box: Box): string | undefined {
  if (box.minX >= -180 && box.maxX <= 180 && box.minY >= -90 && box.maxY <= 90) return WGS84;
  if (box.minX >= -7000 && box.maxX <= 300000 && box.minY >= 289000 && box.maxY <= 629000) return RD_NEW;
  return undefined;
}

interface Box {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  /** The numbers as written, so the row carries them with their full precision. */
  text: { minX: string; minY: string; maxX: string; maxY: string };
}

/** One feature → one line of the query copy (without its line end). */
export function featureRow(feature: RawFeature, crs: string | undefined): string {
  const { value, index, line } = feature;
  if (!(value instanceof JsonObject)) {
    const kind = aKind(value);
    throw new GeoJsonError(say(`feature ${index} is ${kind.en}, not an object`, `object (feature) ${index} is ${kind.nl}, geen object`), line);
  }
  const member = (name: string) => value.entries.findLast(([k]) => k === name)?.[1];
  const properties = member('properties') ?? null;
  if (properties !== null && !(properties instanceof JsonObject)) {
    const kind = aKind(properties);
    throw new GeoJsonError(say(`feature ${index} has "properties" that is ${kind.en}, not an object`, `bij object (feature) ${index} is "properties" ${kind.nl}, geen object`), line);
  }
  const geometry = member('geometry') ?? null;
  const reserved = new Set<string>(geometryKeys);
  const parts: string[] = [];
  for (const [key, v] of properties?.entries ?? []) {
    const name = reserved.has(key.toLowerCase()) ? `property_${key}` : key;
    parts.push(`${JSON.stringify(name)}:${writeJson(v)}`);
  }
  const id = member('id');
  if (id !== undefined) parts.push(`"feature_id":${writeJson(id)}`);
  if (geometry !== null) {
    const where = say(`feature ${index}`, `object (feature) ${index}`);
    const box = boundingBox(geometry, where, line);
    parts.push(`"geometry":${JSON.stringify(writeJson(geometry))}`);
    parts.push(`"geometry_wkt":${JSON.stringify(wkt(geometry, where, line))}`);
    if (box) {
      parts.push(`"bbox_min_x":${box.text.minX}`, `"bbox_min_y":${box.text.minY}`, `"bbox_max_x":${box.text.maxX}`, `"bbox_max_y":${box.text.maxY}`);
    }
    const system = crs ?? (box && crsFromRange(box));
    if (system) parts.push(`"crs":${JSON.stringify(system)}`);
  }
  return `{${parts.join(',')}}`;
}

/** JSON text of a value with numbers as written (JSON.stringify would lose `1.50` and long digits). */
export function writeJson(value: JsonValue): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (value instanceof JsonNumber) return value.raw;
  if (value instanceof JsonObject) return `{${value.entries.map(([k, v]) => `${JSON.stringify(k)}:${writeJson(v)}`).join(',')}}`;
  return `[${value.map(writeJson).join(',')}]`;
}

type Position = JsonNumber[];

const depthOf: Record<string, number> = { Point: 0, LineString: 1, MultiPoint: 1, Polygon: 2, MultiLineString: 2, MultiPolygon: 3 };

function geometryParts(geometry: JsonValue, where: Texts, line: number): { type: string; coordinates?: JsonValue; geometries?: JsonValue[] } {
  if (!(geometry instanceof JsonObject)) {
    const kind = aKind(geometry);
    throw new GeoJsonError(say(`${where.en} has a geometry that is ${kind.en}, not an object`, `bij ${where.nl} is de geometrie ${kind.nl}, geen object`), line);
  }
  const get = (name: string) => geometry.entries.findLast(([k]) => k === name)?.[1];
  const type = get('type');
  if (type === 'GeometryCollection') {
    const geometries = get('geometries');
    if (!Array.isArray(geometries)) {
      throw new GeoJsonError(say(`${where.en} has a GeometryCollection without a "geometries" array`, `${where.nl} heeft een GeometryCollection zonder lijst "geometries"`), line);
    }
    return { type, geometries };
  }
  if (typeof type !== 'string' || !(type in depthOf)) {
    const shown = JSON.stringify(typeof type === 'string' ? type : String(type));
    throw new GeoJsonError(
      say(`${where.en} has a geometry of type ${shown}, which is not a GeoJSON geometry type`, `${where.nl} heeft een geometrie van het type ${shown}, en dat is geen GeoJSON-geometrietype`),
      line,
    );
  }
  return { type, coordinates: get('coordinates') };
}

/** Checks the nesting of `coordinates` for the type and returns every position in it. */
function positions(value: JsonValue | undefined, depth: number, where: Texts, line: number, out: Position[] = []): Position[] {
  if (!Array.isArray(value)) {
    throw new GeoJsonError(
      say(
        `${where.en} has coordinates that are not nested arrays of numbers as its geometry type needs`,
        `${where.nl} heeft coördinaten die niet de geneste lijsten van getallen zijn die het geometrietype vraagt`,
      ),
      line,
    );
  }
  if (depth === 0) {
    if (value.length < 2 || !value.every((n) => n instanceof JsonNumber)) {
      throw new GeoJsonError(say(`${where.en} has a position that is not two or three numbers`, `${where.nl} heeft een positie die geen twee of drie getallen is`), line);
    }
    out.push(value as Position);
    return out;
  }
  for (const v of value) positions(v, depth - 1, where, line, out);
  return out;
}

function boundingBox(geometry: JsonValue, where: Texts, line: number): Box | undefined {
  let box: Box | undefined;
  const visit = (g: JsonValue) => {
    const parts = geometryParts(g, where, line);
    if (parts.geometries) return parts.geometries.forEach(visit);
    for (const p of positions(parts.coordinates, depthOf[parts.type] as number, where, line)) {
      const [xn, yn] = p as [JsonNumber, JsonNumber];
      const x = Number(xn.raw);
      const y = Number(yn.raw);
      if (!box) {
        box = { minX: x, minY: y, maxX: x, maxY: y, text: { minX: xn.raw, minY: yn.raw, maxX: xn.raw, maxY: yn.raw } };
        continue;
      }
      if (x < box.minX) (box.minX = x), (box.text.minX = xn.raw);
      if (x > box.maxX) (box.maxX = x), (box.text.maxX = xn.raw);
      if (y < box.minY) (box.minY = y), (box.text.minY = yn.raw);
      if (y > box.maxY) (box.maxY = y), (box.text.maxY = yn.raw);
    }
  };
  visit(geometry);
  return box;
}

/** Well-known text (OGC simple features) of a GeoJSON geometry, numbers as written; `Z` when positions have three. */
export function wkt(geometry: JsonValue, where = say('the feature', 'het object'), line = 0): string {
  const parts = geometryParts(geometry, where, line);
  const name = parts.type.toUpperCase();
  if (parts.geometries) {
    return parts.geometries.length === 0 ? `${name} EMPTY` : `${name} (${parts.geometries.map((g) => wkt(g, where, line)).join(', ')})`;
  }
  const depth = depthOf[parts.type] as number;
  const all = positions(parts.coordinates, depth, where, line);
  if (all.length === 0) return `${name} EMPTY`;
  const z = all.every((p) => p.length >= 3);
  const point = (p: Position) => p.slice(0, z ? 3 : 2).map((n) => n.raw).join(' ');
  const render = (v: JsonValue, d: number): string => (d === 0 ? point(v as Position) : `(${(v as JsonValue[]).map((x) => render(x, d - 1)).join(', ')})`);
  const body = depth === 0 ? `(${point(parts.coordinates as Position)})` : render(parts.coordinates as JsonValue, depth);
  // MULTIPOINT lists points without their own parentheses in the classic form; both forms are valid WKT
  return `${name}${z ? ' Z' : ''} ${body}`;
}
