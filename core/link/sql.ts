import { rdToWgs84Sql, wgs84ToRdSql } from '../geo/rd';
import {
  type Cte,
  nearestEdgeCtes,
  nearestPointCtes,
  pointInPolygonCtes,
  polygonEdgeCtes,
  rdGrid,
  wgs84Grid,
  withCtes,
} from '../geo/spatial-sql';
import { quoteIdent } from '../sql/quote';
import { isKeyLink, type KeyLink, type Link, type PlaceLink } from '../../schemas/link';

/**
 * The select that builds a link table. Columns, for every link:
 *   <source key columns>  as the source dataset names them, so a mart joins `using (...)`
 *   target_key            the reference key, NULL when unmatched or ambiguous (a join never multiplies rows)
 *   method                exact | fuzzy | ambiguous | unmatched (key links); inside | border | nearest | unmatched (place)
 *   distance              edits (fuzzy_name) or metres (nearest); 0 for exact and inside
 *   candidates            targets at the best distance (key links), polygons containing the point or targets
 *                         within reach (place links); more than 1 means one-to-many, resolved as described
 *   source_rows           source rows carrying this key (key links: one link row per distinct value)
 * `tables` maps dataset names to the tables to read (default: the dataset name, the curated table).
 */
export function linkSelect(link: Link, tables: Record<string, string> = {}): string {
  const table = (dataset: string) => quoteIdent(tables[dataset] ?? dataset);
  return isKeyLink(link) ? keyLinkSelect(link, table) : placeLinkSelect(link, table);
}

/** Accents to their base letter, the same in both engines (Trino has no strip_accents). */
const accented = 'àáâãäåāèéêëēėęìíîïīįòóôõöøōùúûüūýÿçćčñńšśžźż';
const plain = 'aaaaaaaeeeeeeeiiiiiiooooooouuuuuyycccnnsszzz';

/** The canonical text of a key value, per kind; every kind starts from the trimmed text. */
export function canonicalSql(kind: KeyLink['key_kind'] | 'name', value: string): string {
  const text = `trim(cast(${value} as varchar))`;
  switch (kind) {
    case 'text':
      return text;
    case 'postcode':
      return `upper(replace(${text}, ' ', ''))`;
    case 'cbs_code':
      return `upper(${text})`;
    case 'bag_id':
      // spreadsheets drop the leading zero of municipality codes below 1000
      return `lpad(${text}, 16, '0')`;
    case 'house_number': {
      // number, then the addition (huisletter/toevoeging) upper case without separators: 12a, 12 A, 12-a → 12-A;
      // 12-2 stays apart from 122. (regexp_extract without a match is NULL on Trino and '' on DuckDB: guarded.)
      const number = `regexp_extract(${text}, '^[0-9]+')`;
      const addition = `upper(regexp_replace(substr(${text}, length(${number}) + 1), '[^A-Za-z0-9]', ''))`;
      return `case when regexp_like(${text}, '^[0-9]') then ${number} || case when ${addition} <> '' then '-' || ${addition} else '' end end`;
    }
    case 'name':
      // case, accents, hyphens, spaces and punctuation do not tell two names apart
      return `regexp_replace(translate(lower(${text}), '${accented}', '${plain}'), '[^a-z0-9]+', '')`;
  }
}

