import { quoteIdent, quoteString } from '../sql/quote';
import { isKeyLink, type KeyLink, type Link } from '../../schemas/link';
import { canonicalSql } from './sql';

/**
 * The match report of a link: how many source rows and distinct keys each method linked, the reconciliation
 * (rows in, linked, out; one-to-many flagged) and every unmatched value with its nearest candidates. Built from
 * queries over the new link table and the source table, so it tells what a mart joining through it will get.
 */

export const linkedMethods = ['exact', 'fuzzy', 'inside', 'border', 'nearest'] as const;
export const linkMethods = [...linkedMethods, 'ambiguous', 'unmatched'] as const;
export type LinkMethod = (typeof linkMethods)[number];

export interface MethodCount {
  method: LinkMethod;
  keys: number;
  rows: number;
}

export interface Candidate {
  target: string;
  distance: number;
}

export interface UnmatchedValue {
  value: string;
  rows: number;
  method: 'unmatched' | 'ambiguous';
  candidates: Candidate[];
}

export interface LinkReport {
  link: string;
  method: Link['method'];
  tenant: string;
  runId: string;
  /** When the report was made (ISO 8601): run ids of one second need not sort in run order. */
  createdAt?: string;
  from: string;
  to: string;
  /** The classification and year of the reference dataset's codes (from its contract), when known. */
  reference?: { classification: string; year: number };
  table: string;
  /** Source rows, source rows with a target, and rows a left join of the source through the link table gives. */
  rowsIn: number;
  /** Source rows whose key is empty: never linked, counted in rowsIn. */
  rowsWithoutKey: number;
  rowsLinked: number;
  rowsOut: number;
  distinctKeys: number;
  byMethod: MethodCount[];
  matchRate: number;
  minMatchRate: number;
  passed: boolean;
  /** Keys with more than one candidate target (resolved: ambiguous names stay unlinked, places to the lowest key). */
  oneToMany: { keys: number; rows: number };
  /** Link-table keys that occur more than once: a join through it would multiply rows. */
  duplicateKeys: number;
  /** Fuzzy matches, to be checked by a person. */
  fuzzy: { value: string; target: string; distance: number; rows: number }[];
  unmatched: UnmatchedValue[];
  /** Unmatched values beyond the listed ones. */
  unmatchedNotListed: number;
}

/** The source's key columns in the link table. */
export function linkKeyColumns(link: Link): string[] {
  return isKeyLink(link) ? [link.from.column, ...link.also.map((pair) => pair.column)] : link.from.key;
}

/** Per method: distinct keys and source rows. */
export function methodCountsQuery(linkTable: string): string {
  const t = quoteIdent(linkTable);
  return `select ${t}.method, count(*) as keys, sum(${t}.source_rows) as source_rows, sum(case when ${t}.candidates > 1 then 1 else 0 end) as one_to_many_keys, sum(case when ${t}.candidates > 1 then ${t}.source_rows else 0 end) as one_to_many_rows
from ${t}
group by ${t}.method`;
}

/** Rows in, rows linked and rows out of `source left join link using (keys)`, and duplicate link keys. */
export function reconciliationQuery(link: Link, linkTable: string, sourceTable: string): string {
  const keys = linkKeyColumns(link).map(quoteIdent);
  const on = keys.map((k) => `linked.${k} = source.${k}`).join(' and ');
  const nullKey = keys.map((k) => `source.${k} is null`).join(' or ');
  return `with

joined as (

    select
        linked.target_key
    from ${quoteIdent(sourceTable)} as source
    left join ${quoteIdent(linkTable)} as linked
        on ${on}

),

duplicates as (

    select count(*) as duplicate_keys
    from (
        select ${keys.map((k) => `grouped.${k}`).join(', ')}
        from ${quoteIdent(linkTable)} as grouped
        group by ${keys.map((k) => `grouped.${k}`).join(', ')}
        having count(*) > 1
    ) as repeated

),

source_rows as (

    select
        count(*) as rows_in,
        sum(case when ${nullKey} then 1 else 0 end) as rows_without_key
    from ${quoteIdent(sourceTable)} as source

)

select
    source_rows.rows_in,
    source_rows.rows_without_key,
    (select count(*) from joined) as rows_out,
    (select count(*) from joined where joined.target_key is not null) as rows_linked,
    duplicates.duplicate_keys
from source_rows
cross join duplicates`;
}

/**
 * Unmatched and ambiguous values of a key link with their `count` nearest targets by edit distance on the
 * canonical text (names: normalised), at most `limit` values, most rows first.
 */
export function candidatesQuery(link: KeyLink, linkTable: string, referenceTable: string, count = 3, limit = 50): string {
  const kind = link.method === 'fuzzy_name' ? 'name' : link.key_kind;
  const column = quoteIdent(link.from.column);
  const match = quoteIdent(link.to.match ?? link.to.key);
  return `with

missing as (

    select
        cast(linked.${column} as varchar) as source_value,
        ${canonicalSql(kind, `linked.${column}`)} as canonical,
        linked.method,
        linked.source_rows
    from ${quoteIdent(linkTable)} as linked
    where linked.method in ('unmatched', 'ambiguous')
    order by linked.source_rows desc, cast(linked.${column} as varchar)
    limit ${limit}

),

targets as (

    select distinct
        cast(reference.${match} as varchar) as target_value,
        ${canonicalSql(kind, `reference.${match}`)} as canonical
    from ${quoteIdent(referenceTable)} as reference
    where reference.${match} is not null

),

ranked as (

    select
        missing.source_value,
        missing.method,
        missing.source_rows,
        targets.target_value,
        levenshtein_distance(missing.canonical, targets.canonical) as distance,
        row_number() over (
            partition by missing.source_value
            order by levenshtein_distance(missing.canonical, targets.canonical), targets.target_value
        ) as candidate_rank
    from missing
    cross join targets

)

select
    ranked.source_value,
    ranked.method,
    ranked.source_rows,
    ranked.target_value,
    ranked.distance
from ranked
where ranked.candidate_rank <= ${count}
order by ranked.source_rows desc, ranked.source_value, ranked.candidate_rank`;
}

/** Unmatched keys of a place link (no candidates: it lies in no polygon and near no target), at most `limit`. */
export function unmatchedKeysQuery(link: Link, linkTable: string, limit = 50): string {
  const keys = linkKeyColumns(link).map((k) => `cast(linked.${quoteIdent(k)} as varchar)`);
  const value = keys.length === 1 ? keys[0]! : keys.join(` || ${quoteString(' / ')} || `);
  return `select ${value} as source_value, linked.method, linked.source_rows
from ${quoteIdent(linkTable)} as linked
where linked.method in ('unmatched', 'ambiguous')
order by ${value}
limit ${limit}`;
}

export function fuzzyQuery(link: Link, linkTable: string, limit = 200): string {
  const column = quoteIdent(linkKeyColumns(link)[0]!);
  return `select cast(linked.${column} as varchar) as source_value, linked.target_key, linked.distance, linked.source_rows
from ${quoteIdent(linkTable)} as linked
where linked.method = 'fuzzy'
order by linked.distance desc, cast(linked.${column} as varchar)
limit ${limit}`;
}
