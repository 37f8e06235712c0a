import { loadPack, loadPackSql, loadTenant } from '../core/config';
import { curatedColumns, typedSelect } from '../core/contract/compile';
import { loadPrefix, runPrefix, s3Uri, tenantDatabase, tenantWorkgroup } from '../core/keys';
import type { Ports, TableColumn } from '../core/ports';
import { unload } from '../core/sql/trino';
import type { SqlModel } from '../schemas/pack';
import { type BuildStep, type PlanOutput, type StageInput, stageInput } from '../schemas/payloads';
import type { TenantConfig } from '../schemas/tenant';
import { awsPorts } from '../adapters/aws/ports';
import { defineFunction, edge } from './lib/edge';
import { contractForLoad } from './lib/load-contract';
import { pseudonymKey } from './lib/pseudonym-key';
import { quarantineTableName, rawTableName } from './prepare-checks';

export class PlanError extends Error {
  override name = 'PlanError';
}

export const martTable = (name: string) => `mart_${name}`;
export const resultTable = (name: string) => `result_${name}`;

/** The only templating pack SQL may use. */
export function renderModelSql(sql: string, tenant: TenantConfig): string {
  return sql.replaceAll('{{min_published_count}}', String(tenant.min_published_count));
}

async function planIntegrate(input: StageInput, ports: Ports, base: Omit<BuildStep, 'name' | 'query' | 'location'>): Promise<BuildStep[]> {
  const { tenant, dataset, loadId, validate } = input;
  if (!dataset || !loadId || !validate) throw new PlanError('integrate needs dataset, loadId and the validate output');
  const contract = await contractForLoad(ports, tenant, dataset, loadId);
  const location = s3Uri(ports.buckets.lake, loadPrefix('curated', tenant, dataset, loadId));
  // append and upsert build on the curated table as the last accepted load left it
  const previous = contract.load.policy === 'replace' ? undefined : await ports.catalog.getTable(base.database, dataset);
  const select = typedSelect(contract, {
    rawTable: rawTableName(dataset),
    quarantineTable: quarantineTableName(dataset),
    pseudonymKey: await pseudonymKey(ports, tenant),
    loadId,
    previous: previous && { table: dataset, columns: previous.columns },
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
      table: { name: dataset, columns: curatedColumns(contract) },
    },
  ];
}

/** Result columns of a model, asked from the engine itself so the catalog always matches the SQL. */
async function modelColumns(ports: Ports, tenant: string, database: string, sql: string): Promise<TableColumn[]> {
  const probe = await ports.engine.query(`select * from (\n${sql}\n) limit 0`, { tenant, database });
  return probe.columns;
}

interface ModelPlan {
  model: SqlModel;
  pack: string;
}

async function planModels(
  input: StageInput,
  ports: Ports,
  tenantConfig: TenantConfig,
  base: Omit<BuildStep, 'name' | 'query' | 'location'>,
): Promise<{ steps: BuildStep[]; skipped: string[] }> {
  const kind = input.stage === 'datamart' ? 'marts' : 'analyses';
  const database = base.database;
  const models: ModelPlan[] = [];
  for (const packId of tenantConfig.packs) {
    const pack = await loadPack(ports.store, ports.buckets.lake, packId);
    for (const model of pack[kind]) models.push({ model, pack: packId });
  }
  const trigger = input.stage === 'datamart' ? input.dataset : undefined;
  const wanted = models.filter(({ model }) =>
    input.only ? input.only.includes(model.name) : !trigger || input.stage === 'analyze' || model.depends_on.includes(trigger),
  );
  const steps: BuildStep[] = [];
  const skipped: string[] = [];
  for (const { model, pack } of wanted) {
    const sources = model.depends_on.map((d) => (input.stage === 'datamart' ? d : martTable(d)));
    const missing: string[] = [];
    for (const source of sources) if (!(await ports.catalog.getTable(database, source))) missing.push(source);
    if (missing.length) {
      skipped.push(`${model.name} waits for ${missing.join(', ')}`);
      continue;
    }
    const sql = renderModelSql(await loadPackSql(ports.store, ports.buckets.lake, pack, model.sql), tenantConfig);
    const zone = input.stage === 'datamart' ? 'marts' : 'results';
    const location = s3Uri(ports.buckets.lake, runPrefix(zone, input.tenant, model.name, input.runId));
    const table = input.stage === 'datamart' ? martTable(model.name) : resultTable(model.name);
    steps.push({
      ...base,
      name: model.name,
      query: unload(sql, location),
      location,
      table: { name: table, columns: await modelColumns(ports, input.tenant, database, sql) },
    });
  }
  return { steps, skipped };
}

/** Decides what a stage builds: the curated table of a load, or the marts and analyses of the tenant's packs. */
export const plan = defineFunction(stageInput, async (input, ports): Promise<PlanOutput> => {
  const tenantConfig = await loadTenant(ports.store, ports.buckets.lake, input.tenant);
  const base = {
    stage: input.stage,
    tenant: input.tenant,
    database: tenantDatabase(input.tenant),
    workgroup: tenantWorkgroup(input.tenant),
    runId: input.runId,
    rowsIn: 0,
  };
  if (input.stage === 'integrate') return { ...input, steps: await planIntegrate(input, ports, base), skipped: [] };
  return { ...input, ...(await planModels(input, ports, tenantConfig, base)) };
});

export const handler = edge(plan, awsPorts);
