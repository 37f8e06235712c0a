// GeoJSON (Multi)Polygon geometry → WKT, for benchmarks and checks that load polygons without the pipeline's
// GeoJSON intake. Only x and y are kept (a third ordinate, as in Inside Airbnb's files, is dropped).
type Position = number[];

const ring = (r: Position[]) => `(${r.map((p) => `${p[0]} ${p[1]}`).join(', ')})`;
const polygon = (p: Position[][]) => `(${p.map(ring).join(', ')})`;

export function geometryToWkt(geometry: { type: string; coordinates: unknown }): string {
  if (geometry.type === 'Polygon') return `POLYGON ${polygon(geometry.coordinates as Position[][])}`;
  if (geometry.type === 'MultiPolygon') return `MULTIPOLYGON (${(geometry.coordinates as Position[][][]).map(polygon).join(', ')})`;
  throw new Error(`not a polygon: ${geometry.type}`);
}
