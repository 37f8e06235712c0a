import { describe, expect, it } from 'vitest';
import { buildGraph, downstreamOf, ModelGraphError, selectForStage, waves } from '../../../../core/models/graph';
import type { ModelDef } from '../../../../core/models/load';
import { tableRefs } from '../../../../core/models/refs';
import { modelTable } from '../../../../core/tables';
import { type ModelFile, modelFile } from '../../../../schemas/model';

function model(name: string, kind: ModelFile['kind'], sql: string, extra: Partial<ModelFile> = {}): ModelDef {
  const file = modelFile.parse({
    kind,
    description: name,
    grain: 'one row per thing',
    ...(kind === 'score' ? { score: { id: 'id', label: 'y', features: ['x'] } } : {}),
    ...extra,
  });
  return { name, pack: 'p', kind, file, sql, path: `packs/p/models/${name}.sql`, table: modelTable(kind, name) };
}

const sources = { datasets: ['gullies', 'trees'] };

describe('Models: table references from the parsed SQL', () => {
  it('finds tables, not CTEs, and lets a CTE read the table of its own name', () => {
    const refs = tableRefs(`with gullies as (select * from gullies), near as (select * from gullies g join "trees" t on g.x = t.x)
      select * from near where exists (select 1 from mart_a) union all select * from (values (1)) as v (x)`);
    expect(refs.map((r) => r.parts.join('.'))).toEqual(['gullies', 'trees', 'mart_a']);
  });

  it('keeps a CTE out of scope outside its WITH', () => {
    expect(tableRefs('with a as (with c as (select 1 as x) select * from c) select * from a cross join c').map((r) => r.parts[0])).toEqual(['c']);
  });

  it('refuses SQL the Trino grammar cannot parse', () => {
    expect(() => tableRefs('select from where')).toThrow(/line 1/);
  });
});

describe('Models: the graph', () => {
  const a = model('a', 'mart', 'select gully_id from gullies');
  const b = model('b', 'mart', 'select * from mart_a join trees on true = true');
  const c = model('c', 'analysis', 'select count(*) as n from mart_b');
  const d = model('d', 'analysis', 'select count(*) as n from trees');

  it('orders a mart on a mart after it, in waves; independent models share a wave', () => {
    const graph = buildGraph([c, b, a, d], sources);
    expect(graph.nodes.get('b')?.upstream).toEqual(['a']);
    expect(graph.nodes.get('b')?.sources).toEqual(['trees']);
    expect(waves(graph, ['a', 'b', 'c', 'd'])).toEqual([['a', 'd'], ['b'], ['c']]);
    expect(waves(graph, ['b', 'c'])).toEqual([['b'], ['c']]);
  });

  it('rebuilds only what depends on a load: the models that read the dataset, through any number of models', () => {
    const graph = buildGraph([a, b, c, d], sources);
    expect([...downstreamOf(graph, ['gullies'])].sort()).toEqual(['a', 'b', 'c']);
    expect(selectForStage(graph, 'datamart', { tables: ['gullies'] })).toEqual(['a', 'b']);
    expect(selectForStage(graph, 'analyze', { tables: ['gullies'] })).toEqual(['c']);
    expect(selectForStage(graph, 'analyze', { tables: ['trees'] }).sort()).toEqual(['c', 'd']);
    expect(selectForStage(graph, 'analyze', {}).sort()).toEqual(['c', 'd']);
  });

  it('refuses a cycle, naming the models and their files in Dutch', () => {
    const x = model('x', 'mart', 'select * from mart_y');
    const y = model('y', 'mart', 'select * from mart_z');
    const z = model('z', 'mart', 'select * from mart_x');
    const error = (() => {
      try {
        buildGraph([x, y, z, a], sources);
      } catch (e) {
        return e as ModelGraphError;
      }
      throw new Error('no error');
    })();
    expect(error).toBeInstanceOf(ModelGraphError);
    expect(error.message).toBe(
      'de modellen lezen elkaar in een kring: x → y → z → x (packs/p/models/x.sql, packs/p/models/y.sql, packs/p/models/z.sql); een model kan niet op zichzelf wachten',
    );
  });

  it('refuses a model that reads itself', () => {
    expect(() => buildGraph([model('self', 'mart', 'select * from mart_self')], sources)).toThrow(/kring: self → self/);
  });

  it('refuses unknown tables with the file, line and model', () => {
    expect(() => buildGraph([model('u', 'mart', 'select *\nfrom gulies')], sources)).toThrow(
      'packs/p/models/u.sql, regel 2 (model u): onbekende tabel "gulies": geen dataset, link of model van deze tenant heet zo (datasets: gullies, trees)',
    );
    expect(() => buildGraph([model('u', 'analysis', 'select * from mart_nothing')], sources)).toThrow(/geen model van deze tenant maakt die tabel/);
  });

  it("reads a name qualified with the tenant's database as the table; another database is no dependency (the plan refuses it)", () => {
    const graph = buildGraph([model('q', 'mart', 'select * from polder_own.gullies cross join polder_other.trees')], { ...sources, database: 'polder_own' });
    expect(graph.nodes.get('q')?.reads).toEqual(['gullies']);
    expect(graph.nodes.get('q')?.foreign).toEqual(['polder_other.trees']);
    // always planned, whatever was loaded, so that the plan's confinement refuses it
    expect(selectForStage(graph, 'datamart', { tables: ['nothing'] })).toEqual(['q']);
  });

  it('refuses a mart that reads an analysis, and two models making one table', () => {
    expect(() => buildGraph([d, model('m', 'mart', 'select * from result_d')], sources)).toThrow(/een mart kan geen analyse lezen/);
    expect(() => buildGraph([a, { ...a, pack: 'q', path: 'packs/q/models/a.sql' }], sources)).toThrow(/staat twee keer/);
  });

  it('knows the extra tables of a score model and link tables as sources', () => {
    const s = model('risk', 'score', 'select id, y, x from mart_a');
    const use = model('use', 'analysis', 'select * from result_risk_coefficients cross join link_gully_tree');
    const graph = buildGraph([a, s, use], { ...sources, links: ['link_gully_tree'] });
    expect(graph.nodes.get('use')?.upstream).toEqual(['risk']);
    expect(graph.nodes.get('use')?.sources).toEqual(['link_gully_tree']);
  });

  it('reads the SQL with its templating applied (variables and scenarios)', () => {
    const sim = model('sim', 'analysis', 'select {{var.f}} * count(*) as n from mart_a where 1 < {{min_published_count}}', {
      variables: { f: 2 },
      scenarios: [{ name: 'low', description: '', variables: { f: 1 } }, { name: 'high', description: '', variables: { f: 3 } }],
    });
    expect(buildGraph([a, sim], sources).nodes.get('sim')?.reads).toEqual(['mart_a']);
  });
});
