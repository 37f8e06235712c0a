import { tenantAwsPorts } from '../adapters/aws/ports';
import { readContract, readPack, readTenant } from '../core/config';
import { curatedColumns, typedSelect } from '../core/contract/curated-query';
import { contractForLoad } from '../core/contract-for-load';
import { curatedBuildPrefix, runPrefix, s3Uri } from '../core/keys';
import { planModelStage, type StepBase, stepBase } from '../core/models/planner';
import { stage, zone } from '../core/names';
import type { Ports, TableColumn } from '../core/ports';
import { linkSelect } from '../core/link/sql';
import { unload } from '../core/sql/unload';
import { curatedTableName, linkTableName, quarantineTableName, rawTableName } from '../core/tables';
import type { TenantConfig } from '../schemas/tenant';
import { type BuildStep, type PlanOutput, type StageInput, stageInput } from '../schemas/payloads';
import { currentChain, eventOrder, versionHistory, versionOf } from '../core/table-pointer';
import { defineFunction, edge } from './lib/edge';

export class PlanError extends Error {
  override name = 'PlanError';
}

/**
 * The curated build of a load, on the table as it is published now (append, upsert), to be published as the load's
 * version (core/table-pointer.ts). Nothing to build for a load that would move the table back to an older event
 * (replace) or whose bytes the table already holds (append: a repeat).
 */
async function planIntegrate(input: StageInput, ports: Ports, base: StepBase): Promise<{ steps: BuildStep[]; skipped: string[] }> {
  const { tenant, dataset, loadId, validate } = input;
  if (!dataset || !loadId || !validate) throw new PlanError('integrate needs dataset, loadId and the validate output');
  const contract = await contractForLoad(ports, tenant, dataset, loadId);
  const policy = contract.load.policy;
  const table = curatedTableName(dataset);
  const [published, history] = await Promise.all([ports.catalog.getTable(base.database, table), versionHistory(ports.catalog, base.database, table)]);
  const current = versionOf(published);
  const intake = validate.intake;
  const order = intake?.order ?? eventOrder({ receivedAt: '', loadId });
  if (current && current.id !== loadId) {
    // append: the same bytes as a load whose rows the table holds would be there twice (loads that raced past
    // write-report's check meet here, after the table moved on)
    const same = policy === 'append' && intake && currentChain(history).find((v) => v.sha256 === intake.sha256);
    if (same) return { steps: [], skipped: [`${table}: same bytes as load ${same.id}, which the table already holds (repeat, not loaded again)`] };
    if (policy === 'replace' && current.order > order) {
      return { steps: [], skipped: [`${table}: a newer load (${current.id}) is published; this older one is kept but not published`] };
    }
  }
  const location = s3Uri(ports.buckets.lake, curatedBuildPrefix(tenant, dataset, loadId, ports.clock.now().getTime()));
  // append and upsert build on the curated table as it is published now; publish checks it still is
  const previous = policy === 'replace' ? undefined : published;
  const newer = currentChain(history).filter((v) => v.order > order).map((v) => v.id);
  const select = typedSelect(contract, {
    rawTable: rawTableName(dataset, loadId),
    quarantineTable: quarantineTableName(dataset, loadId),
    pseudonymKeyTable: await ports.vault.pseudonymKeyTable(tenant, base.database),
    loadId,
    preamble: validate.preamble,
    previous: previous && { table, columns: previous.columns, newerLoads: newer },
  });
  const step: BuildStep = {
    ...base,
    name: dataset,
    dataset,
    loadId,
    query: unload(select, location),
    location,
    rowsIn: validate.rowsIn,
    table: { name: table, columns: curatedColumns(contract) },
    version: {
      id: loadId,
      order,
      ...(previous && current ? { basedOn: current.id } : {}),
      ...(intake ? { sha256: intake.sha256 } : {}),
      rule: policy === 'replace' ? 'newest' : 'on',
    },
  };
  return { steps: [step], skipped: [] };
}

/** Result columns of a model, asked from the engine itself so the catalog always matches the SQL. */
async function modelColumns(ports: Ports, tenant: string, database: string, sql: string): Promise<TableColumn[]> {
  const probe = await ports.engine.query(`select * from (\n${sql}\n) limit 0`, { tenant, database });
  return probe.columns;
}

/**
 * The declared links of the tenant's packs that read the triggering dataset (all of them without a trigger):
 * one step each, building link_<name> in marts/; Publish checks its match rate before registering it.
 */
async function planLinks(
  input: StageInput,
  ports: Ports,
  tenantConfig: TenantConfig,
  base: StepBase,
): Promise<{ steps: BuildStep[]; skipped: string[] }> {
  const steps: BuildStep[] = [];
  const skipped: string[] = [];
  for (const packId of tenantConfig.packs) {
    const pack = await readPack(ports.store, ports.buckets.lake, packId);
    for (const link of pack.links) {
      const sources = [link.from.dataset, link.to.dataset];
      const wanted = input.only ? input.only.includes(link.name) : !input.dataset || sources.includes(input.dataset);
      if (!wanted) continue;
      const missing: string[] = [];
      for (const source of sources) if (!(await ports.catalog.getTable(base.database, source))) missing.push(source);
      if (missing.length) {
        skipped.push(`${linkTableName(link.name)} waits for ${missing.join(', ')}`);
        continue;
      }
      const sql = linkSelect(link);
      const table = linkTableName(link.name);
      const reference = (await readContract(ports.store, ports.buckets.lake, tenantConfig, link.to.dataset)).reference;
      const location = s3Uri(ports.buckets.lake, runPrefix(zone.marts, input.tenant, table, input.runId));
      steps.push({
        ...base,
        name: table,
        query: unload(sql, location),
        location,
        link,
        ...(reference && { reference: { classification: reference.classification, year: reference.year } }),
        table: { name: table, columns: await modelColumns(ports, input.tenant, base.database, sql) },
      });
    }
  }
  return { steps, skipped };
}

/**
 * Decides what a stage builds: the curated table of a load, or the first wave of the marts, analyses and scores
 * of the tenant's packs that the load affects (core/models/planner.ts); next-wave plans the waves after it.
 */
export const plan = defineFunction(stageInput, async (input, ports): Promise<PlanOutput> => {
  const tenantConfig = await readTenant(ports.store, ports.buckets.lake, input.tenant);
  const base = stepBase(input.stage, input.tenant, input.runId);
  if (input.stage === stage.integrate) {
    const { steps, skipped } = await planIntegrate(input, ports, base);
    return { ...input, steps, skipped, waves: [[input.dataset ?? steps[0]?.name ?? '']], wave: 0, done: [], blocked: [] };
  }
  // links come first: the marts that read a link build on the new one
  const links = input.stage === stage.datamart ? await planLinks(input, ports, tenantConfig, base) : { steps: [], skipped: [] };
  return planModelStage(ports, input, tenantConfig, base, links);
});

export const handler = edge(plan, (input) => tenantAwsPorts(input));
