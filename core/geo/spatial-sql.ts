/**
 * Spatial joins as plain Trino SQL that runs unchanged on Athena and on DuckDB without its spatial extension
 * (which is downloaded at run time, so unavailable offline). Polygons become edges; a point is inside when a
 * ray to +x crosses its polygon's edges an odd number of times (even-odd: holes and multipolygons need no
 * special case). Two prefilters keep the join small: polygon bounding boxes on a grid of `cellSize`, and the
 * edges of each polygon cut into horizontal bands of `bandSize`, so a point meets only the edges of its band.
 *
 * The generators return named CTEs (`Cte[]`) over relations the caller provides, so a link query can chain
 * them after its own CTEs:
 *   polygons (polygon_key, wkt)  — WKT POLYGON or MULTIPOLYGON text
 *   points   (point_id, x, y)    — in the polygons' coordinate system
 */

export type Cte = readonly [name: string, sql: string];

/** `with a as (...), b as (...) select …` in the project's SQL style. */
export function withCtes(ctes: readonly Cte[], final: string): string {
  if (ctes.length === 0) return final;
  const body = ctes.map(([name, sql]) => `${name} as (\n\n${indent(sql.trim())}\n\n)`).join(',\n\n');
  return `with\n\n${body}\n\n${final}`;
}

function indent(sql: string): string {
  return sql
    .split('\n')
    .map((line) => (line ? `    ${line}` : line))
    .join('\n');
}

export interface GridOptions {
  /** Side of the bounding-box grid cells, in the coordinate unit (degrees for WGS84, metres for RD). */
  cellSize: number;
  /** Height of the edge bands; about a tenth of the cell size works well. */
  bandSize: number;
  /** A point closer than this to an edge lies on the border (inside every polygon sharing that edge). */
  tolerance: number;
}

export const wgs84Grid: GridOptions = { cellSize: 0.01, bandSize: 0.0001, tolerance: 1e-9 };
export const rdGrid: GridOptions = { cellSize: 500, bandSize: 10, tolerance: 1e-4 };

/** A double literal in both dialects (a bare 0.5 is a DECIMAL in Trino). */
export function double(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`not a finite number: ${n}`);
  const text = String(n);
  return text.includes('e') ? text : `${text}e0`;
}

// One part of a (multi)polygon: "((ring), (ring), …)"; then one ring: "(x y, x y, …)".
const partPattern = String.raw`\(\([^()]*\)(?:\s*,\s*\([^()]*\))*\)`;
const ringPattern = String.raw`\(([^()]*)\)`;

/**
 * polygon_edges (polygon_key, part_nr, ring_nr, x1, y1, x2, y2) from `polygons` (polygon_key, wkt).
 * Every ring of every part, outer and holes alike: even-odd counting needs no orientation. `transform` maps the
 * vertex coordinates (e.g. WGS84 → RD for distances in metres).
 */
