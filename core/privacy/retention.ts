/**
 * Retention (AVG art. 5(1)(e)): a load is kept for its contract's `retention_days` after it was received, then
 * deleted in every zone that holds it — raw upload, query copy, quarantine, curated table, report — with every old
 * object version, and the tables that still point at it are removed from the catalog. Mart and result runs that a
 * newer run has replaced are deleted after the shortest retention of the tenant's loads. Each run leaves an audit
 * record (no values, only what was deleted and why).
 */
import { contractForLoad } from '../contract-for-load';
import { dropReplacedRuns, modelsFrom } from './derived';
import { auditKey, loadPrefix, loadTimeOf, parseZoneKey, runPrefix, s3Uri, topPrefix } from '../keys';
import { auditKind, type Zone, zone } from '../names';
import type { Ports } from '../ports';
import { curatedTableName, linkTableName, martTable, quarantineTableName, rawTableName, resultTable, rowCountTableName, tenantDatabase } from '../tables';

/** The zones a load leaves files in. */
export const loadZones: readonly Zone[] = [zone.raw, zone.decoded, zone.quarantine, zone.curated, zone.reports];
const runZones = [zone.marts, zone.results] as const;

export interface ExpiredLoad {
  dataset: string;
  loadId: string;
  receivedAt: string;
  retentionDays: number;
}

export interface RetentionAudit {
  kind: typeof auditKind.retention;
  tenant: string;
  runId: string;
  asOf: string;
  expired: (ExpiredLoad & { objectsDeleted: number; tablesDropped: string[] })[];
  supersededRuns: { zone: string; name: string; runId: string; objectsDeleted: number }[];
}

const day = 24 * 60 * 60 * 1000;

/** Loads of a tenant found in any load zone (a load half deleted by an earlier run is found too). */
async function loadsOf(ports: Ports, tenant: string): Promise<Map<string, { dataset: string; loadId: string }>> {
  const loads = new Map<string, { dataset: string; loadId: string }>();
  for (const z of loadZones) {
    for (const key of await ports.store.list(ports.buckets.lake, `${topPrefix(z)}${tenant}/`)) {
      const parts = parseZoneKey(key);
      if (parts?.kind === 'load') loads.set(`${parts.name}/${parts.id}`, { dataset: parts.name, loadId: parts.id });
    }
  }
  return loads;
}

/** The loads whose retention has passed at `asOf`, and the shortest retention of all the tenant's loads. */
export async function expiredLoads(ports: Ports, tenant: string, asOf: Date): Promise<{ expired: ExpiredLoad[]; shortestDays: number }> {
  const out: ExpiredLoad[] = [];
  let shortestDays = Number.POSITIVE_INFINITY;
  for (const { dataset, loadId } of (await loadsOf(ports, tenant)).values()) {
    const received = loadTimeOf(loadId);
    if (!received) continue;
    const contract = await contractForLoad(ports, tenant, dataset, loadId);
    shortestDays = Math.min(shortestDays, contract.retention_days);
    if (asOf.getTime() - received.getTime() > contract.retention_days * day) {
      out.push({ dataset, loadId, receivedAt: received.toISOString(), retentionDays: contract.retention_days });
    }
  }
  return { expired: out.sort((a, b) => a.receivedAt.localeCompare(b.receivedAt)), shortestDays };
}

/** Deletes one load in every zone (all versions) and drops the tables that read it. */
export async function expireLoad(ports: Ports, tenant: string, load: ExpiredLoad): Promise<{ objectsDeleted: number; tablesDropped: string[] }> {
  const lake = ports.buckets.lake;
  const database = tenantDatabase(tenant);
  const tablesDropped: string[] = [];
  // tables first: a query must not find a table whose files are half gone
  for (const [table, z] of [
    [curatedTableName(load.dataset), zone.curated],
    [quarantineTableName(load.dataset, load.loadId), zone.quarantine],
    [rowCountTableName(load.dataset, load.loadId), zone.quarantine],
    [rawTableName(load.dataset, load.loadId), zone.raw],
    [rawTableName(load.dataset, load.loadId), zone.decoded],
  ] as const) {
    const def = await ports.catalog.getTable(database, table);
    const prefix = s3Uri(lake, loadPrefix(z, tenant, load.dataset, load.loadId));
    if (def?.locations.some((l) => l.startsWith(prefix))) {
      await ports.catalog.deleteTable(database, table);
      tablesDropped.push(table);
    }
  }
  let objectsDeleted = 0;
  for (const z of loadZones) objectsDeleted += await ports.store.deletePrefix(lake, loadPrefix(z, tenant, load.dataset, load.loadId));
  return { objectsDeleted, tablesDropped };
}

/** Mart and result runs that are not the table's current one, older than `days`. */
async function supersededRuns(ports: Ports, tenant: string, asOf: Date, days: number): Promise<{ zone: (typeof runZones)[number]; name: string; runId: string }[]> {
  const out: { zone: (typeof runZones)[number]; name: string; runId: string }[] = [];
  for (const z of runZones) {
    const runs = new Map<string, { name: string; runId: string }>();
    for (const key of await ports.store.list(ports.buckets.lake, `${topPrefix(z)}${tenant}/`)) {
      const parts = parseZoneKey(key);
      if (parts?.kind === 'run') runs.set(`${parts.name}/${parts.id}`, { name: parts.name, runId: parts.id });
    }
    for (const run of runs.values()) {
      const time = loadTimeOf(run.runId);
      if (!time || asOf.getTime() - time.getTime() <= days * day) continue;
      const table = await ports.catalog.getTable(tenantDatabase(tenant), z === zone.marts ? martTable(run.name) : resultTable(run.name));
      if (table?.locations.some((l) => l.includes(`/run=${run.runId}/`))) continue;
      out.push({ zone: z, ...run });
    }
  }
  return out;
}

/** One retention run for a tenant: expire loads, delete superseded runs, write the audit record. */
export async function runRetention(ports: Ports, tenant: string, runId: string, asOf: Date): Promise<{ audit: RetentionAudit; key: string }> {
  const { expired, shortestDays } = await expiredLoads(ports, tenant, asOf);
  const audit: RetentionAudit = { kind: auditKind.retention, tenant, runId, asOf: asOf.toISOString(), expired: [], supersededRuns: [] };
  for (const load of expired) {
    const done = await expireLoad(ports, tenant, load);
    // the dataset's table is gone: so are the marts and results made from it, every run
    if (done.tablesDropped.includes(curatedTableName(load.dataset))) {
      const models = await modelsFrom(ports, tenant, load.dataset);
      done.objectsDeleted += await dropReplacedRuns(ports, tenant, models, true);
      done.tablesDropped.push(...models.marts.map(martTable), ...models.links.map(linkTableName), ...models.analyses.map(resultTable));
    }
    audit.expired.push({ ...load, ...done });
  }
  // replaced mart and result runs follow the shortest retention of the tenant's loads (a year when there are none)
  for (const run of await supersededRuns(ports, tenant, asOf, Number.isFinite(shortestDays) ? shortestDays : 365)) {
    const prefix = runPrefix(run.zone, tenant, run.name, run.runId);
    audit.supersededRuns.push({ ...run, objectsDeleted: await ports.store.deletePrefix(ports.buckets.lake, prefix) });
  }
  const key = auditKey(tenant, auditKind.retention, runId);
  await ports.store.put({ bucket: ports.buckets.lake, key }, `${JSON.stringify(audit, null, 2)}\n`, 'application/json');
  return { audit, key };
}
