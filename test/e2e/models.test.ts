import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rollbackTable, readVersions } from '../../core/versions';
import { tenantDatabase } from '../../core/tables';
import { uploadFile, type UploadSummary } from '../../local/commands/upload';
import { LocalRuntime } from '../../local/runtime/runtime';
import { gaussian, mulberry32 } from '../support/synthetic-score';

/**
 * A fixture pack staged straight into the local lake's config: a dataset, a mart, a mart on that mart, a score
 * on the first mart and an analysis on the score. Checks order, counts, a failing reconciliation that keeps the
 * previous build current, rollback, and the score's AUC inside the pipeline.
 */

const projectRoot = join(import.meta.dirname, '..', '..');
const tenant = 'modeltest';
const db = tenantDatabase(tenant);

const files: Record<string, string> = {
  [`config/tenants/${tenant}.yaml`]: `id: ${tenant}\nname: Gemeente Modeltest\npacks: [fixture]\nmin_published_count: 5\n`,
  'config/packs/fixture/pack.yaml': 'id: fixture\ntitle: Fixture\ndatasets: [buildings]\n',
  'config/packs/fixture/contracts/buildings.yaml': `id: buildings
title: Buildings
owner: test
source_type: own
purpose: test the model graph
columns:
  - { name: building_id, type: string, nullable: false }
  - { name: wijk_code, type: string, nullable: false }
  - { name: build_year, type: integer }
  - { name: groundwater_m, type: double }
  - { name: subsidence_mm, type: double }
  - { name: damaged, type: integer }
keys: { primary: [building_id] }
`,
  'config/packs/fixture/models/building_facts.sql': `with buildings as (select * from buildings)
select building_id, wijk_code, 2026 - build_year as age, groundwater_m, subsidence_mm, damaged
from buildings
where build_year is not null`,
  'config/packs/fixture/models/building_facts.yaml': `kind: mart
description: buildings with their age
grain: one row per building
columns:
  - { name: building_id, type: varchar, tests: [not_null, unique] }
  - { name: age, type: bigint }
reconciliations:
  - { name: every building appears once, model: count(*), source: buildings, source_value: count(*) }
`,
  'config/packs/fixture/models/wijk_facts.sql': `select wijk_code, count(*) as buildings, avg(age) as mean_age
from mart_building_facts
group by wijk_code`,
  'config/packs/fixture/models/wijk_facts.yaml': `kind: mart
description: per district
grain: one row per district
reconciliations:
  - { name: the districts hold every building, model: sum(buildings), source: mart_building_facts, source_value: count(*) }
`,
  'config/packs/fixture/models/damage_risk.sql': 'select building_id, damaged, age, groundwater_m, subsidence_mm from mart_building_facts',
  'config/packs/fixture/models/damage_risk.yaml': `kind: score
description: risk of foundation damage
grain: one row per building
score: { id: building_id, label: damaged, features: [age, groundwater_m, subsidence_mm], sample_rows: 5000 }
columns:
  - { name: score, type: double, tests: [not_null] }
  - { name: top_feature_1, tests: [not_null, { accepted_values: [age, groundwater_m, subsidence_mm] }] }
tests:
  - { expression: score between 0 and 1 }
reconciliations:
  - { name: every building scored, model: count(*), source: mart_building_facts, source_value: count(*) }
`,
  'config/packs/fixture/models/wijk_risk.sql': `select b.wijk_code, count(*) as buildings, avg(r.score) as mean_score
from result_damage_risk as r
join mart_building_facts as b on b.building_id = r.building_id
group by b.wijk_code`,
  'config/packs/fixture/models/wijk_risk.yaml': 'kind: analysis\ndescription: risk per district\ngrain: one row per district\n',
};

function buildingsCsv(n: number, opts: { seed: number; missingYears?: number }): string {
  const random = mulberry32(opts.seed);
  const lines = ['building_id,wijk_code,build_year,groundwater_m,subsidence_mm,damaged'];
  for (let i = 0; i < n; i++) {
    const year = 1876 + Math.floor(random() * 150);
    const gw = 1.2 + 0.4 * gaussian(random);
    const subsidence = 3 + 1.5 * gaussian(random);
    const logit = -1.5 + 0.04 * (2026 - year - 75) + 1.0 * (subsidence - 3) + 2 * (gw - 1.2);
    const damaged = random() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
    const missing = i < (opts.missingYears ?? 0);
    lines.push(`B${String(i).padStart(6, '0')},WK0001${String(i % 8).padStart(2, '0')},${missing ? '' : year},${gw.toFixed(3)},${subsidence.toFixed(3)},${damaged}`);
  }
  return `${lines.join('\n')}\n`;
}

