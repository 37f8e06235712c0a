import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import { multiPolygon, point } from '@turf/helpers';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DuckDBConnection } from '@duckdb/node-api';
import { nearestEdgeCtes, nearestPointCtes, pointInPolygonCtes, polygonEdgeCtes, rdGrid, withCtes, type GridOptions } from '../../../../core/geo/spatial-sql';
import { parseTrino } from '../../../../core/sql/trino';
import { duck, rows } from '../../../support/sql-duckdb';

type Ring = [number, number][];
type Polygon = Ring[];

let conn: DuckDBConnection;
beforeAll(async () => {
  conn = await duck();
});

/** A deterministic pseudo-random generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** A star-shaped ring (concave, many vertices) around a centre. */
function starRing(cx: number, cy: number, radius: number, vertices: number, rnd: () => number, clockwise = false): Ring {
  const ring: Ring = [];
  for (let i = 0; i < vertices; i++) {
    const angle = ((clockwise ? -i : i) / vertices) * 2 * Math.PI;
    const r = radius * (0.55 + 0.45 * rnd());
    ring.push([cx + r * Math.cos(angle), cy + r * Math.sin(angle)]);
  }
  ring.push(ring[0]!);
  return ring;
}

const wkt = (parts: Polygon[]) =>
  `MULTIPOLYGON (${parts.map((p) => `(${p.map((r) => `(${r.map(([x, y]) => `${x} ${y}`).join(', ')})`).join(', ')})`).join(', ')})`;

async function loadPolygons(polygons: Record<string, Polygon[]>): Promise<void> {
  const values = Object.entries(polygons)
    .map(([key, parts]) => `('${key}', '${wkt(parts)}')`)
    .join(',\n');
  await conn.run(`create or replace table polygons as select * from (values ${values}) as p (polygon_key, wkt)`);
}

async function loadPoints(points: [number, number][]): Promise<void> {
  await conn.run('create or replace table points (point_id bigint, x double, y double)');
  const appender = await conn.createAppender('points');
  points.forEach(([x, y], i) => {
    appender.appendBigInt(BigInt(i));
    appender.appendDouble(x);
    appender.appendDouble(y);
    appender.endRow();
  });
  appender.closeSync();
}

async function pointInPolygon(grid: GridOptions): Promise<Map<number, { key: string; onBorder: boolean }>> {
  const sql = withCtes([...polygonEdgeCtes(), ...pointInPolygonCtes(grid)], 'select * from point_polygons');
  expect(parseTrino(sql).errors).toEqual([]);
  const result = await rows(conn, sql);
  return new Map(result.map((r) => [Number(r.point_id), { key: String(r.polygon_key), onBorder: Boolean(r.on_border) }]));
}

describe('point in polygon (even-odd over edges, grid and band prefilters)', () => {
  it('agrees with turf on thousands of random points: concave polygons, holes, multipolygons', async () => {
    const rnd = random(42);
    // 12 neighbouring star polygons (non-overlapping) on a 3×4 grid of 1000 m; some have a hole, some two parts
    const polygons: Record<string, Polygon[]> = {};
    for (let i = 0; i < 12; i++) {
      const cx = 150_000 + (i % 4) * 1000;
      const cy = 450_000 + Math.floor(i / 4) * 1000;
      const outer = starRing(cx, cy, 480, 60, rnd);
      const parts: Polygon[] = [i % 3 === 0 ? [outer, starRing(cx, cy, 150, 12, rnd, true)] : [outer]];
      if (i % 4 === 1) parts.push([starRing(cx + 300, cy + 380, 60, 8, rnd)]); // a small second part
      polygons[`BU${String(i).padStart(8, '0')}`] = parts;
    }
    await loadPolygons(polygons);
    const points: [number, number][] = [];
    for (let i = 0; i < 5000; i++) points.push([149_400 + rnd() * 4200, 449_400 + rnd() * 3200]);
    await loadPoints(points);

    const found = await pointInPolygon(rdGrid);
    let inside = 0;
    points.forEach(([x, y], i) => {
      const expected = Object.entries(polygons)
        .filter(([, parts]) => booleanPointInPolygon(point([x, y]), multiPolygon(parts)))
        .map(([key]) => key);
      expect(expected.length).toBeLessThanOrEqual(1);
      expect({ i, key: found.get(i)?.key }).toEqual({ i, key: expected[0] });
      if (expected.length) inside++;
    });
    // the test means something: many points inside, many outside (holes, gaps, outside the grid)
    expect(inside).toBeGreaterThan(1000);
    expect(points.length - inside).toBeGreaterThan(1000);
  });

  it('assigns a point on a shared border, or on a vertex, once: to the lowest key', async () => {
    await loadPolygons({
      B: [[[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]]],
      A: [[[[10, 0], [20, 0], [20, 10], [10, 10], [10, 0]]]],
      C: [[[[0, 10], [20, 10], [20, 20], [0, 20], [0, 10]]]],
    });
    await loadPoints([[10, 5], [10, 10], [5, 10], [0, 5], [25, 5], [5, 5], [15, 15]]);
    const found = await pointInPolygon({ cellSize: 7, bandSize: 3, tolerance: 1e-9 });
    expect([...found.entries()].sort(([a], [b]) => a - b)).toEqual([
      [0, { key: 'A', onBorder: true }], // A|B border
      [1, { key: 'A', onBorder: true }], // the corner of A, B and C
      [2, { key: 'B', onBorder: true }], // B|C border
      [3, { key: 'B', onBorder: true }], // the outer border counts as inside
      [5, { key: 'B', onBorder: false }],
      [6, { key: 'C', onBorder: false }],
    ]);
  });
});

describe('nearest within a distance', () => {
  it('point to point: the nearest target within d, ties to the lowest key, none beyond d', async () => {
    await loadPoints([[0, 0], [100, 100], [50, 50]]);
    await conn.run(`create or replace table targets as select * from (values ('t1', 3e0, 0e0), ('t2', 0e0, 2e0), ('t3', 104e0, 100e0), ('t4', 50e0, 53e0), ('t5', 53e0, 50e0)) as t (target_key, x, y)`);
    const sql = withCtes(nearestPointCtes(4), 'select * from nearest_points order by point_id');
    expect(parseTrino(sql).errors).toEqual([]);
    expect(await rows(conn, sql)).toEqual([
      { point_id: 0n, target_key: 't2', distance: 2, targets_within: 2n },
      { point_id: 1n, target_key: 't3', distance: 4, targets_within: 1n },
      { point_id: 2n, target_key: 't4', distance: 3, targets_within: 2n },
    ]);
  });

  it('point to polygon edge: perpendicular and end-point distances', async () => {
    await loadPolygons({ P: [[[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]]], Q: [[[[20, 0], [30, 0], [30, 10], [20, 10], [20, 0]]]] });
    await loadPoints([[15, 5], [13, 13], [5, -2], [50, 50]]);
    const sql = withCtes([...polygonEdgeCtes(), ...nearestEdgeCtes(6)], 'select point_id, polygon_key, round(distance, 6) as distance, targets_within from nearest_edges order by point_id');
    expect(parseTrino(sql).errors).toEqual([]);
    expect(await rows(conn, sql)).toEqual([
      { point_id: 0n, polygon_key: 'P', distance: 5, targets_within: 2n },
      { point_id: 1n, polygon_key: 'P', distance: Math.round(Math.hypot(3, 3) * 1e6) / 1e6, targets_within: 1n },
      { point_id: 2n, polygon_key: 'P', distance: 2, targets_within: 1n },
    ]);
  });
});