function keyLinkSelect(link: KeyLink, table: (d: string) => string): string {
  const column = quoteIdent(link.from.column);
  const kind = link.method === 'fuzzy_name' ? 'name' : link.key_kind;
  const match = quoteIdent(link.to.match ?? link.to.key);
  // `also`: further column pairs that must be equal as canonical keys (postcode beside a house number, say)
  const also = link.also.map((pair, i) => ({ ...pair, value: `also_${i + 1}`, canonical: `also_canonical_${i + 1}` }));
  const sourceKey = ['source_value', ...also.map((a) => a.value)];
  const on = (left: string, right: string, columns: string[]) => columns.map((c) => `${left}.${c} = ${right}.${c}`).join('\n    and ');
  const pairsSelect = `source_keys.${sourceKey.join(',\n    source_keys.')},\n    target_keys.target_key`;
  const alsoEqual = also.map((a) => `target_keys.${a.canonical} = source_keys.${a.canonical}`);
  const comparison: Cte =
    link.method === 'exact'
      ? [
          'pairs',
          `select
    ${pairsSelect},
    0 as distance
from source_keys
inner join target_keys
    on ${['target_keys.canonical = source_keys.canonical', ...alsoEqual].join('\n    and ')}`,
        ]
      : [
          'pairs',
          `select *
from (
    select
        ${pairsSelect.replaceAll('\n', '\n    ')},
        levenshtein_distance(source_keys.canonical, target_keys.canonical) as distance
    from source_keys
    ${alsoEqual.length ? `inner join target_keys\n        on ${alsoEqual.join('\n        and ')}` : 'cross join target_keys'}
    where abs(length(source_keys.canonical) - length(target_keys.canonical)) <= ${link.max_edits}
) as scored
where scored.distance <= ${link.max_edits}`,
        ];
  const groupKey = [column, ...also.map((a) => quoteIdent(a.column))];
  const ctes: Cte[] = [
    [
      'source_keys',
      `select
    ${column} as source_value,
    ${canonicalSql(kind, column)} as canonical,
${also.map((a) => `    ${quoteIdent(a.column)} as ${a.value},\n    ${canonicalSql(a.key_kind, quoteIdent(a.column))} as ${a.canonical},\n`).join('')}    count(*) as source_rows
from ${table(link.from.dataset)}
where ${groupKey.map((c) => `${c} is not null`).join('\n    and ')}
group by ${groupKey.join(', ')}`,
    ],
    [
      'target_keys',
      `select distinct
    cast(${quoteIdent(link.to.key)} as varchar) as target_key,
${also.map((a) => `    ${canonicalSql(a.key_kind, quoteIdent(a.match))} as ${a.canonical},\n`).join('')}    ${canonicalSql(kind, match)} as canonical
from ${table(link.to.dataset)}
where ${match} is not null
    and ${quoteIdent(link.to.key)} is not null`,
    ],
    comparison,
    [
      'best',
      `select
    ranked.${sourceKey.join(',\n    ranked.')},
    min(ranked.target_key) as target_key,
    min(ranked.distance) as distance,
    count(distinct ranked.target_key) as candidates
from (
    select
        pairs.${sourceKey.join(',\n        pairs.')},
        pairs.target_key,
        pairs.distance,
        rank() over (partition by pairs.${sourceKey.join(', pairs.')} order by pairs.distance) as distance_rank
    from pairs
) as ranked
where ranked.distance_rank = 1
group by ranked.${sourceKey.join(', ranked.')}`,
    ],
  ];
  return withCtes(
    ctes,
    `select
    source_keys.source_value as ${column},
${also.map((a) => `    source_keys.${a.value} as ${quoteIdent(a.column)},\n`).join('')}    case when best.candidates = 1 then best.target_key end as target_key,
    case
        when best.source_value is null then 'unmatched'
        when best.candidates > 1 then 'ambiguous'
        when best.distance = 0 then 'exact'
        else 'fuzzy'
    end as method,
    cast(best.distance as double) as distance,
    coalesce(best.candidates, 0) as candidates,
    source_keys.source_rows
from source_keys
left join best
    on ${on('best', 'source_keys', sourceKey)}`,
  );
}

type Crs = 'wgs84' | 'rd';

/** x/y expressions of a point in `to`, given its columns in `from`. */
function pointIn(to: Crs, from: Crs, x: string, y: string): { x: string; y: string } {
  if (to === from) return { x, y };
  if (to === 'rd') return wgs84ToRdSql(y, x);
  const wgs = rdToWgs84Sql(x, y);
  return { x: wgs.lon, y: wgs.lat };
}

