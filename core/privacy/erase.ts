/**
 * Erasure (AVG art. 17): the rows of one person, found by a column's value — through its pseudonym when the column
 * is pseudonymised — are removed from every curated load of the dataset, and their lines are blanked in the raw
 * uploads (the line stays, so line numbers of the other rows hold; its fields are emptied). Marts and results are
 * rebuilt by the caller (they are the datamart and analyze stages). The audit record names the column and the
 * counts, never the value.
 */
import type { Column, Contract } from '../../schemas/contract';
import { contractForLoad } from '../contract-for-load';
import { privacyOf, pseudonymSql } from '../contract/privacy';
import { typePlan } from '../contract/types';
import { parseCsv } from '../csv';
import { auditKey, loadPrefix, parseZoneKey, s3Uri, topPrefix } from '../keys';
import { auditKind, zone } from '../names';
import type { Ports } from '../ports';
import { quoteIdent, quoteString } from '../sql/quote';
import { unload } from '../sql/unload';
import { curatedTableName, scratchTableName, tenantDatabase } from '../tables';

export class ErasureError extends Error {
  override name = 'ErasureError';
}

export interface ErasureRequest {
  tenant: string;
  dataset: string;
  column: string;
  value: string;
  /** Id of the erasure (audit record name). */
  id: string;
}

export interface ErasureAudit {
  kind: typeof auditKind.erasure;
  id: string;
  tenant: string;
  dataset: string;
  column: string;
  /** How the rows were found: by the value as kept, or by its pseudonym. */
  matchedBy: 'value' | 'pseudonym';
  at: string;
  rowsErased: number;
  curatedLoadsRewritten: string[];
  rawLinesBlanked: { loadId: string; lines: number[] }[];
  rawNotRewritten: { loadId: string; reason: string }[];
}

/** `<column>=<value>` → its parts (the value may hold `=`). */
export function parseWhere(where: string): { column: string; value: string } {
  const i = where.indexOf('=');
  if (i <= 0) throw new ErasureError(`--where wil <kolom>=<waarde>, bijvoorbeeld --where bsn=123456782; kreeg "${where}"`);
  return { column: where.slice(0, i).trim(), value: where.slice(i + 1).trim() };
}

/** The SQL a curated value is compared with: the typed value, pseudonymised when the column is. */
async function matchSql(ports: Ports, contract: Contract, col: Column, value: string, tenant: string): Promise<{ sql: string; by: 'value' | 'pseudonym' }> {
  const typed = typePlan(col, contract.file).convert(quoteString(value));
  const action = privacyOf(col);
  if (action === 'pseudonymise') return { sql: pseudonymSql(typed, await ports.vault.pseudonymKeyTable(tenant, tenantDatabase(tenant))), by: 'pseudonym' };
  if (action === 'keep') return { sql: typed, by: 'value' };
  throw new ErasureError(
    `kolom ${col.name} is ${action === 'drop' ? 'niet bewaard (privacy: drop)' : 'gegeneraliseerd'}: daarmee is een persoon niet terug te vinden. Kies een kolom die wel bewaard of gepseudonimiseerd is (bijvoorbeeld het BSN).`,
  );
}

/** Blanks the records that start on `lines` in a CSV or JSON lines text: fields emptied, line breaks kept. */
export function blankLines(text: string, contract: Contract, lines: ReadonlySet<number>): string {
  if (contract.file.format === 'jsonl') {
    return text
      .split('\n')
      .map((l, i) => (lines.has(i + 1) ? (l.endsWith('\r') ? '{}\r' : '{}') : l))
      .join('\n');
  }
  const { records } = parseCsv(text, { delimiter: contract.file.delimiter, quote: contract.file.quote });
  let out = '';
  let at = 0;
  for (const r of records) {
    if (!lines.has(r.line)) continue;
    out += text.slice(at, r.offset) + contract.file.delimiter.repeat(Math.max(0, r.fields.length - 1)) + '\n'.repeat(r.endLine - r.line);
    at = r.offset + r.text.length;
  }
  return out + text.slice(at);
}

