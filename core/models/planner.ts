import type { BuildStep, PlanOutput, PublishOutput, StageInput } from '../../schemas/payloads';
import type { TenantConfig } from '../../schemas/tenant';
import { readPack } from '../config';
import { runPrefix, s3Uri } from '../keys';
import type { Ports, TableColumn } from '../ports';
import { unload } from '../sql/unload';
import { buildGraph, type ModelGraph, selectForStage, type StageWithModels, waves } from './graph';
import { loadPackModels, type ModelDef, storePackFiles } from './load';
import { renderModel } from './render';
import { assertConfined, scopeFromCatalog } from '../sql/confine';
import { linkTableName, modelZone, tenantDatabase, tenantWorkgroup } from '../tables';

/** What the datamart and analyze stages build, wave by wave (docs/architecture.md, "State machines"). */

export interface TenantModels {
  datasets: string[];
  models: ModelDef[];
  graph: ModelGraph;
}

/** The tenant's datasets and models over all its packs, with the graph checked. */
export async function loadTenantModels(ports: Pick<Ports, 'store' | 'buckets'>, tenant: TenantConfig): Promise<TenantModels> {
  const datasets: string[] = [];
  const models: ModelDef[] = [];
  const files = storePackFiles(ports.store, ports.buckets.lake);
  const links: string[] = [];
  for (const packId of tenant.packs) {
    const pack = await readPack(ports.store, ports.buckets.lake, packId);
    datasets.push(...pack.datasets);
    links.push(...pack.links.map((l) => linkTableName(l.name)));
    models.push(...(await loadPackModels(files, packId)));
  }
  return { datasets, models, graph: buildGraph(models, { datasets, links, database: tenantDatabase(tenant.id) }) };
}

/** The SQL a model builds for this tenant: templating applied with the tenant's threshold. */
export function tenantModelSql(model: ModelDef, tenant: TenantConfig): string {
  return renderModel(model.sql, model.file, { minPublishedCount: tenant.min_published_count }, model.path);
}

export type StepBase = Pick<BuildStep, 'stage' | 'tenant' | 'database' | 'workgroup' | 'runId' | 'rowsIn' | 'extraTables'>;

/** What every step of a stage run shares. */
export function stepBase(stage: BuildStep['stage'], tenant: string, runId: string): StepBase {
  return { stage, tenant, database: tenantDatabase(tenant), workgroup: tenantWorkgroup(tenant), runId, rowsIn: 0, extraTables: [] };
}

async function columnsOf(ports: Ports, tenant: string, database: string, sql: string): Promise<TableColumn[]> {
  return (await ports.engine.query(`select * from (\n${sql}\n) limit 0`, { tenant, database })).columns;
}

/** One model's build step, or why it cannot be built now. */
async function modelStep(
  ports: Ports,
  tenant: TenantConfig,
  models: TenantModels,
  name: string,
  base: StepBase,
): Promise<BuildStep | { skipped: string }> {
  const node = models.graph.nodes.get(name)!;
  const { model } = node;
  const missing: string[] = [];
  for (const table of node.reads) if (!(await ports.catalog.getTable(base.database, table))) missing.push(table);
  if (missing.length) return { skipped: `${model.name} wacht op ${missing.join(', ')}` };
  const sql = tenantModelSql(model, tenant);
  // A model reads only this tenant's published tables (core/sql/confine.ts), before the engine sees it.
  await assertConfined(
    `model ${model.path}`,
    sql,
    (refs) => scopeFromCatalog(refs, { tenant: tenant.id, database: base.database, catalog: ports.catalog }),
    tenant.language,
  );
  const location = s3Uri(ports.buckets.lake, runPrefix(modelZone(model.kind), tenant.id, model.name, base.runId));
  const step: BuildStep = {
    ...base,
    name: model.name,
    model: { pack: model.pack, name: model.name, kind: model.kind, reads: node.reads },
    location,
    query: '',
    table: { name: model.table, columns: [] },
  };
  // A score's query and columns follow from its training (train-score).
  if (model.kind === 'score') return { ...step, select: sql };
  const disclosure = model.file.disclosure && disclosureOf(models, model, tenant, s3Uri(ports.buckets.lake, runPrefix(modelZone(model.kind), tenant.id, model.name, `${base.runId}-published`)));
  return {
    ...step,
    query: unload(sql, location),
    table: { name: model.table, columns: await columnsOf(ports, tenant.id, base.database, sql) },
    ...(disclosure ? { disclosure } : {}),
  };
}

/**
 * The disclosure control of an analysis that declares one, with the analyses it is linked with (`within`, either
 * way): their SQL, so Publish protects them together whatever order they are built in.
 */
