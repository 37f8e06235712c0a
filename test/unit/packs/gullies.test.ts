import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { TrinoSQL } from 'dt-sql-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { type Column, type Contract, contract as contractSchema } from '../../../schemas/contract';
import { pack as packSchema } from '../../../schemas/pack';
import { tenantConfig } from '../../../schemas/tenant';
import { generateGullies, gulliesCsv, parseCsv, PointGrid, readTrees } from '../../../scripts/generate-gullies';

const root = join(import.meta.dirname, '..', '..', '..');
const packDir = join(root, 'packs/gullies');
const read = (rel: string) => readFileSync(join(packDir, rel), 'utf8');

const packDef = packSchema.parse(parseYaml(read('pack.yaml')));
const contracts = Object.fromEntries(
  packDef.datasets.map((d) => [d, contractSchema.parse(parseYaml(read(`contracts/${d}.yaml`)))]),
) as Record<string, Contract>;
const dataFile: Record<string, string> = { trees: 'data/trees.csv', tree_species: 'data/tree_species.csv', gullies: 'data/gullies.csv' };
const modelSql = (name: string, minCount = 5) => read(`models/${name}.sql`).replaceAll('{{min_published_count}}', String(minCount));
const lit = (s: string) => `'${s.replaceAll("'", "''")}'`;
const ident = (s: string) => `"${s.replaceAll('"', '""')}"`;

/** The curated column of a contract column, as the integrate stage would type it (simplified: no guards). */
function curatedExpr(col: Column): string {
  const text = `nullif(trim(${ident(col.source ?? col.name)}), '')`;
  switch (col.type) {
    case 'integer':
      return `cast(cast(${text} as double) as bigint)`; // "1925.0000000000" → 1925
    case 'double':
    case 'rd_x':
    case 'rd_y':
    case 'latitude':
    case 'longitude':
      return `cast(${text} as double)`;
    case 'date':
      return `cast(${text} as date)`;
    case 'decimal':
      return `cast(${text} as decimal(18,${col.scale ?? 2}))`;
    default:
      return text;
  }
}

describe('gullies pack: definitions', () => {
  it('pack.yaml, the contracts and the tenant pass their schemas and fit together', () => {
    expect(packDef.id).toBe('gullies');
    expect(packDef.datasets).toEqual(['trees', 'tree_species', 'gullies']);
    for (const [id, c] of Object.entries(contracts)) {
      expect(c.id).toBe(id);
      const names = c.columns.map((col) => col.name);
      for (const k of [...c.keys.primary, ...c.keys.join]) expect(names).toContain(k);
    }
    expect(contracts.trees?.source_type).toBe('open');
    expect(contracts.trees?.licence).toMatch(/CC0/);
    expect(contracts.gullies?.source_type).toBe('own');
    const tenant = tenantConfig.parse(parseYaml(readFileSync(join(root, 'tenants/leeuwarden.yaml'), 'utf8')));
    expect(tenant.packs).toContain('gullies');
    for (const model of ['gully_tree_proximity', 'gully_cleaning_plan', 'gully_cleaning_scenarios']) {
      expect(existsSync(join(packDir, 'models', `${model}.sql`)), model).toBe(true);
      expect(existsSync(join(packDir, 'models', `${model}.yaml`)), model).toBe(true);
    }
    expect(packDef.demo?.tenant).toBe('leeuwarden');
  });

  it('contract headers match the sample files', () => {
    for (const [id, c] of Object.entries(contracts)) {
      const header = read(dataFile[id]!).split(/\r?\n/)[0]!.split(',');
      expect(c.columns.map((col) => col.source ?? col.name)).toEqual(header);
    }
  });

  it('the SQL of the mart and the plan uses no templating but {{min_published_count}} and parses as Trino', () => {
    const parser = new TrinoSQL();
    for (const model of ['gully_tree_proximity', 'gully_cleaning_plan']) {
      const raw = read(`models/${model}.sql`);
      expect(raw.replaceAll('{{min_published_count}}', ''), model).not.toMatch(/\{\{|\}\}/);
      expect(raw.trimEnd().endsWith(';'), `${model} must not end with ";" (it is wrapped in UNLOAD)`).toBe(false);
      expect(parser.validate(modelSql(model)), model).toEqual([]);
    }
  });

  it('every genus in the tree file has a leaf size', () => {
    const genera = new Set(parseCsv(read('data/tree_species.csv')).map((r) => r.genus));
    const missing = readTrees(join(packDir, 'data/trees.csv')).filter((t) => !genera.has(t.genus));
    expect(missing).toEqual([]);
  });

  it('gullies.csv is exactly what scripts/generate-gullies.ts writes (deterministic)', () => {
    const trees = readTrees(join(packDir, 'data/trees.csv'));
    const large = new Set(parseCsv(read('data/tree_species.csv')).filter((s) => s.leaf_size === 'large').map((s) => s.genus!));
    const csv = gulliesCsv(generateGullies(trees, large, { count: 3000, nearShare: 0.35, seed: 80 }));
    expect(csv).toBe(read('data/gullies.csv'));
  });

  const shared = '/work/shared/data/bomen_leeuwarden/monumentale_en_waardevolle_bomen.csv';
  it.skipIf(!existsSync(shared))('trees.csv is the Leeuwarden file, byte for byte', () => {
    expect(readFileSync(join(packDir, 'data/trees.csv')).equals(readFileSync(shared))).toBe(true);
  });
});

