/** Marts, links and results derived from a dataset: what erasure rebuilds and retention removes with the dataset. */
import { readPack, readTenant } from '../config';
import { parseZoneKey, runPrefix, s3Uri, zonePrefix } from '../keys';
import { downstreamOf, publishedTables } from '../models/graph';
import { loadTenantModels } from '../models/planner';
import { tablePrefix, zone } from '../names';
import type { Ports } from '../ports';
import { linkTableName, martTable, resultTable, tenantDatabase } from '../tables';

export interface DerivedModels {
  marts: string[];
  /** Declared links (link_<name>, built with the marts) that read the dataset. */
  links: string[];
  analyses: string[];
}

/**
 * The links that read a dataset, and the marts and results (analyses, scores with their coefficient and calibration
 * tables) made from it through any number of models, in the tenant's packs (core/models/graph.ts).
 */
export async function modelsFrom(ports: Ports, tenant: string, dataset: string): Promise<DerivedModels> {
  const config = await readTenant(ports.store, ports.buckets.lake, tenant);
  const out: DerivedModels = { marts: [], links: [], analyses: [] };
  for (const id of config.packs) {
    const pack = await readPack(ports.store, ports.buckets.lake, id);
    out.links.push(...pack.links.filter((l) => l.from.dataset === dataset || l.to.dataset === dataset).map((l) => l.name));
  }
  const { graph } = await loadTenantModels(ports, config);
  for (const name of [...downstreamOf(graph, [dataset, ...out.links.map(linkTableName)])].sort()) {
    const model = graph.nodes.get(name)!.model;
    if (model.kind === 'mart') out.marts.push(name);
    // a result table is result_<name>; a score's extra tables are result_<name>_coefficients and _calibration
    else out.analyses.push(...publishedTables(model).map((t) => t.slice(tablePrefix.result.length)));
  }
  return out;
}

/**
 * Deletes every run folder of these marts and results except the one its table reads now (every version); with
 * `everyRun`, that one too, and the tables.
 */
export async function dropReplacedRuns(ports: Ports, tenant: string, models: DerivedModels, everyRun = false): Promise<number> {
  let deleted = 0;
  const database = tenantDatabase(tenant);
  const all = [
    ...models.marts.map((name) => ({ z: zone.marts, name, table: martTable(name) })),
    // a link's runs are in marts/ under its table name
    ...models.links.map((name) => ({ z: zone.marts, name: linkTableName(name), table: linkTableName(name) })),
    ...models.analyses.map((name) => ({ z: zone.results, name, table: resultTable(name) })),
  ];
  for (const { z, name, table } of all) {
    const current = (await ports.catalog.getTable(database, table))?.locations ?? [];
    if (everyRun) await ports.catalog.deleteTable(database, table);
    const runs = new Set<string>();
    for (const key of await ports.store.list(ports.buckets.lake, zonePrefix(z, tenant, name))) {
      const parts = parseZoneKey(key);
      if (parts?.kind === 'run') runs.add(parts.id);
    }
    for (const run of runs) {
      const prefix = runPrefix(z, tenant, name, run);
      if (!everyRun && current.some((l) => l === s3Uri(ports.buckets.lake, prefix))) continue;
      deleted += await ports.store.deletePrefix(ports.buckets.lake, prefix);
    }
  }
  return deleted;
}
