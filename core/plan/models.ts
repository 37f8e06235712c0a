import type { SqlModel } from '../../schemas/pack';
import type { TenantConfig } from '../../schemas/tenant';
import { stage, zone } from '../names';
import { martTable, resultTable } from '../tables';

/**
 * The rules for choosing which pack models a datamart or analyze stage builds, what each reads and where it goes
 * (docs/architecture.md, "Lambda functions": plan). Pure; the plan function asks the catalog and the store.
 */

export type ModelStage = typeof stage.datamart | typeof stage.analyze;

/** Which list of a pack a stage builds: its marts or its analyses. */
export function packModelKind(modelStage: ModelStage): 'marts' | 'analyses' {
  return modelStage === stage.datamart ? 'marts' : 'analyses';
}

export interface ModelRequest {
  stage: ModelStage;
  /** The dataset that triggered a datamart run. */
  dataset?: string;
  /** Build only these models. */
  only?: readonly string[];
}

/**
 * The models a run builds: the ones asked for by name; otherwise for a datamart run the marts that depend on the
 * dataset that triggered it (all of them without a trigger), for an analyze run every analysis.
 */
export function wantedModels<M extends { model: SqlModel }>(models: readonly M[], request: ModelRequest): M[] {
  const trigger = request.stage === stage.datamart ? request.dataset : undefined;
  return models.filter(({ model }) =>
    request.only
      ? request.only.includes(model.name)
      : !trigger || request.stage === stage.analyze || model.depends_on.includes(trigger),
  );
}

/** The tables a model reads: a mart reads curated datasets, an analysis reads marts. */
export function modelSources(modelStage: ModelStage, model: SqlModel): string[] {
  return model.depends_on.map((d) => (modelStage === stage.datamart ? d : martTable(d)));
}

/** Where a model's rows go: its zone in the lake and its table. */
export function modelOutput(modelStage: ModelStage, name: string): { zone: typeof zone.marts | typeof zone.results; table: string } {
  return modelStage === stage.datamart ? { zone: zone.marts, table: martTable(name) } : { zone: zone.results, table: resultTable(name) };
}

/** The only templating pack SQL may use. */
export function renderModelSql(sql: string, tenant: TenantConfig): string {
  return sql.replaceAll('{{min_published_count}}', String(tenant.min_published_count));
}