describe('gullies pack: SQL on DuckDB against the sample data', () => {
  let instance: DuckDBInstance;
  let db: DuckDBConnection;
  const rows = async (sql: string) => (await db.runAndReadAll(sql)).getRowObjectsJS();

  beforeAll(async () => {
    instance = await DuckDBInstance.create(':memory:');
    db = await instance.connect();
    for (const [id, c] of Object.entries(contracts)) {
      const cols = c.columns
        .filter((col) => col.privacy !== 'drop')
        .map((col) => `${curatedExpr(col)} as ${ident(col.name)}`)
        .join(',\n  ');
      const file = join(packDir, dataFile[id]!);
      await db.run(
        `create table ${ident(id)} as select\n  ${cols}\nfrom read_csv(${lit(file)}, header = true, all_varchar = true, delim = ',', quote = '"', escape = '"')`,
      );
    }
    // wrapped as the plan stage wraps it (UNLOAD (<sql>)), so comments and the final select must survive that
    await db.run(`create table mart_gully_tree_proximity as select * from (\n${modelSql('gully_tree_proximity')}\n)`);
  });

  afterAll(() => {
    db?.closeSync();
    instance?.closeSync();
  });

  it('loads the typed sample tables', async () => {
    const [trees] = await rows('select count(*) as n, min(plant_year) as first, max(plant_year) as last from trees');
    expect(Number(trees?.n)).toBe(2088);
    expect(Number(trees?.first)).toBe(1850);
    const [gullies] = await rows('select count(*) as n, count(distinct gully_id) as ids from gullies');
    expect(Number(gullies?.n)).toBe(3000);
    expect(Number(gullies?.ids)).toBe(3000);
  });

  it('has every gully once in the mart, with about a third near a tree', async () => {
    const [m] = await rows(
      `select count(*) as n, count(distinct gully_id) as ids, sum(case when action <> 'standard' then 1 else 0 end) as near
       from mart_gully_tree_proximity`,
    );
    expect(Number(m?.n)).toBe(3000);
    expect(Number(m?.ids)).toBe(3000);
    expect(Number(m?.near) / 3000).toBeGreaterThan(0.3);
    expect(Number(m?.near) / 3000).toBeLessThan(0.4);
    const actions = await rows('select action, count(*) as n from mart_gully_tree_proximity group by action order by action');
    expect(actions.map((a) => a.action)).toEqual(['empty_gully', 'standard', 'sweep_road']);
  });

  it('matches hand-checked distances and actions', async () => {
    // Distances worked out by hand from the two CSV files (Pythagoras on RD metres).
    const expected = [
      // a Fraxinus (large leaves) at 2.29 m; 4 complaints → 4 + 1 cleanings
      { id: 'KOLK-000002', genus: 'fraxinus', leaf: 'large', distance: 2.29, within: 1, action: 'sweep_road', cleanings: 5 },
      // a Malus (small leaves) at 1.71 m, nothing else within 4 m
      { id: 'KOLK-000008', genus: 'malus', leaf: 'small', distance: 1.71, within: 1, action: 'empty_gully', cleanings: 2 },
      // nearest is a Salix (small) at 1.70 m, but an Acer (large) stands at 2.74 m: the road is swept; 3 complaints
      { id: 'KOLK-000586', genus: 'salix', leaf: 'small', distance: 1.7, within: 2, action: 'sweep_road', cleanings: 5 },
      // no tree within 4 m
      { id: 'KOLK-000011', genus: null, leaf: null, distance: null, within: 0, action: 'standard', cleanings: 1 },
    ];
    for (const e of expected) {
      const [r] = await rows(`select * from mart_gully_tree_proximity where gully_id = ${lit(e.id)}`);
      expect(r, e.id).toBeDefined();
      expect(r?.nearest_tree_genus, e.id).toBe(e.genus);
      expect(r?.nearest_tree_leaf_size, e.id).toBe(e.leaf);
      expect(r?.nearest_tree_distance_m === null ? null : Number(r?.nearest_tree_distance_m), e.id).toBe(e.distance);
      expect(Number(r?.trees_within_4m), e.id).toBe(e.within);
      expect(r?.action, e.id).toBe(e.action);
      expect(Number(r?.cleanings_per_year), e.id).toBe(e.cleanings);
    }
  });

  it('agrees with a brute-force distance check for every gully', async () => {
    const trees = readTrees(join(packDir, 'data/trees.csv'));
    const leaf = new Map(parseCsv(read('data/tree_species.csv')).map((s) => [s.genus!, s.leaf_size!]));
    const grid = new PointGrid(trees, 50);
    const gullies = parseCsv(read('data/gullies.csv'));
    const mart = new Map((await rows('select gully_id, action, trees_within_4m, nearest_tree_distance_m from mart_gully_tree_proximity')).map((r) => [r.gully_id, r]));
    for (const g of gullies) {
      const near = grid.within({ x: Number(g.x), y: Number(g.y) }, 4);
      const action = near.some((n) => leaf.get(n.point.genus) === 'large') ? 'sweep_road' : near.length ? 'empty_gully' : 'standard';
      const r = mart.get(g.gully_id);
      expect(r?.action, g.gully_id).toBe(action);
      expect(Number(r?.trees_within_4m), g.gully_id).toBe(near.length);
      if (near[0]) expect(Number(r?.nearest_tree_distance_m)).toBeCloseTo(near[0].distance, 2);
    }
  });

  it('schedules the next cleaning from the last one', async () => {
    const [r] = await rows(
      `select count(*) as wrong from mart_gully_tree_proximity
       where last_cleaned is not null and (next_cleaning_due <= last_cleaned or date_diff('day', last_cleaned, next_cleaning_due) > 365)`,
    );
    expect(Number(r?.wrong)).toBe(0);
    const [nulls] = await rows('select count(*) as n from mart_gully_tree_proximity where last_cleaned is null and next_cleaning_due is null');
    expect(Number(nulls?.n)).toBeGreaterThan(0);
  });

  for (const minCount of [5, 50]) {
    it(`suppresses counts below ${minCount} in the cleaning plan`, async () => {
      const plan = await rows(`select * from (\n${modelSql('gully_cleaning_plan', minCount)}\n) order by wijk_code, action`);
      const truth = new Map(
        (await rows('select wijk_code, action, count(*) as n, sum(cleanings_per_year) as c from mart_gully_tree_proximity group by 1, 2')).map(
          (r) => [`${r.wijk_code}/${r.action}`, { n: Number(r.n), c: Number(r.c) }],
        ),
      );
      expect(plan.length).toBe(truth.size);
      expect(Object.keys(plan[0] ?? {})).toEqual(['wijk_code', 'action', 'gullies', 'cleanings_per_year', 'suppressed']);
      let suppressed = 0;
      for (const r of plan) {
        const t = truth.get(`${r.wijk_code}/${r.action}`)!;
        if (t.n < minCount) {
          suppressed++;
          expect(r.suppressed).toBe(true);
          expect(r.gullies).toBeNull();
          expect(r.cleanings_per_year).toBeNull();
        } else {
          expect(r.suppressed).toBe(false);
          expect(Number(r.gullies)).toBe(t.n);
          expect(Number(r.cleanings_per_year)).toBe(t.c);
        }
      }
      expect(suppressed).toBeGreaterThan(0);
      expect(suppressed).toBeLessThan(plan.length);
    });
  }
});
