import type { ModelDef } from './load';
import { tableRefs } from './refs';
import { renderModel } from './render';
import { stage, tablePrefix } from '../names';
import { scoreTables, stageOfKind } from '../tables';

/**
 * The model graph of a tenant: which tables each model reads, from its parsed SQL (Trino grammar). Datasets
 * (curated tables) and link tables are sources; `mart_*` and `result_*` tables are other models.
 */

export class ModelGraphError extends Error {
  override name = 'ModelGraphError';
  constructor(readonly problems: string[]) {
    super(problems.length === 1 ? problems[0] : `het modelschema klopt niet:\n- ${problems.join('\n- ')}`);
  }
}

export interface GraphNode {
  model: ModelDef;
  /** Every table the SQL reads (unqualified, lowercase), in order of first use. */
  reads: string[];
  /** The models among them (by model name). */
  upstream: string[];
  /** The datasets and link tables among them. */
  sources: string[];
  /** Names in another database: no dependency, but the model is always planned so that the plan refuses it. */
  foreign: string[];
}

export interface ModelGraph {
  nodes: Map<string, GraphNode>;
  /** Table name → model name, for every table a model publishes (score models publish three). */
  tableOwner: Map<string, string>;
}

export interface GraphSources {
  /** The tenant's datasets (curated tables). */
  datasets: readonly string[];
  /** Further source tables: the packs' `link_<name>` tables. */
  links?: readonly string[];
  /** The tenant's database: a name qualified with it is the table itself. */
  database?: string;
}

/** The tables a model publishes. */
export function publishedTables(model: ModelDef): string[] {
  if (model.kind !== 'score') return [model.table];
  const extra = scoreTables(model.name);
  return [model.table, extra.coefficients, extra.calibration];
}

/** Parses every model's SQL, resolves its tables and refuses unknown names, qualified names and cycles. */
export function buildGraph(models: readonly ModelDef[], sources: GraphSources): ModelGraph {
  const problems: string[] = [];
  const tableOwner = new Map<string, string>();
  const byName = new Map<string, ModelDef>();
  for (const model of models) {
    const other = byName.get(model.name);
    if (other) problems.push(`model ${model.name} staat twee keer in de packs van deze tenant (${other.path} en ${model.path})`);
    byName.set(model.name, model);
    for (const table of publishedTables(model)) {
      const owner = tableOwner.get(table);
      if (owner && owner !== model.name) problems.push(`${model.path}: tabel ${table} wordt ook door model ${owner} gemaakt`);
      tableOwner.set(table, model.name);
    }
  }
  const datasets = new Set(sources.datasets);
  const links = new Set(sources.links ?? []);
  const nodes = new Map<string, GraphNode>();
  for (const model of byName.values()) {
    let refs;
    try {
      refs = tableRefs(renderModel(model.sql, model.file, { minPublishedCount: 5 }, model.path));
    } catch (error) {
      problems.push(`${model.path} (model ${model.name}): de SQL is geen geldige Trino-query: ${(error as Error).message}`);
      continue;
    }
    const node: GraphNode = { model, reads: [], upstream: [], sources: [], foreign: [] };
    for (const ref of refs) {
      const where = `${model.path}, regel ${ref.line} (model ${model.name})`;
      // Another database is no dependency: the plan refuses it before the engine sees it (core/sql/confine.ts).
      if (ref.parts.length > 2 || (ref.parts.length === 2 && ref.parts[0] !== sources.database)) {
        node.foreign.push(ref.parts.join('.'));
        continue;
      }
      const table = ref.parts[ref.parts.length - 1]!;
      if (node.reads.includes(table)) continue;
      node.reads.push(table);
      const owner = tableOwner.get(table);
      if (owner) {
        const upstream = byName.get(owner)!;
        if (model.kind === 'mart' && stageOfKind(upstream.kind) === stage.analyze) {
          problems.push(`${where}: een mart kan geen analyse lezen (${table}); maak van ${model.name} een analyse of lees de mart eronder`);
        }
        if (!node.upstream.includes(owner)) node.upstream.push(owner);
      } else if (datasets.has(table) || links.has(table)) {
        node.sources.push(table);
      } else {
        const hint = table.startsWith(tablePrefix.result) || table.startsWith(tablePrefix.mart) ? 'geen model van deze tenant maakt die tabel' : 'geen dataset, link of model van deze tenant heet zo';
        problems.push(`${where}: onbekende tabel "${table}": ${hint} (datasets: ${[...datasets].sort().join(', ') || 'geen'})`);
      }
    }
    nodes.set(model.name, node);
  }
  if (problems.length === 0) {
    const cycle = findCycle(nodes);
    if (cycle) {
      const files = cycle.slice(0, -1).map((n) => nodes.get(n)!.model.path);
      problems.push(`de modellen lezen elkaar in een kring: ${cycle.join(' → ')} (${files.join(', ')}); een model kan niet op zichzelf wachten`);
    }
  }
  if (problems.length) throw new ModelGraphError(problems);
  return { nodes, tableOwner };
}

