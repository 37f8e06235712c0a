import type { Catalog, ObjectStore, TableColumn } from './ports';
import { versionsKey } from './keys';

/**
 * Versioned outputs of marts and results: every build stays in its own `run=<id>/` folder; the table in the
 * catalog is the pointer to the current one. This record lists the builds and the pointer's history, so a
 * rollback can point the table back at an earlier build.
 */

export class VersionError extends Error {
  override name = 'VersionError';
}

export interface OutputVersion {
  runId: string;
  location: string;
  columns: TableColumn[];
  rowsOut: number;
  builtAt: string;
  /** published: became current when built; held_back: its data tests failed, never current. */
  status: 'published' | 'held_back';
  reason?: string;
}

export interface VersionHistory {
  table: string;
  /** runId of the build the table points at. */
  current?: string;
  versions: OutputVersion[];
  events: { at: string; action: 'published' | 'held_back' | 'rolled_back'; runId: string; from?: string }[];
}

const decoder = new TextDecoder();

export async function readVersions(store: ObjectStore, lake: string, tenant: string, table: string): Promise<VersionHistory> {
  const ref = { bucket: lake, key: versionsKey(tenant, table) };
  if (!(await store.exists(ref))) return { table, versions: [], events: [] };
  return JSON.parse(decoder.decode(await store.get(ref))) as VersionHistory;
}

async function write(store: ObjectStore, lake: string, tenant: string, history: VersionHistory): Promise<void> {
  await store.put({ bucket: lake, key: versionsKey(tenant, history.table) }, JSON.stringify(history, null, 2), 'application/json');
}

/** Records a build; a published build becomes current (the caller has pointed the table at it). */
export async function recordBuild(store: ObjectStore, lake: string, tenant: string, table: string, version: OutputVersion): Promise<VersionHistory> {
  const history = await readVersions(store, lake, tenant, table);
  history.versions = [...history.versions.filter((v) => v.runId !== version.runId), version];
  const from = history.current;
  if (version.status === 'published') history.current = version.runId;
  history.events.push({ at: version.builtAt, action: version.status, runId: version.runId, ...(from ? { from } : {}) });
  await write(store, lake, tenant, history);
  return history;
}

/**
 * Points `table` back at an earlier published build: `to`, or the one published before the current one.
 * The build folders are never touched, so a rollback can itself be rolled forward again.
 */
export async function rollbackTable(
  ports: { store: ObjectStore; catalog: Catalog; buckets: { lake: string }; clock: { now(): Date } },
  tenant: string,
  database: string,
  table: string,
  to?: string,
): Promise<{ from?: string; to: OutputVersion }> {
  const history = await readVersions(ports.store, ports.buckets.lake, tenant, table);
  const published = history.versions.filter((v) => v.status === 'published');
  if (published.length === 0) throw new VersionError(`${table} heeft geen gepubliceerde versies (tenant ${tenant})`);
  let target: OutputVersion | undefined;
  if (to) {
    target = history.versions.find((v) => v.runId === to);
    if (!target) throw new VersionError(`${table} heeft geen versie ${to}; versies: ${history.versions.map((v) => v.runId).join(', ')}`);
    if (target.status !== 'published') throw new VersionError(`versie ${to} van ${table} haalde zijn tests niet (${target.reason ?? 'held back'}) en kan niet de huidige worden`);
  } else {
    const index = published.findIndex((v) => v.runId === history.current);
    target = index > 0 ? published[index - 1] : undefined;
    if (!target) throw new VersionError(`${table} heeft geen eerdere versie dan ${history.current ?? '(geen)'} om naar terug te gaan`);
  }
  const existing = await ports.catalog.getTable(database, table);
  await ports.catalog.putTable({
    database,
    name: table,
    columns: target.columns,
    locations: [target.location],
    storage: { format: 'parquet' },
    description: `${existing?.description?.replace(/, run .*$/, '') ?? table}, run ${target.runId} (rollback)`,
  });
  const from = history.current;
  history.current = target.runId;
  history.events.push({ at: ports.clock.now().toISOString(), action: 'rolled_back', runId: target.runId, ...(from ? { from } : {}) });
  await write(ports.store, ports.buckets.lake, tenant, history);
  return { ...(from ? { from } : {}), to: target };
}