export function polygonEdgeCtes(
  polygons = 'polygons',
  transform: (x: string, y: string) => { x: string; y: string } = (x, y) => ({ x, y }),
): Cte[] {
  const x = `cast(split_part(regexp_replace(trim(vertex.xy), '\\s+', ' '), ' ', 1) as double)`;
  const y = `cast(split_part(regexp_replace(trim(vertex.xy), '\\s+', ' '), ' ', 2) as double)`;
  const projected = transform(x, y);
  // Each list is made in its own CTE and unnested in the next: DuckDB unnests a column directly, but decorrelates
  // an unnest of an expression into a join on the whole WKT text (1.3 s instead of 0.02 s for 100 k vertices).
  return [
    [
      'polygon_part_lists',
      `select
    ${polygons}.polygon_key,
    regexp_extract_all(${polygons}.wkt, '${partPattern}') as parts
from ${polygons}
where ${polygons}.wkt is not null`,
    ],
    [
      'polygon_parts',
      `select
    polygon_part_lists.polygon_key,
    part.part_nr,
    regexp_extract_all(part.part_wkt, '${ringPattern}', 1) as rings
from polygon_part_lists
cross join unnest(polygon_part_lists.parts) with ordinality as part (part_wkt, part_nr)`,
    ],
    [
      'polygon_rings',
      `select
    polygon_parts.polygon_key,
    polygon_parts.part_nr,
    ring.ring_nr,
    split(ring.ring_text, ',') as vertices
from polygon_parts
cross join unnest(polygon_parts.rings) with ordinality as ring (ring_text, ring_nr)`,
    ],
    [
      'polygon_vertices',
      `select
    polygon_rings.polygon_key,
    polygon_rings.part_nr,
    polygon_rings.ring_nr,
    vertex.vertex_nr,
    ${projected.x} as x,
    ${projected.y} as y
from polygon_rings
cross join unnest(polygon_rings.vertices) with ordinality as vertex (xy, vertex_nr)`,
    ],
    [
      'polygon_edges',
      `select *
from (
    select
        polygon_vertices.polygon_key,
        polygon_vertices.part_nr,
        polygon_vertices.ring_nr,
        polygon_vertices.x as x1,
        polygon_vertices.y as y1,
        lead(polygon_vertices.x) over (
            partition by polygon_vertices.polygon_key, polygon_vertices.part_nr, polygon_vertices.ring_nr
            order by polygon_vertices.vertex_nr
        ) as x2,
        lead(polygon_vertices.y) over (
            partition by polygon_vertices.polygon_key, polygon_vertices.part_nr, polygon_vertices.ring_nr
            order by polygon_vertices.vertex_nr
        ) as y2
    from polygon_vertices
) as consecutive
where consecutive.x2 is not null`,
    ],
  ];
}

/** polygon_bboxes (polygon_key, min_x, min_y, max_x, max_y) from polygon_edges. */
export function polygonBboxCte(): Cte {
  return [
    'polygon_bboxes',
    `select
    polygon_edges.polygon_key,
    min(least(polygon_edges.x1, polygon_edges.x2)) as min_x,
    min(least(polygon_edges.y1, polygon_edges.y2)) as min_y,
    max(greatest(polygon_edges.x1, polygon_edges.x2)) as max_x,
    max(greatest(polygon_edges.y1, polygon_edges.y2)) as max_y
from polygon_edges
group by polygon_edges.polygon_key`,
  ];
}

const cell = (value: string, size: number) => `cast(floor((${value}) / ${double(size)}) as bigint)`;

/**
 * Point in polygon: point_polygons (point_id, polygon_key, on_border), at most one polygon per point. A point
 * on a border shared by several polygons (or inside overlapping ones) goes to the lowest polygon_key, so it is
 * counted once and always in the same place. Needs `points` and polygon_edges (see polygonEdgeCtes).
 */