function placeLinkSelect(link: PlaceLink, table: (d: string) => string): string {
  const keys = link.from.key.map(quoteIdent);
  const from = link.from.point;
  const target = link.to.geometry;
  // nearest works in metres; point in polygon in the polygons' own system (as an independent check computes it)
  const crs: Crs = link.method === 'nearest' ? 'rd' : 'wkt' in target ? target.crs : target.point.crs;
  const p = pointIn(crs, from.crs, `source.${quoteIdent(from.x)}`, `source.${quoteIdent(from.y)}`);
  // one point per source key (a key on several rows is placed once, at its lowest x; source_rows counts them);
  // a single key column is the point id itself, several are numbered in key order (deterministic on Trino,
  // which evaluates a CTE once per reference)
  const pointId = keys.length === 1 ? keys[0]! : `row_number() over (order by ${keys.join(', ')})`;
  const ctes: Cte[] = [
    [
      'source_positions',
      `select
    ${keys.map((k) => `source.${k}`).join(',\n    ')},
    ${p.x} as x,
    ${p.y} as y
from ${table(link.from.dataset)} as source`,
    ],
    [
      'source_points',
      `select
    ${keys.join(',\n    ')},
    ${pointId} as point_id,
    min(x) as x,
    min_by(y, x) as y,
    count(*) as source_rows
from source_positions
group by ${keys.join(', ')}`,
    ],
    ['points', `select source_points.point_id, source_points.x, source_points.y\nfrom source_points\nwhere source_points.x is not null\n    and source_points.y is not null`],
  ];
  const toKey = quoteIdent(link.to.key);
  let matches: string;
  if ('point' in target) {
    if (link.method !== 'nearest' || link.within_m === undefined) throw new Error(`link ${link.name}: a point target needs method nearest and within_m`);
    const t = pointIn('rd', target.point.crs, `reference.${quoteIdent(target.point.x)}`, `reference.${quoteIdent(target.point.y)}`);
    ctes.push([
      'targets',
      `select\n    cast(reference.${toKey} as varchar) as target_key,\n    ${t.x} as x,\n    ${t.y} as y\nfrom ${table(link.to.dataset)} as reference`,
    ]);
    ctes.push(...nearestPointCtes(link.within_m));
    matches = `select nearest_points.point_id, nearest_points.target_key, 'nearest' as method, nearest_points.distance, nearest_points.targets_within as candidates\nfrom nearest_points`;
  } else {
    const wkt = quoteIdent(target.wkt);
    ctes.push([
      'polygons',
      `select\n    cast(reference.${toKey} as varchar) as polygon_key,\n    reference.${wkt} as wkt\nfrom ${table(link.to.dataset)} as reference`,
    ]);
    const transform = crs === target.crs ? undefined : (x: string, y: string) => pointIn(crs, target.crs, x, y);
    ctes.push(...polygonEdgeCtes('polygons', transform), ...pointInPolygonCtes(crs === 'rd' ? rdGrid : wgs84Grid));
    matches = `select point_polygons.point_id, point_polygons.polygon_key as target_key, case when point_polygons.on_border then 'border' else 'inside' end as method, 0e0 as distance, point_polygons.polygons_containing as candidates\nfrom point_polygons`;
    if (link.method === 'nearest' && link.within_m !== undefined) {
      ctes.push(...nearestEdgeCtes(link.within_m));
      matches += `\nunion all\nselect nearest_edges.point_id, nearest_edges.polygon_key, 'nearest', nearest_edges.distance, nearest_edges.targets_within\nfrom nearest_edges\nwhere nearest_edges.point_id not in (select point_polygons.point_id from point_polygons)`;
    }
  }
  ctes.push(['matches', matches]);
  return withCtes(
    ctes,
    `select
    ${keys.map((k) => `source_points.${k}`).join(',\n    ')},
    matches.target_key,
    coalesce(matches.method, 'unmatched') as method,
    matches.distance,
    coalesce(matches.candidates, 0) as candidates,
    source_points.source_rows
from source_points
left join matches
    on matches.point_id = source_points.point_id`,
  );
}