/** A cycle as a path `a → b → a`, or undefined. */
function findCycle(nodes: Map<string, GraphNode>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (name: string): string[] | undefined => {
    if (state.get(name) === 'done') return undefined;
    if (state.get(name) === 'open') return [...path.slice(path.indexOf(name)), name];
    state.set(name, 'open');
    path.push(name);
    for (const up of nodes.get(name)?.upstream ?? []) {
      const found = visit(up);
      if (found) return found;
    }
    path.pop();
    state.set(name, 'done');
    return undefined;
  };
  for (const name of [...nodes.keys()].sort()) {
    const found = visit(name);
    if (found) return found;
  }
  return undefined;
}

/** Every model that reads `table` directly or through other models. */
export function downstreamOf(graph: ModelGraph, tables: readonly string[]): Set<string> {
  const hit = new Set<string>();
  const changed = new Set(tables);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [name, node] of graph.nodes) {
      if (hit.has(name)) continue;
      if (node.reads.some((t) => changed.has(t))) {
        hit.add(name);
        for (const t of publishedTables(node.model)) changed.add(t);
        grew = true;
      }
    }
  }
  return hit;
}

/**
 * Build order of a set of models: waves in which every model's upstream models (within the set) lie in earlier
 * waves, so a wave's models can run in parallel. Names within a wave are sorted.
 */
export function waves(graph: ModelGraph, names: Iterable<string>): string[][] {
  const wanted = new Set(names);
  const level = new Map<string, number>();
  const levelOf = (name: string): number => {
    const known = level.get(name);
    if (known !== undefined) return known;
    const ups = (graph.nodes.get(name)?.upstream ?? []).filter((u) => wanted.has(u));
    const l = ups.length ? Math.max(...ups.map(levelOf)) + 1 : 0;
    level.set(name, l);
    return l;
  };
  const result: string[][] = [];
  for (const name of wanted) {
    const l = levelOf(name);
    (result[l] ??= []).push(name);
  }
  return result.filter(Boolean).map((w) => w.sort());
}

export type StageWithModels = typeof stage.datamart | typeof stage.analyze;

/**
 * What a stage builds. Triggered by a load: only the stage's models that read the changed `tables` (its dataset and
 * the links rebuilt from it) through any number of models. Without a trigger: all of the stage's models. `only` narrows to the models named.
 */
export function selectForStage(graph: ModelGraph, stage: StageWithModels, opts: { tables?: readonly string[]; only?: readonly string[] }): string[] {
  const ofStage = [...graph.nodes.values()].filter((n) => stageOfKind(n.model.kind) === stage).map((n) => n.model.name);
  if (opts.only) return ofStage.filter((n) => opts.only!.includes(n));
  if (!opts.tables) return ofStage;
  const affected = downstreamOf(graph, opts.tables);
  return ofStage.filter((n) => affected.has(n) || graph.nodes.get(n)!.foreign.length > 0);
}
