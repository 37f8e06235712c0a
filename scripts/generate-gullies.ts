/**
 * Generates packs/gullies/data/gullies.csv: a synthetic street-gully (kolken) register for Leeuwarden, placed
 * around the real tree file (packs/gullies/data/trees.csv). Deterministic: the same seed gives the same bytes.
 *
 *   npx tsx scripts/generate-gullies.ts [--count 3000] [--near-share 0.35] [--seed 80] [--out packs/gullies/data/gullies.csv]
 *
 * How the gullies are placed (RD New, metres):
 * - "avenue" gullies: next to a real tree, on the kerb beside the tree row (perpendicular to the line to the
 *   nearest neighbouring tree), 1–3.8 m from the trunk. They make up `near-share` of the register.
 * - "street" gullies: along synthetic straight streets laid out near the trees (so they fall in the same built-up
 *   area), on both kerbs every 25–60 m depending on the road category. Street gullies that happen to fall within
 *   4 m of a tree are skipped, so the share of gullies near a tree is exactly `near-share`.
 * - six "mixed" gullies between a small-leaved and a large-leaved tree, nearer the small one (the large-leaved
 *   tree still decides the action: the mart must not just follow the nearest tree).
 * - no tree lies between 3.9 and 4.1 m of any gully, so rounding to centimetres never changes a gully's class.
 * - wijk_code: a 1.5 km grid over the area, numbered WK0080 01..40 (synthetic, not the real CBS districts).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Point {
  x: number;
  y: number;
}

export interface Tree extends Point {
  genus: string;
}

export interface Gully extends Point {
  gully_id: string;
  road_category: RoadCategory;
  wijk_code: string;
  last_cleaned: string;
  complaints_last_year: number;
}

export type RoadCategory = 'hoofdweg' | 'wijkweg' | 'woonstraat' | 'fietspad';

/** mulberry32: small, fast, deterministic 32-bit PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Minimal RFC 4180 parser (quoted fields, doubled quotes, CRLF) — enough for the bundled files. */
export function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let field = '';
  let row: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  const [header, ...body] = rows.filter((r) => r.length > 1 || r[0] !== '');
  if (!header) return [];
  return body.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

export function readTrees(file: string): Tree[] {
  return parseCsv(readFileSync(file, 'utf8')).map((r) => ({
    x: Number(r.X),
    y: Number(r.Y),
    genus: (r.BOOMSOORT ?? '').split(' ')[0]?.toLowerCase() ?? '',
  }));
}

/** Grid index of points for "any tree within r metres" look-ups. */
export class PointGrid<T extends Point> {
  private cells = new Map<string, T[]>();
  constructor(
    points: T[],
    private size = 50,
  ) {
    for (const p of points) {
      const key = this.key(Math.floor(p.x / size), Math.floor(p.y / size));
      const cell = this.cells.get(key);
      if (cell) cell.push(p);
      else this.cells.set(key, [p]);
    }
  }
  private key(cx: number, cy: number): string {
    return `${cx}:${cy}`;
  }
  /** Points within r (r ≤ grid size) of p, nearest first, with their distance. */
  within(p: Point, r: number): { point: T; distance: number }[] {
    const cx = Math.floor(p.x / this.size);
    const cy = Math.floor(p.y / this.size);
    const found: { point: T; distance: number }[] = [];
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        for (const q of this.cells.get(this.key(cx + dx, cy + dy)) ?? []) {
          const distance = Math.hypot(q.x - p.x, q.y - p.y);
          if (distance <= r) found.push({ point: q, distance });
        }
      }
    }
    return found.sort((a, b) => a.distance - b.distance);
  }
}

/** The synthetic district grid: 1.5 km cells from (179000, 571000), 5 columns × 8 rows → WK008001..WK008040. */
export const wijkGrid = { x0: 179000, y0: 571000, cell: 1500, cols: 5, rows: 8 };

export function wijkCode(p: Point): string {
  const { x0, y0, cell, cols, rows } = wijkGrid;
  const col = Math.min(cols - 1, Math.max(0, Math.floor((p.x - x0) / cell)));
  const row = Math.min(rows - 1, Math.max(0, Math.floor((p.y - y0) / cell)));
  return `WK0080${String(row * cols + col + 1).padStart(2, '0')}`;
}

interface RoadSpec {
  weight: number;
  /** Distance from the centre line to the kerb. */
  halfWidth: number;
  /** Distance between gullies along one kerb. */
  spacing: number;
  sides: 1 | 2;
}

