/**
 * RD New (EPSG:28992) ↔ WGS84 as shared SQL: the approximation polynomials of Schreutelkamp and Strang van
 * Hees ("Benaderingsformules voor de transformatie tussen RD- en WGS84-kaartcoördinaten", 2001), accurate to
 * well under a metre inside the Netherlands (measured in bench/geo-accuracy.ts against proj4). Plain
 * arithmetic, so the same Trino text runs on Athena and on DuckDB; the TypeScript twins are for tests and
 * benchmarks.
 */

/** RD origin (Amersfoort) in RD metres and in WGS84 degrees. */
export const rdOrigin = { x: 155000, y: 463000, lat: 52.1551744, lon: 5.38720621 } as const;

type Terms = readonly (readonly [p: number, q: number, k: number])[];

/** RD → latitude: K_pq, dX^p dY^q (dX, dY in 100 km), result in arcseconds. */
const latTerms: Terms = [
  [0, 1, 3235.65389], [2, 0, -32.58297], [0, 2, -0.2475], [2, 1, -0.84978], [0, 3, -0.0655], [2, 2, -0.01709],
  [1, 0, -0.00738], [4, 0, 0.0053], [2, 3, -0.00039], [4, 1, 0.00033], [1, 1, -0.00012],
];
/** RD → longitude: L_pq. */
const lonTerms: Terms = [
  [1, 0, 5260.52916], [1, 1, 105.94684], [1, 2, 2.45656], [3, 0, -0.81885], [1, 3, 0.05594], [3, 1, -0.05607],
  [0, 1, 0.01199], [3, 2, -0.00256], [1, 4, 0.00128], [0, 2, 0.00022], [2, 0, -0.00022], [5, 0, 0.00026],
];
/** WGS84 → RD x: R_pq, dPhi^p dLam^q (in 10 000 arcseconds), result in metres. */
const xTerms: Terms = [
  [0, 1, 190094.945], [1, 1, -11832.228], [2, 1, -114.221], [0, 3, -32.391], [1, 0, -0.705], [3, 1, -2.34],
  [1, 3, -0.608], [0, 2, -0.008], [2, 3, 0.148],
];
/** WGS84 → RD y: S_pq. */
const yTerms: Terms = [
  [1, 0, 309056.544], [0, 2, 3638.893], [2, 0, 73.077], [1, 2, -157.984], [3, 0, 59.788], [0, 1, 0.433],
  [2, 2, -6.439], [1, 1, -0.032], [0, 4, 0.092], [1, 4, -0.054],
];

function evaluate(terms: Terms, a: number, b: number): number {
  let sum = 0;
  for (const [p, q, k] of terms) sum += k * a ** p * b ** q;
  return sum;
}

export function rdToWgs84(x: number, y: number): { lat: number; lon: number } {
  const dx = (x - rdOrigin.x) * 1e-5;
  const dy = (y - rdOrigin.y) * 1e-5;
  return { lat: rdOrigin.lat + evaluate(latTerms, dx, dy) / 3600, lon: rdOrigin.lon + evaluate(lonTerms, dx, dy) / 3600 };
}

export function wgs84ToRd(lat: number, lon: number): { x: number; y: number } {
  const dphi = 0.36 * (lat - rdOrigin.lat);
  const dlam = 0.36 * (lon - rdOrigin.lon);
  return { x: rdOrigin.x + evaluate(xTerms, dphi, dlam), y: rdOrigin.y + evaluate(yTerms, dphi, dlam) };
}

/** A double literal in both dialects (a bare 1.5 is a DECIMAL in Trino). */
function num(n: number): string {
  const text = String(n);
  return text.includes('e') ? text : `${text}e0`;
}

function power(base: string, n: number): string[] {
  return Array.from({ length: n }, () => base);
}

/** Σ k·a^p·b^q as SQL, the powers written as products (exact, and no power() with its double rounding). */
function polynomialSql(terms: Terms, a: string, b: string): string {
  return terms.map(([p, q, k]) => [num(k), ...power(a, p), ...power(b, q)].join(' * ')).join('\n    + ');
}

/** SQL expressions for WGS84 latitude and longitude of RD columns/expressions x and y (NULL stays NULL). */
export function rdToWgs84Sql(x: string, y: string): { lat: string; lon: string } {
  const dx = `((${x}) - ${num(rdOrigin.x)}) * 1e-5`;
  const dy = `((${y}) - ${num(rdOrigin.y)}) * 1e-5`;
  const a = `(${dx})`;
  const b = `(${dy})`;
  return {
    lat: `(${num(rdOrigin.lat)} + (\n    ${polynomialSql(latTerms, a, b)}\n  ) / 3600e0)`,
    lon: `(${num(rdOrigin.lon)} + (\n    ${polynomialSql(lonTerms, a, b)}\n  ) / 3600e0)`,
  };
}

/** SQL expressions for RD x and y of WGS84 latitude/longitude columns/expressions. */
export function wgs84ToRdSql(lat: string, lon: string): { x: string; y: string } {
  const a = `(0.36e0 * ((${lat}) - ${num(rdOrigin.lat)}))`;
  const b = `(0.36e0 * ((${lon}) - ${num(rdOrigin.lon)}))`;
  return {
    x: `(${num(rdOrigin.x)} + (\n    ${polynomialSql(xTerms, a, b)}\n  ))`,
    y: `(${num(rdOrigin.y)} + (\n    ${polynomialSql(yTerms, a, b)}\n  ))`,
  };
}