function disclosureOf(models: TenantModels, model: ModelDef, tenant: TenantConfig, published: string): BuildStep['disclosure'] {
  const d = model.file.disclosure;
  if (!d) return undefined;
  const declared = models.models.filter((m) => m.file.disclosure);
  const links = declared.flatMap((m) => {
    const w = m.file.disclosure?.within;
    return w ? [{ child: m.name, parent: w.analysis, childDimension: m.file.disclosure?.dimensions[0] ?? '', by: w.by, parentDimension: w.dimension }] : [];
  });
  const mine = links.filter((l) => l.child === model.name || l.parent === model.name);
  const related = declared
    .filter((m) => m.name !== model.name && mine.some((l) => l.child === m.name || l.parent === m.name))
    .map((m) => ({ name: m.name, sql: tenantModelSql(m, tenant), dimensions: m.file.disclosure!.dimensions, counts: m.file.disclosure!.counts, ...(m.file.disclosure!.total ? { total: m.file.disclosure!.total } : {}) }));
  return {
    published,
    threshold: Math.max(5, tenant.min_published_count),
    ...(d.round_to ? { roundTo: d.round_to } : {}),
    dimensions: d.dimensions,
    counts: d.counts,
    ...(d.total ? { total: d.total } : {}),
    related,
    links: mine.filter((l) => related.some((r) => r.name === l.child || r.name === l.parent)),
  };
}

/** Steps of one wave; models downstream of a blocked model are blocked too. */
export async function planWave(
  ports: Ports,
  tenant: TenantConfig,
  models: TenantModels,
  names: readonly string[],
  base: StepBase,
  blocked: ReadonlySet<string>,
): Promise<{ steps: BuildStep[]; skipped: string[]; blocked: string[] }> {
  const steps: BuildStep[] = [];
  const skipped: string[] = [];
  const nowBlocked: string[] = [];
  for (const name of names) {
    const waitingFor = models.graph.nodes.get(name)!.upstream.filter((u) => blocked.has(u));
    if (waitingFor.length) {
      skipped.push(`${name} niet gebouwd: ${waitingFor.join(', ')} is niet bijgewerkt`);
      nowBlocked.push(name);
      continue;
    }
    const step = await modelStep(ports, tenant, models, name, base);
    if ('skipped' in step) {
      skipped.push(step.skipped);
      nowBlocked.push(name);
    } else steps.push(step);
  }
  return { steps, skipped, blocked: nowBlocked };
}

/**
 * The first wave of a datamart or analyze stage. `leading` steps (the datamart's link builds) form a wave of their
 * own before the models, so that a mart reading a link reads the new one.
 */
export async function planModelStage(
  ports: Ports,
  input: StageInput,
  tenant: TenantConfig,
  base: StepBase,
  leading: { steps: BuildStep[]; skipped: string[] } = { steps: [], skipped: [] },
): Promise<PlanOutput> {
  const models = await loadTenantModels(ports, tenant);
  // a load rebuilds only the models that read its dataset (or a link rebuilt from it), directly or through other models
  const selected = selectForStage(models.graph, input.stage as StageWithModels, {
    ...(input.dataset ? { tables: [input.dataset, ...leading.steps.map((s) => s.name)] } : {}),
    ...(input.only ? { only: input.only } : {}),
  });
  const order = waves(models.graph, selected);
  if (leading.steps.length) {
    const names = leading.steps.map((s) => s.name);
    return { ...input, steps: leading.steps, skipped: leading.skipped, waves: [names, ...order], wave: 0, done: [], blocked: [] };
  }
  const first = await planWave(ports, tenant, models, order[0] ?? [], base, new Set());
  return { ...input, steps: first.steps, skipped: [...leading.skipped, ...first.skipped], waves: order, wave: 0, done: [], blocked: first.blocked };
}

/** After a wave: keep what it built, then plan the next wave (empty steps: the stage is done). */
export async function planNextWave(
  ports: Ports,
  plan: PlanOutput,
  built: readonly PublishOutput[],
  tenant: TenantConfig,
  base: StepBase,
): Promise<PlanOutput> {
  const done = [...plan.done, ...built];
  const blocked = new Set([...plan.blocked, ...built.filter((b) => !b.published).map((b) => b.name)]);
  const wave = plan.wave + 1;
  const names = plan.waves[wave];
  if (!names) return { ...plan, steps: [], done, blocked: [...blocked], wave };
  const models = await loadTenantModels(ports, tenant);
  const next = await planWave(ports, tenant, models, names, base, blocked);
  return { ...plan, steps: next.steps, skipped: [...plan.skipped, ...next.skipped], done, blocked: [...blocked, ...next.blocked], wave };
}
