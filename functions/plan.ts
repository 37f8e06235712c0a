import { tenantAwsPorts } from '../adapters/aws/ports';
import { readContract, readPack, readPackSql, readTenant } from '../core/config';
import { curatedColumns, typedSelect } from '../core/contract/curated-query';
import { contractForLoad } from '../core/contract-for-load';
import { loadPrefix, runPrefix, s3Uri } from '../core/keys';
import { stage, zone } from '../core/names';
import { type ModelStage, modelOutput, modelSources, packModelKind, renderModelSql, wantedModels } from '../core/plan/models';
import type { Ports, TableColumn } from '../core/ports';
import { linkSelect } from '../core/link/sql';
import { assertConfined, scopeFromCatalog } from '../core/sql/confine';
import { unload } from '../core/sql/unload';
import { curatedTableName, linkTableName, quarantineTableName, rawTableName, tenantDatabase, tenantWorkgroup } from '../core/tables';
import type { SqlModel } from '../schemas/pack';
import { type BuildStep, type PlanOutput, type StageInput, stageInput } from '../schemas/payloads';
import type { TenantConfig } from '../schemas/tenant';
import { defineFunction, edge } from './lib/edge';

export class PlanError extends Error {
  override name = 'PlanError';
}

async function planIntegrate(input: StageInput, ports: Ports, base: Omit<BuildStep, 'name' | 'query' | 'location'>): Promise<BuildStep[]> {
  const { tenant, dataset, loadId, validate } = input;
  if (!dataset || !loadId || !validate) throw new PlanError('integrate needs dataset, loadId and the validate output');
  const contract = await contractForLoad(ports, tenant, dataset, loadId);
  const location = s3Uri(ports.buckets.lake, loadPrefix(zone.curated, tenant, dataset, loadId));
  const table = curatedTableName(dataset);
  // append and upsert build on the curated table as the last accepted load left it
  const previous = contract.load.policy === 'replace' ? undefined : await ports.catalog.getTable(base.database, table);
  const select = typedSelect(contract, {
    rawTable: rawTableName(dataset),
    quarantineTable: quarantineTableName(dataset),
    pseudonymKeyTable: await ports.vault.pseudonymKeyTable(tenant, base.database),
    loadId,
    previous: previous && { table, columns: previous.columns },
  });
  return [
    {
      ...base,
      name: dataset,
      dataset,
      loadId,
      query: unload(select, location),
      location,
      rowsIn: validate.rowsIn,
      table: { name: table, columns: curatedColumns(contract) },
    },
  ];
}

/** Result columns of a model, asked from the engine itself so the catalog always matches the SQL. */
async function modelColumns(ports: Ports, tenant: string, database: string, sql: string): Promise<TableColumn[]> {
  const probe = await ports.engine.query(`select * from (\n${sql}\n) limit 0`, { tenant, database });
  return probe.columns;
}

async function planModels(
  input: StageInput & { stage: ModelStage },
  ports: Ports,
  tenantConfig: TenantConfig,
  base: Omit<BuildStep, 'name' | 'query' | 'location'>,
): Promise<{ steps: BuildStep[]; skipped: string[] }> {
  const kind = packModelKind(input.stage);
  const database = base.database;
  const models: { model: SqlModel; pack: string }[] = [];
  for (const packId of tenantConfig.packs) {
    const pack = await readPack(ports.store, ports.buckets.lake, packId);
    for (const model of pack[kind]) models.push({ model, pack: packId });
  }
  const steps: BuildStep[] = [];
  const skipped: string[] = [];
  if (input.stage === stage.datamart) {
    const links = await planLinks(input, ports, tenantConfig, base);
    steps.push(...links.steps);
    skipped.push(...links.skipped);
  }
  for (const { model, pack } of wantedModels(models, input)) {
    const missing: string[] = [];
    for (const source of modelSources(input.stage, model)) if (!(await ports.catalog.getTable(database, source))) missing.push(source);
    if (missing.length) {
      skipped.push(`${model.name} waits for ${missing.join(', ')}`);
      continue;
    }
    const sql = renderModelSql(await readPackSql(ports.store, ports.buckets.lake, pack, model.sql), tenantConfig);
    // A model reads only this tenant's published tables (core/sql/confine.ts), before the engine sees it.
    await assertConfined(`model ${pack}/${model.sql}`, sql, (refs) =>
      scopeFromCatalog(refs, { tenant: input.tenant, database, catalog: ports.catalog }),
    );
    const output = modelOutput(input.stage, model.name);
    const location = s3Uri(ports.buckets.lake, runPrefix(output.zone, input.tenant, model.name, input.runId));
    steps.push({
      ...base,
      name: model.name,
      query: unload(sql, location),
      location,
      table: { name: output.table, columns: await modelColumns(ports, input.tenant, database, sql) },
    });
  }
  return { steps, skipped };
}

/**
 * The declared links of the tenant's packs that read the triggering dataset (all of them without a trigger):
 * one step each, building link_<name> in marts/; Publish checks its match rate before registering it.
 */
async function planLinks(
  input: StageInput,
  ports: Ports,
  tenantConfig: TenantConfig,
  base: Omit<BuildStep, 'name' | 'query' | 'location'>,
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

/** Decides what a stage builds: the curated table of a load, or the marts and analyses of the tenant's packs. */
export const plan = defineFunction(stageInput, async (input, ports): Promise<PlanOutput> => {
  const tenantConfig = await readTenant(ports.store, ports.buckets.lake, input.tenant);
  const base = {
    stage: input.stage,
    tenant: input.tenant,
    database: tenantDatabase(input.tenant),
    workgroup: tenantWorkgroup(input.tenant),
    runId: input.runId,
    rowsIn: 0,
  };
  if (input.stage === stage.integrate) return { ...input, steps: await planIntegrate(input, ports, base), skipped: [] };
  return { ...input, ...(await planModels({ ...input, stage: input.stage }, ports, tenantConfig, base)) };
});

export const handler = edge(plan, (input) => tenantAwsPorts(input));