export async function eraseRows(ports: Ports, req: ErasureRequest): Promise<{ audit: ErasureAudit; key: string }> {
  const lake = ports.buckets.lake;
  const database = tenantDatabase(req.tenant);
  const current = await ports.catalog.getTable(database, curatedTableName(req.dataset));
  if (!current) throw new ErasureError(`dataset ${req.dataset} van ${req.tenant} heeft geen curated tabel: er is niets te wissen`);
  // each build folder of each load (curated/…/load=<id>/build-<n>/, core/keys.ts curatedBuildPrefix) holds rows
  const loads = new Map<string, Set<string>>();
  for (const key of await ports.store.list(lake, `${topPrefix(zone.curated)}${req.tenant}/${req.dataset}/`)) {
    const parts = parseZoneKey(key);
    if (parts?.kind !== 'load' || !key.endsWith('.parquet')) continue;
    const folders = loads.get(parts.id) ?? new Set<string>();
    folders.add(key.slice(0, key.lastIndexOf('/') + 1));
    loads.set(parts.id, folders);
  }
  const audit: ErasureAudit = {
    kind: auditKind.erasure,
    id: req.id,
    tenant: req.tenant,
    dataset: req.dataset,
    column: req.column,
    matchedBy: 'value',
    at: ports.clock.now().toISOString(),
    rowsErased: 0,
    curatedLoadsRewritten: [],
    rawLinesBlanked: [],
    rawNotRewritten: [],
  };
  const scratch = scratchTableName(req.dataset);
  const opts = { tenant: req.tenant, database };
  const blank = new Map<string, Set<number>>();
  try {
    for (const [loadId, folder] of [...loads].sort(([a], [b]) => a.localeCompare(b)).flatMap(([id, fs]) => [...fs].sort().map((f) => [id, f] as const))) {
      const contract = await contractForLoad(ports, req.tenant, req.dataset, loadId);
      const col = contract.columns.find((c) => c.name === req.column);
      if (!col) throw new ErasureError(`dataset ${req.dataset} heeft geen kolom ${req.column} (kolommen: ${contract.columns.map((c) => c.name).join(', ')})`);
      const match = await matchSql(ports, contract, col, req.value, req.tenant);
      audit.matchedBy = match.by;
      await ports.catalog.putTable({ ...current, name: scratch, locations: [s3Uri(lake, folder)], description: 'erasure: one curated load' });
      const hit = `coalesce(${quoteIdent(req.column)} = ${match.sql}, false)`;
      const found = await ports.engine.query(`select "_load", "_line" from ${quoteIdent(scratch)} where ${hit}`, opts);
      if (found.rows.length === 0) continue;
      // the rows' own loads: with append and upsert a later load folder holds earlier loads' rows
      for (const r of found.rows) {
        const lines = blank.get(String(r._load)) ?? new Set<number>();
        lines.add(Number(r._line));
        blank.set(String(r._load), lines);
      }
      // rewrite: the other rows to a side folder, then the load folder emptied (every version) and filled again
      const side = `${topPrefix(zone.curated)}${req.tenant}/${req.dataset}/erasing=${loadId}-${ports.clock.now().getTime()}/`;
      await ports.engine.query(unload(`select * from ${quoteIdent(scratch)} where not ${hit}`, s3Uri(lake, side)), opts);
      await ports.store.deletePrefix(lake, folder);
      for (const key of await ports.store.list(lake, side)) await ports.store.copy({ bucket: lake, key }, { bucket: lake, key: folder + key.slice(side.length) });
      await ports.store.deletePrefix(lake, side);
      if (!audit.curatedLoadsRewritten.includes(loadId)) audit.curatedLoadsRewritten.push(loadId);
    }
  } finally {
    await ports.catalog.deleteTable(database, scratch);
  }
  audit.rowsErased = [...blank.values()].reduce((n, s) => n + s.size, 0);
  // the raw uploads: each row's line blanked; query copies are dropped (they served validation, which is done)
  for (const [loadId, lines] of blank) {
    const contract = await contractForLoad(ports, req.tenant, req.dataset, loadId);
    const rawFolder = loadPrefix(zone.raw, req.tenant, req.dataset, loadId);
    const [rawKey] = await ports.store.list(lake, rawFolder);
    if (!rawKey) continue;
    const bytes = await ports.store.get({ bucket: lake, key: rawKey });
    const gzip = bytes[0] === 0x1f && bytes[1] === 0x8b;
    if (gzip || contract.file.encoding !== 'utf-8') {
      audit.rawNotRewritten.push({ loadId, reason: gzip ? 'gzip upload' : `${contract.file.encoding} upload` });
      continue;
    }
    const text = blankLines(new TextDecoder().decode(bytes), contract, lines);
    // every version goes, then the blanked upload is the only one
    await ports.store.deletePrefix(lake, rawFolder);
    await ports.store.put({ bucket: lake, key: rawKey }, text);
    await ports.store.deletePrefix(lake, loadPrefix(zone.decoded, req.tenant, req.dataset, loadId));
    audit.rawLinesBlanked.push({ loadId, lines: [...lines].sort((a, b) => a - b) });
  }
  const key = auditKey(req.tenant, auditKind.erasure, req.id);
  await ports.store.put({ bucket: lake, key }, `${JSON.stringify(audit, null, 2)}\n`, 'application/json');
  return { audit, key };
}

