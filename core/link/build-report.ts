import type { QueryEngine } from '../ports';
import { isKeyLink, type Link } from '../../schemas/link';
import {
  candidatesQuery,
  fuzzyQuery,
  type LinkReport,
  linkMethods,
  methodCountsQuery,
  reconciliationQuery,
  unmatchedKeysQuery,
  type UnmatchedValue,
} from './report';

export interface LinkReportInput {
  link: Link;
  tenant: string;
  database: string;
  runId: string;
  /** The link table to report on (the new one, before it replaces the old). */
  linkTable: string;
  /** Tables of the source and reference datasets (default: their names). */
  tables?: Record<string, string>;
}

const num = (v: unknown) => Number(v ?? 0);

/** Runs the report queries of core/link/report.ts on the engine and puts the answers together. */
export async function buildLinkReport(engine: QueryEngine, input: LinkReportInput): Promise<LinkReport> {
  const { link, tenant, database, linkTable } = input;
  const table = (dataset: string) => input.tables?.[dataset] ?? dataset;
  const ask = async (sql: string) => (await engine.query(sql, { tenant, database })).rows;

  const counts = await ask(methodCountsQuery(linkTable));
  const byMethod = linkMethods
    .map((method) => {
      const row = counts.find((r) => r.method === method);
      return { method, keys: num(row?.keys), rows: num(row?.source_rows) };
    })
    .filter((m) => m.keys > 0 || m.method === 'unmatched');
  const [recon = {}] = await ask(reconciliationQuery(link, linkTable, table(link.from.dataset)));
  const rowsIn = num(recon.rows_in);
  const rowsLinked = num(recon.rows_linked);

  let unmatched: UnmatchedValue[];
  // candidates by name for single-column key links; other links list their unmatched keys
  if (isKeyLink(link) && link.also.length === 0) {
    const found = await ask(candidatesQuery(link, linkTable, table(link.to.dataset)));
    const byValue = new Map<string, UnmatchedValue>();
    for (const r of found) {
      const value = String(r.source_value);
      const entry = byValue.get(value) ?? { value, rows: num(r.source_rows), method: r.method as UnmatchedValue['method'], candidates: [] };
      entry.candidates.push({ target: String(r.target_value), distance: num(r.distance) });
      byValue.set(value, entry);
    }
    unmatched = [...byValue.values()];
  } else {
    unmatched = (await ask(unmatchedKeysQuery(link, linkTable))).map((r) => ({
      value: String(r.source_value),
      rows: num(r.source_rows),
      method: r.method as UnmatchedValue['method'],
      candidates: [],
    }));
  }
  const fuzzy = link.method === 'fuzzy_name'
    ? (await ask(fuzzyQuery(link, linkTable))).map((r) => ({ value: String(r.source_value), target: String(r.target_key), distance: num(r.distance), rows: num(r.source_rows) }))
    : [];
  const notLinkedKeys = byMethod.filter((m) => m.method === 'unmatched' || m.method === 'ambiguous').reduce((s, m) => s + m.keys, 0);
  const matchRate = rowsIn === 0 ? 1 : rowsLinked / rowsIn;
  return {
    link: link.name,
    method: link.method,
    tenant,
    runId: input.runId,
    from: link.from.dataset,
    to: link.to.dataset,
    table: linkTable,
    rowsIn,
    rowsWithoutKey: num(recon.rows_without_key),
    rowsLinked,
    rowsOut: num(recon.rows_out),
    distinctKeys: byMethod.reduce((s, m) => s + m.keys, 0),
    byMethod,
    matchRate,
    minMatchRate: link.min_match_rate,
    passed: matchRate >= link.min_match_rate,
    oneToMany: {
      keys: counts.reduce((s, r) => s + num(r.one_to_many_keys), 0),
      rows: counts.reduce((s, r) => s + num(r.one_to_many_rows), 0),
    },
    duplicateKeys: num(recon.duplicate_keys),
    fuzzy,
    unmatched,
    unmatchedNotListed: Math.max(0, notLinkedKeys - unmatched.length),
  };
}