describe('End to end: the model graph, checks, versions and a score', () => {
  let workspace: string;
  let runtime: LocalRuntime;
  let first: UploadSummary;
  const query = async (sql: string) => (await runtime.ports.engine.query(sql, { tenant, database: db })).rows;
  const upload = async (name: string, csv: string) => {
    const file = join(workspace, name);
    await writeFile(file, csv);
    return uploadFile(runtime, file, { tenant, dataset: 'buildings' });
  };
  const location = async (table: string) => (await runtime.ports.catalog.getTable(db, table))?.locations[0];

  beforeAll(async () => {
    workspace = await mkdtemp(join(tmpdir(), 'polder-models-'));
    runtime = await LocalRuntime.open({ workspace, projectRoot });
    for (const [key, body] of Object.entries(files)) await runtime.ports.store.put({ bucket: 'lake', key }, body);
    first = await upload('buildings-1.csv', buildingsCsv(4000, { seed: 1 }));
  });

  afterAll(async () => {
    await runtime?.close();
    await rm(workspace, { recursive: true, force: true });
  });

  it('builds a mart on a mart after it, and the analysis on the score after the score', async () => {
    expect(first.status, JSON.stringify(first.stages)).toBe('SUCCEEDED');
    const report = async (stage: string) =>
      JSON.parse(new TextDecoder().decode(await runtime.ports.store.get({ bucket: 'lake', key: `reports/${tenant}/runs/run=${first.loadId}/${stage}.json` })));
    const datamart = await report('datamart');
    expect(datamart.waves).toEqual([['building_facts'], ['wijk_facts']]);
    const [facts, wijk] = datamart.models;
    expect(facts.check.inputs).toEqual({ buildings: 4000 });
    expect(wijk.check.inputs).toEqual({ mart_building_facts: 4000 });
    expect(wijk.check.reconciliations[0]).toMatchObject({ passed: true, modelValue: 4000, sourceValue: 4000 });
    const analyze = await report('analyze');
    expect(analyze.waves).toEqual([['damage_risk'], ['wijk_risk']]);
    const [row] = await query('select sum(buildings) as n, count(*) as wijken from result_wijk_risk');
    expect(row).toEqual({ n: 4000, wijken: 8 });
  });

  it('trains the score in the pipeline: AUC ≥ 0.8 on held-out rows, every row scored with its top features', async () => {
    const coefficients = await query('select term, coefficient, auc_holdout, train_rows, holdout_rows from result_damage_risk_coefficients order by term');
    expect(coefficients.map((c) => c.term)).toEqual(['(intercept)', 'age', 'groundwater_m', 'subsidence_mm']);
    expect(Number(coefficients[0]!.auc_holdout)).toBeGreaterThanOrEqual(0.8);
    expect(Number(coefficients[0]!.train_rows) + Number(coefficients[0]!.holdout_rows)).toBeGreaterThan(3500);
    for (const c of coefficients.slice(1)) expect(Number(c.coefficient)).toBeGreaterThan(0);
    const [scored] = await query('select count(*) as n, count(top_feature_3) as explained, min(score) as lo, max(score) as hi from result_damage_risk');
    expect(scored).toMatchObject({ n: 4000, explained: 4000 });
    expect(Number(scored!.lo)).toBeGreaterThan(0);
    expect(Number(scored!.hi)).toBeLessThan(1);
    const calibration = await query('select count(*) as bins from result_damage_risk_calibration');
    expect(calibration[0]?.bins).toBe(10);
  });

  it('holds back a build whose reconciliation fails: the stage fails with a report and the previous build stays current', async () => {
    const before = await location('mart_building_facts');
    const second = await upload('buildings-2.csv', buildingsCsv(4000, { seed: 2, missingYears: 7 }));
    expect(second.status).toMatch(/^FAILED: .*Controles mislukt voor mart_building_facts/);
    const datamart = second.stages.find((s) => s.stage === 'datamart')!;
    expect(datamart.status).toBe('failed');
    expect(datamart.message).toContain('Controles mislukt voor mart_building_facts: niet gepubliceerd, de vorige versie blijft de huidige.');
    expect(datamart.message).toContain('every building appears once: model 3.993, bron 4.000 — telt niet op');
    expect(second.stages.find((s) => s.stage === 'analyze')?.status).toBe('not run');
    // the new build is kept but not current; the mart on the mart was not built on top of it
    expect(await location('mart_building_facts')).toBe(before);
    expect((await query('select count(*) as n from mart_building_facts'))[0]?.n).toBe(4000);
    const report = JSON.parse(new TextDecoder().decode(await runtime.ports.store.get({ bucket: 'lake', key: `reports/${tenant}/runs/run=${second.loadId}/datamart.json` })));
    expect(report.skipped).toEqual(['wijk_facts niet gebouwd: building_facts is niet bijgewerkt']);
    const versions = await readVersions(runtime.ports.store, 'lake', tenant, 'mart_building_facts');
    expect(versions.current).toBe(first.loadId);
    expect(versions.versions.map((v) => [v.runId, v.status])).toEqual([
      [first.loadId, 'published'],
      [second.loadId, 'held_back'],
    ]);
    expect((await query('select count(*) as n from mart_building_facts__candidate'))[0]?.n).toBe(3993);
  });

  it('rolls a mart back to the build before the current one, and refuses a held-back build', async () => {
    const third = await upload('buildings-3.csv', buildingsCsv(3000, { seed: 3 }));
    expect(third.status).toBe('SUCCEEDED');
    expect((await query('select count(*) as n from mart_building_facts'))[0]?.n).toBe(3000);
    const done = await rollbackTable(runtime.ports, tenant, db, 'mart_building_facts');
    expect(done).toMatchObject({ from: third.loadId, to: { runId: first.loadId } });
    expect((await query('select count(*) as n from mart_building_facts'))[0]?.n).toBe(4000);
    const versions = await readVersions(runtime.ports.store, 'lake', tenant, 'mart_building_facts');
    expect(versions.events.map((e) => e.action)).toEqual(['published', 'held_back', 'published', 'rolled_back']);
    const held = versions.versions.find((v) => v.status === 'held_back')!;
    await expect(rollbackTable(runtime.ports, tenant, db, 'mart_building_facts', held.runId)).rejects.toThrow(/haalde zijn tests niet/);
  });
});