const roads: Record<RoadCategory, RoadSpec> = {
  hoofdweg: { weight: 15, halfWidth: 7, spacing: 28, sides: 2 },
  wijkweg: { weight: 25, halfWidth: 4.5, spacing: 35, sides: 2 },
  woonstraat: { weight: 45, halfWidth: 3, spacing: 40, sides: 2 },
  fietspad: { weight: 15, halfWidth: 1.5, spacing: 60, sides: 1 },
};

function pickWeighted<K extends string>(rand: () => number, weights: Record<K, number>): K {
  const entries = Object.entries(weights) as [K, number][];
  const total = entries.reduce((s, [, w]) => s + w, 0);
  let r = rand() * total;
  for (const [k, w] of entries) {
    r -= w;
    if (r < 0) return k;
  }
  return entries[entries.length - 1]![0];
}

function poisson(rand: () => number, lambda: number): number {
  const limit = Math.exp(-lambda);
  let k = 0;
  let p = rand();
  while (p > limit) {
    k++;
    p *= rand();
  }
  return k;
}

function isoDate(epochDay: number): string {
  return new Date(epochDay * 86_400_000).toISOString().slice(0, 10);
}

export interface GenerateOptions {
  count: number;
  nearShare: number;
  seed: number;
}

export function generateGullies(trees: Tree[], largeGenera: Set<string>, opts: GenerateOptions): Gully[] {
  const rand = prng(opts.seed);
  const grid = new PointGrid(trees, 50);
  const nearTarget = Math.round(opts.count * opts.nearShare);
  const farTarget = opts.count - nearTarget;
  type Draft = Point & { road_category: RoadCategory; nearLarge: boolean | undefined };
  const drafts: Draft[] = [];

  // Street gullies: straight streets near the trees, on a local grid orientation per km cell.
  const cellAngle = new Map<string, number>();
  let far = 0;
  while (far < farTarget) {
    const anchor = trees[Math.floor(rand() * trees.length)]!;
    const cellKey = `${Math.floor(anchor.x / 1000)}:${Math.floor(anchor.y / 1000)}`;
    if (!cellAngle.has(cellKey)) cellAngle.set(cellKey, rand() * Math.PI);
    const angle = cellAngle.get(cellKey)! + (rand() < 0.5 ? 0 : Math.PI / 2) + (rand() - 0.5) * 0.1;
    const offset = 20 + rand() * 230;
    const offsetAngle = rand() * 2 * Math.PI;
    const centre = { x: anchor.x + Math.cos(offsetAngle) * offset, y: anchor.y + Math.sin(offsetAngle) * offset };
    const category = pickWeighted(rand, { hoofdweg: 15, wijkweg: 25, woonstraat: 45, fietspad: 15 } as Record<RoadCategory, number>);
    const spec = roads[category];
    const length = 100 + rand() * 300;
    const u = { x: Math.cos(angle), y: Math.sin(angle) };
    const n = { x: -u.y, y: u.x };
    for (let side = 0; side < spec.sides && far < farTarget; side++) {
      const sign = side === 0 ? 1 : -1;
      const start = rand() * spec.spacing;
      for (let s = -length / 2 + start; s <= length / 2 && far < farTarget; s += spec.spacing * (0.85 + rand() * 0.3)) {
        const p = {
          x: centre.x + u.x * s + n.x * sign * (spec.halfWidth + (rand() - 0.5) * 0.4),
          y: centre.y + u.y * s + n.y * sign * (spec.halfWidth + (rand() - 0.5) * 0.4),
        };
        if (grid.within(p, 4.5).length > 0) continue; // keep a margin: street gullies stay clear of trees
        drafts.push({ ...p, road_category: category, nearLarge: undefined });
        far++;
      }
    }
  }

  // Avenue gullies: on the kerb beside a real tree, perpendicular to its tree row.
  const order = trees.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  let near = 0;
  const clearOfBoundary = (p: Point) => grid.within(p, 4.1).every((c) => c.distance <= 3.9);

  // A few gullies between a small-leaved and a large-leaved tree, nearer the small one: the large-leaved tree
  // still decides the action (sweep_road), which the mart must get right.
  const isLarge = (t: Tree) => largeGenera.has(t.genus);
  for (const small of trees) {
    if (near >= Math.min(6, nearTarget)) break;
    if (isLarge(small)) continue;
    const partner = grid.within(small, 7).find((c) => isLarge(c.point) && c.distance > 2);
    if (!partner) continue;
    const large = partner.point;
    const u = { x: (large.x - small.x) / partner.distance, y: (large.y - small.y) / partner.distance };
    const p = {
      x: small.x + (large.x - small.x) * 0.35 - u.y * 1.0,
      y: small.y + (large.y - small.y) * 0.35 + u.x * 1.0,
    };
    const close = grid.within(p, 4);
    if (!clearOfBoundary(p) || !close.some((c) => isLarge(c.point)) || isLarge(close[0]!.point)) continue;
    drafts.push({ ...p, road_category: 'woonstraat', nearLarge: true });
    near++;
  }

  for (let k = 0; near < nearTarget; k++) {
    const tree = trees[order[k % order.length]!]!;
    const neighbour = grid.within(tree, 40).find((t) => t.distance > 0.5);
    const angle = neighbour
      ? Math.atan2(neighbour.point.y - tree.y, neighbour.point.x - tree.x)
      : rand() * Math.PI;
    const u = { x: Math.cos(angle), y: Math.sin(angle) };
    const n = { x: -u.y, y: u.x };
    const sign = rand() < 0.5 ? 1 : -1;
    const across = 1 + rand() * 2.6;
    const along = (rand() - 0.5) * 2.4;
    const p = { x: tree.x + n.x * sign * across + u.x * along, y: tree.y + n.y * sign * across + u.y * along };
    const close = grid.within(p, 4);
    // keep clear of the 4 m boundary so rounding to centimetres never flips a gully's class
    if (close.length === 0 || !clearOfBoundary(p)) continue;
    const category = pickWeighted(rand, { hoofdweg: 20, wijkweg: 35, woonstraat: 40, fietspad: 5 } as Record<RoadCategory, number>);
    drafts.push({ ...p, road_category: category, nearLarge: close.some((c) => largeGenera.has(c.point.genus)) });
    near++;
  }

  // Register order: by district, then west to east, as a municipal register export would list them.
  const placed = drafts.map((d) => ({ ...d, x: Math.round(d.x * 100) / 100, y: Math.round(d.y * 100) / 100, wijk_code: wijkCode(d) }));
  placed.sort((a, b) => a.wijk_code.localeCompare(b.wijk_code) || a.x - b.x || a.y - b.y);

  const firstDay = Date.UTC(2023, 5, 1) / 86_400_000;
  const lastDay = Date.UTC(2025, 9, 31) / 86_400_000;
  return placed.map((d, i) => {
    const base = d.nearLarge === undefined ? 0.3 : d.nearLarge ? 1.4 : 0.7;
    const lambda = base + (d.road_category === 'hoofdweg' ? 0.3 : 0) + (d.road_category === 'fietspad' ? -0.15 : 0);
    // about 1 % of gullies have no recorded cleaning yet (new or never registered)
    const last_cleaned = rand() < 0.01 ? '' : isoDate(firstDay + Math.floor(rand() * (lastDay - firstDay + 1)));
    return {
      gully_id: `KOLK-${String(i + 1).padStart(6, '0')}`,
      x: d.x,
      y: d.y,
      road_category: d.road_category,
      wijk_code: d.wijk_code,
      last_cleaned,
      complaints_last_year: poisson(rand, lambda),
    };
  });
}

