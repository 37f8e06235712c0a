import { z } from 'zod';
import { sqlName } from './contract';

/**
 * A declared link (pack.yaml `links:`): rows of one dataset tied to a key of a reference dataset. Each link
 * builds a link table `link_<name>` (source key → target key, method, distance) that marts join through, and a
 * match report per run (core/link).
 */
export const keyKind = z.enum(['text', 'postcode', 'cbs_code', 'bag_id', 'house_number']);

const point = z.object({
  x: sqlName,
  y: sqlName,
  /** wgs84: x is the longitude, y the latitude; rd: RD New metres. */
  crs: z.enum(['wgs84', 'rd']),
});

const byKey = z.object({
  /** exact: equal canonical keys; fuzzy_name: normalised names within max_edits (Levenshtein). */
  method: z.enum(['exact', 'fuzzy_name']),
  from: z.object({ dataset: sqlName, column: sqlName }),
  to: z.object({
    dataset: sqlName,
    /** The key the link table returns. */
    key: sqlName,
    /** The column compared with the source column (default: the key), e.g. a name beside a code. */
    match: sqlName.optional(),
  }),
  /** How both sides are made canonical before comparing (exact links). */
  key_kind: keyKind.default('text'),
  /** fuzzy_name: the largest edit distance still accepted. */
  max_edits: z.number().int().min(0).max(5).default(2),
  /**
   * Further column pairs that must also be equal as canonical keys, e.g. postcode beside a house number, or a
   * house number beside a street name compared fuzzily. Their source columns join the link table's key.
   */
  also: z.array(z.object({ column: sqlName, match: sqlName, key_kind: keyKind.default('text') })).default([]),
});

const byPlace = z.object({
  /** point_in_polygon: the polygon containing the point; nearest: the nearest point or polygon within within_m. */
  method: z.enum(['point_in_polygon', 'nearest']),
  from: z.object({ dataset: sqlName, key: z.array(sqlName).min(1), point }),
  to: z.object({
    dataset: sqlName,
    key: sqlName,
    /** A WKT (MULTI)POLYGON column, or a point. */
    geometry: z.union([z.object({ wkt: sqlName, crs: z.enum(['wgs84', 'rd']) }), z.object({ point })]),
  }),
  /** nearest: the search radius in metres (also a fallback for point_in_polygon: points just outside). */
  within_m: z.number().positive().optional(),
});

const common = z.object({
  name: sqlName,
  description: z.string().default(''),
  /** Below this share of source rows linked, the stage fails with the match report and the old table stays. */
  min_match_rate: z.number().min(0).max(1).default(0),
});

export const link = z.union([common.extend(byKey.shape), common.extend(byPlace.shape)]);

export type Link = z.infer<typeof link>;
export type KeyLink = Extract<Link, { method: 'exact' | 'fuzzy_name' }>;
export type PlaceLink = Extract<Link, { method: 'point_in_polygon' | 'nearest' }>;

export function isKeyLink(link: Link): link is KeyLink {
  return link.method === 'exact' || link.method === 'fuzzy_name';
}
