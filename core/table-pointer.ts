import type { Catalog, TableDefinition } from './ports';

/**
 * A published table is a pointer: its catalog entry names the folder of one version (a load's curated folder, a
 * mart's or analysis's run folder), and moving it is one atomic catalog update (compare-and-swap, Catalog.swapTable).
 * Folders are never rewritten, so every earlier version stays readable, and the catalog keeps every definition the
 * table had (Glue table versions; locally the catalog file's history): that list is the table's history, rollbacks
 * included. The version travels in the table's parameters.
 *
 * Used for curated tables (version = load id) by integrate's publish and by `polder rollback`; marts and results
 * can use the same calls with run ids.
 */

/** Table parameters that describe the version a table points at. */
const param = {
  id: 'version',
  order: 'version.order',
  basedOn: 'version.based_on',
  sha256: 'version.sha256',
  action: 'version.action',
  at: 'version.at',
} as const;

export interface Version {
  /** Load id (curated) or run id (marts, results). */
  id: string;
  /** Event order: a later event sorts higher (eventOrder). */
  order: string;
  /** The version this one was built on (append, upsert): its folder holds those rows too. */
  basedOn?: string;
  /** SHA-256 of the upload (curated): the same bytes are not published twice. */
  sha256?: string;
  /** How the pointer got here: a new build published, or a rollback. */
  action: 'build' | 'rollback';
  /** When the pointer moved (ISO). */
  at: string;
}

/** One entry of a table's history: the version it pointed at and where that is. */
export interface VersionEntry extends Version {
  locations: string[];
}

/**
 * The order of a load's event: event time, then the S3 sequencer (which orders writes to one key; hex of varying
 * length, so padded), then the load id to break ties deterministically.
 */
export function eventOrder(input: { receivedAt: string; sequencer?: string; loadId: string }): string {
  return `${input.receivedAt}/${(input.sequencer ?? '').padStart(32, '0')}/${input.loadId}`;
}

export function versionOf(table: TableDefinition | undefined): Version | undefined {
  const p = table?.parameters;
  const id = p?.[param.id];
  if (!p || !id) return undefined;
  return {
    id,
    order: p[param.order] ?? '',
    ...(p[param.basedOn] ? { basedOn: p[param.basedOn] } : {}),
    ...(p[param.sha256] ? { sha256: p[param.sha256] } : {}),
    action: p[param.action] === 'rollback' ? 'rollback' : 'build',
    at: p[param.at] ?? '',
  };
}

export function withVersion(table: TableDefinition, version: Version): TableDefinition {
  const parameters: Record<string, string> = { ...table.parameters, [param.id]: version.id, [param.order]: version.order };
  parameters[param.action] = version.action;
  parameters[param.at] = version.at;
  if (version.basedOn) parameters[param.basedOn] = version.basedOn;
  else delete parameters[param.basedOn];
  if (version.sha256) parameters[param.sha256] = version.sha256;
  else delete parameters[param.sha256];
  return { ...table, parameters };
}

/**
 * When a version may take the pointer:
 * - `newest` (replace): only when what is published now is from an older event; a load that lost the race to a
 *   newer one is `superseded` and its folder stays unpublished.
 * - `on` (append, upsert): only when what is published now is still the version it was built on (undefined: built
 *   on nothing); otherwise it is `stale` and is to be built again on the current version.
 */
export type PublishRule = { kind: 'newest' } | { kind: 'on'; basedOn: string | undefined };

export type PublishOutcome =
  | { published: true; previous?: Version }
  | { published: false; reason: 'superseded' | 'stale'; current?: Version };

/** Moves the pointer to `version` if the rule allows it, in one compare-and-swap against every other writer. */
export async function publishVersion(catalog: Catalog, table: TableDefinition, version: Version, rule: PublishRule): Promise<PublishOutcome> {
  let seen: Version | undefined;
  let refusal: 'superseded' | 'stale' | undefined;
  const swapped = await catalog.swapTable(withVersion(table, version), (current) => {
    seen = versionOf(current);
    refusal = refuses(rule, version, seen);
    return refusal === undefined;
  });
  if (swapped) return { published: true, ...(seen ? { previous: seen } : {}) };
  return { published: false, reason: refusal ?? 'stale', ...(seen ? { current: seen } : {}) };
}

function refuses(rule: PublishRule, version: Version, current: Version | undefined): 'superseded' | 'stale' | undefined {
  if (current?.id === version.id) return undefined; // a retry of this very publish
  if (rule.kind === 'newest') return current && current.order > version.order ? 'superseded' : undefined;
  return current?.id === rule.basedOn ? undefined : 'stale';
}

/** Every version the table pointed at, oldest first, the current one last. */
export async function versionHistory(catalog: Catalog, database: string, name: string): Promise<VersionEntry[]> {
  const entries: VersionEntry[] = [];
  for (const definition of await catalog.tableHistory(database, name)) {
    const version = versionOf(definition);
    if (version) entries.push({ ...version, locations: definition.locations });
  }
  return entries;
}

/** The versions whose rows the current version holds: it and, for append and upsert, the chain it was built on. */
export function currentChain(history: readonly VersionEntry[]): VersionEntry[] {
  const current = history.at(-1);
  if (!current) return [];
  const byId = new Map(history.map((v) => [v.id, v]));
  const chain = [current];
  for (let v = current; v.basedOn && byId.has(v.basedOn) && chain.length < history.length; ) {
    v = byId.get(v.basedOn) as VersionEntry;
    chain.push(v);
  }
  return chain;
}

export class RollbackError extends Error {
  override name = 'RollbackError';
}

/**
 * Points the table back at an earlier version (default: the one before the current), with that version's own
 * definition (its columns may differ). Recorded as a new history entry, so the history tells it.
 */
export async function rollbackVersion(
  catalog: Catalog,
  database: string,
  name: string,
  opts: { to?: string; now: Date },
): Promise<{ from: Version; to: VersionEntry }> {
  const definitions = await catalog.tableHistory(database, name);
  const current = versionOf(definitions.at(-1));
  if (!current) throw new RollbackError(`${name} has no published version to roll back from`);
  const earlier = definitions.slice(0, -1).reverse();
  const target = earlier.find((d) => {
    const v = versionOf(d);
    return v !== undefined && (opts.to === undefined ? v.id !== current.id : v.id === opts.to);
  });
  const version = versionOf(target);
  if (!target || !version) {
    const known = [...new Set(definitions.map((d) => versionOf(d)?.id).filter(Boolean))].join(', ');
    throw new RollbackError(
      opts.to === undefined
        ? `${name} has no earlier version than ${current.id}`
        : `${name} never pointed at ${opts.to} (versions: ${known || 'none'})`,
    );
  }
  if (version.id === current.id) throw new RollbackError(`${name} already points at ${current.id}`);
  const rolled: Version = { ...version, action: 'rollback', at: opts.now.toISOString() };
  const swapped = await catalog.swapTable(withVersion(target, rolled), (now) => versionOf(now)?.id === current.id);
  if (!swapped) throw new RollbackError(`${name} moved while rolling back (a load was published): look at its history and try again`);
  return { from: current, to: { ...rolled, locations: target.locations } };
}