export function gulliesCsv(gullies: Gully[]): string {
  const header = 'gully_id,x,y,road_category,wijk_code,last_cleaned,complaints_last_year';
  const lines = gullies.map((g) =>
    [g.gully_id, g.x.toFixed(2), g.y.toFixed(2), g.road_category, g.wijk_code, g.last_cleaned, g.complaints_last_year].join(','),
  );
  return `${header}\n${lines.join('\n')}\n`;
}

function flag(args: string[], name: string, fallback: string): string {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : fallback;
}

function main(): void {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const args = process.argv.slice(2);
  const count = Number(flag(args, 'count', '3000'));
  const nearShare = Number(flag(args, 'near-share', '0.35'));
  const seed = Number(flag(args, 'seed', '80'));
  const out = flag(args, 'out', join(root, 'packs/gullies/data/gullies.csv'));
  const trees = readTrees(join(root, 'packs/gullies/data/trees.csv'));
  const species = parseCsv(readFileSync(join(root, 'packs/gullies/data/tree_species.csv'), 'utf8'));
  const large = new Set(species.filter((s) => s.leaf_size === 'large').map((s) => s.genus ?? ''));
  const started = performance.now();
  const gullies = generateGullies(trees, large, { count, nearShare, seed });
  writeFileSync(out, gulliesCsv(gullies));
  const grid = new PointGrid(trees, 50);
  const nearCount = gullies.filter((g) => grid.within(g, 4).length > 0).length;
  console.log(
    `wrote ${gullies.length} gullies to ${out} in ${Math.round(performance.now() - started)} ms; ` +
      `${nearCount} (${((100 * nearCount) / gullies.length).toFixed(1)} %) within 4 m of a tree`,
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