export function pointInPolygonCtes(grid: GridOptions, points = 'points'): Cte[] {
  const { cellSize, bandSize, tolerance } = grid;
  return [
    polygonBboxCte(),
    [
      'polygon_cells',
      `select
    polygon_bboxes.polygon_key,
    polygon_bboxes.min_x,
    polygon_bboxes.min_y,
    polygon_bboxes.max_x,
    polygon_bboxes.max_y,
    cell_x.cell_x,
    cell_y.cell_y
from polygon_bboxes
cross join unnest(sequence(${cell('polygon_bboxes.min_x', cellSize)}, ${cell('polygon_bboxes.max_x', cellSize)})) as cell_x (cell_x)
cross join unnest(sequence(${cell('polygon_bboxes.min_y', cellSize)}, ${cell('polygon_bboxes.max_y', cellSize)})) as cell_y (cell_y)`,
    ],
    [
      'edge_bands',
      `select
    polygon_edges.polygon_key,
    band.band,
    polygon_edges.x1,
    polygon_edges.y1,
    polygon_edges.x2,
    polygon_edges.y2
from polygon_edges
cross join unnest(sequence(
    ${cell('least(polygon_edges.y1, polygon_edges.y2)', bandSize)},
    ${cell('greatest(polygon_edges.y1, polygon_edges.y2)', bandSize)}
)) as band (band)`,
    ],
    [
      'point_candidates',
      `select
    ${points}.point_id,
    ${points}.x,
    ${points}.y,
    ${cell(`${points}.y`, bandSize)} as band,
    polygon_cells.polygon_key
from ${points}
inner join polygon_cells
    on polygon_cells.cell_x = ${cell(`${points}.x`, cellSize)}
    and polygon_cells.cell_y = ${cell(`${points}.y`, cellSize)}
where ${points}.x between polygon_cells.min_x - ${double(tolerance)} and polygon_cells.max_x + ${double(tolerance)}
    and ${points}.y between polygon_cells.min_y - ${double(tolerance)} and polygon_cells.max_y + ${double(tolerance)}`,
    ],
    [
      'point_crossings',
      // crossings: edges straddling the point's horizontal line (half-open in y, so a vertex counts once)
      // whose crossing lies right of the point; on_border: the point lies on the edge within the tolerance
      `select
    point_candidates.point_id,
    point_candidates.polygon_key,
    sum(
        case
            when (edge_bands.y1 > point_candidates.y) <> (edge_bands.y2 > point_candidates.y)
                and point_candidates.x < edge_bands.x1
                    + (point_candidates.y - edge_bands.y1) * (edge_bands.x2 - edge_bands.x1) / (edge_bands.y2 - edge_bands.y1)
            then 1
            else 0
        end
    ) as crossings,
    max(
        case
            when point_candidates.x between least(edge_bands.x1, edge_bands.x2) - ${double(tolerance)}
                    and greatest(edge_bands.x1, edge_bands.x2) + ${double(tolerance)}
                and point_candidates.y between least(edge_bands.y1, edge_bands.y2) - ${double(tolerance)}
                    and greatest(edge_bands.y1, edge_bands.y2) + ${double(tolerance)}
                and abs(
                    (edge_bands.x2 - edge_bands.x1) * (point_candidates.y - edge_bands.y1)
                    - (edge_bands.y2 - edge_bands.y1) * (point_candidates.x - edge_bands.x1)
                ) <= ${double(tolerance)} * sqrt(
                    power(edge_bands.x2 - edge_bands.x1, 2) + power(edge_bands.y2 - edge_bands.y1, 2)
                )
            then 1
            else 0
        end
    ) as on_border
from point_candidates
inner join edge_bands
    on edge_bands.polygon_key = point_candidates.polygon_key
    and edge_bands.band = point_candidates.band
-- only edges whose y-range reaches the point can cross its ray or touch it
where point_candidates.y between least(edge_bands.y1, edge_bands.y2) - ${double(tolerance)}
    and greatest(edge_bands.y1, edge_bands.y2) + ${double(tolerance)}
group by point_candidates.point_id, point_candidates.polygon_key`,
    ],
    [
      'point_polygons',
      `select
    ranked.point_id,
    ranked.polygon_key,
    ranked.on_border = 1 as on_border,
    ranked.polygons_containing
from (
    select
        point_crossings.point_id,
        point_crossings.polygon_key,
        point_crossings.on_border,
        count(*) over (partition by point_crossings.point_id) as polygons_containing,
        row_number() over (partition by point_crossings.point_id order by point_crossings.polygon_key) as polygon_rank
    from point_crossings
    where point_crossings.crossings % 2 = 1
        or point_crossings.on_border = 1
) as ranked
where ranked.polygon_rank = 1`,
    ],
  ];
}

/**
 * Nearest target point within `distance` (point–point, same unit as the coordinates: use RD metres):
 * nearest_points (point_id, target_key, distance, targets_within). Ties go to the lowest target_key.
 * Needs `points` (point_id, x, y) and `targets` (target_key, x, y).
 */
export function nearestPointCtes(distance: number, points = 'points', targets = 'targets'): Cte[] {
  const d = double(distance);
  return [
    ['cell_offsets', `select offsets.d\nfrom (values (-1), (0), (1)) as offsets (d)`],
    [
      'target_cells',
      `select
    ${targets}.target_key,
    ${targets}.x,
    ${targets}.y,
    ${cell(`${targets}.x`, distance)} as cell_x,
    ${cell(`${targets}.y`, distance)} as cell_y
from ${targets}
where ${targets}.x is not null
    and ${targets}.y is not null`,
    ],
    [
      'point_target_pairs',
      `select
    ${points}.point_id,
    target_cells.target_key,
    sqrt(power(target_cells.x - ${points}.x, 2) + power(target_cells.y - ${points}.y, 2)) as distance
from ${points}
cross join cell_offsets as offsets_x
cross join cell_offsets as offsets_y
inner join target_cells
    on target_cells.cell_x = ${cell(`${points}.x`, distance)} + offsets_x.d
    and target_cells.cell_y = ${cell(`${points}.y`, distance)} + offsets_y.d
where target_cells.x between ${points}.x - ${d} and ${points}.x + ${d}
    and target_cells.y between ${points}.y - ${d} and ${points}.y + ${d}`,
    ],
    nearestOf('nearest_points', 'point_target_pairs', 'target_key', distance),
  ];
}

/**
 * Nearest polygon edge (or line segment) within `distance`: nearest_edges (point_id, polygon_key, distance,
 * targets_within), targets_within counting polygons. Needs `points` and polygon_edges.
 */
export function nearestEdgeCtes(distance: number, points = 'points'): Cte[] {
  const d = double(distance);
  return [
    [
      'edge_cells',
      `select
    polygon_edges.polygon_key,
    polygon_edges.x1,
    polygon_edges.y1,
    polygon_edges.x2,
    polygon_edges.y2,
    cell_x.cell_x,
    cell_y.cell_y
from polygon_edges
cross join unnest(sequence(
    ${cell(`least(polygon_edges.x1, polygon_edges.x2) - ${d}`, distance)},
    ${cell(`greatest(polygon_edges.x1, polygon_edges.x2) + ${d}`, distance)}
)) as cell_x (cell_x)
cross join unnest(sequence(
    ${cell(`least(polygon_edges.y1, polygon_edges.y2) - ${d}`, distance)},
    ${cell(`greatest(polygon_edges.y1, polygon_edges.y2) + ${d}`, distance)}
)) as cell_y (cell_y)`,
    ],
    [
      'point_edge_projections',
      // t: where the perpendicular from the point meets the segment, clamped to its ends
      `select
    ${points}.point_id,
    ${points}.x,
    ${points}.y,
    edge_cells.polygon_key,
    edge_cells.x1,
    edge_cells.y1,
    edge_cells.x2,
    edge_cells.y2,
    case
        when edge_cells.x1 = edge_cells.x2 and edge_cells.y1 = edge_cells.y2 then 0e0
        else greatest(0e0, least(1e0,
            ((${points}.x - edge_cells.x1) * (edge_cells.x2 - edge_cells.x1) + (${points}.y - edge_cells.y1) * (edge_cells.y2 - edge_cells.y1))
            / (power(edge_cells.x2 - edge_cells.x1, 2) + power(edge_cells.y2 - edge_cells.y1, 2))
        ))
    end as t
from ${points}
inner join edge_cells
    on edge_cells.cell_x = ${cell(`${points}.x`, distance)}
    and edge_cells.cell_y = ${cell(`${points}.y`, distance)}`,
    ],
    [
      'point_edge_pairs',
      `select
    point_edge_projections.point_id,
    point_edge_projections.polygon_key,
    min(sqrt(
        power(point_edge_projections.x1 + point_edge_projections.t * (point_edge_projections.x2 - point_edge_projections.x1) - point_edge_projections.x, 2)
        + power(point_edge_projections.y1 + point_edge_projections.t * (point_edge_projections.y2 - point_edge_projections.y1) - point_edge_projections.y, 2)
    )) as distance
from point_edge_projections
group by point_edge_projections.point_id, point_edge_projections.polygon_key`,
    ],
    nearestOf('nearest_edges', 'point_edge_pairs', 'polygon_key', distance),
  ];
}

function nearestOf(name: string, pairs: string, key: string, distance: number): Cte {
  return [
    name,
    `select
    ranked.point_id,
    ranked.${key},
    ranked.distance,
    ranked.targets_within
from (
    select
        ${pairs}.point_id,
        ${pairs}.${key},
        ${pairs}.distance,
        count(*) over (partition by ${pairs}.point_id) as targets_within,
        row_number() over (partition by ${pairs}.point_id order by ${pairs}.distance, ${pairs}.${key}) as distance_rank
    from ${pairs}
    where ${pairs}.distance <= ${double(distance)}
) as ranked
where ranked.distance_rank = 1`,
  ];
}
