/**
 * Benchmark of the model stages, offline, through the same state machines as a load: a pack of ten models
 * (marts on marts, analyses, a simulation and a score) over a 1,000,000-row dataset.
 *
 *   npm run bench:models                   # 1,000,000 rows, the score trained on 100,000 of them
 *   npx tsx bench/models.ts --rows 200000  # a smaller run
 *
 * The dataset is written straight to the curated zone (Parquet, made by DuckDB) and registered, as integrate
 * would leave it; then the datamart and analyze state machines run as after a load of it (Plan → waves of
 * [Train →] RunQuery → Check → Publish → NextWave → Summarize). Printed: each stage's wall time, the waves, and
 * for the score the Train state (sampling + IRLS + the coefficient tables) and its scoring query.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPrefix, packKey, packManifestKey, s3Uri, tenantConfigKey } from '../core/keys';
import { stage, workflow, zone } from '../core/names';
import { unload } from '../core/sql/unload';
import { tenantDatabase } from '../core/tables';
import { LocalRuntime } from '../local/runtime/runtime';

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const rows = Number(flag('rows') ?? 1_000_000);
const sampleRows = Number(flag('sample') ?? 100_000);
const tenant = 'bench';
const database = tenantDatabase(tenant);

/** Ten models: three marts (one on another), five analyses (one on an analysis, one a simulation), one score (+ one analysis on it). */
const models: Record<string, { yaml: string; sql: string }> = {
  asset_facts: {
    yaml: 'kind: mart\ndescription: assets with derived fields\ngrain: one row per asset\ncolumns:\n  - { name: asset_id, type: bigint, tests: [not_null, unique] }\nreconciliations:\n  - { name: every asset once, model: count(*), source: assets, source_value: count(*) }\n',
    sql: `select asset_id, district, category, install_year, 2026 - install_year as age, load_factor, complaints, failed,
  case when complaints >= 3 then 'high' when complaints >= 1 then 'some' else 'none' end as complaint_level
from assets`,
  },
  district_facts: {
    yaml: 'kind: mart\ndescription: per district\ngrain: one row per district\nreconciliations:\n  - { name: every asset in a district, model: sum(assets), source: mart_asset_facts, source_value: count(*) }\n',
    sql: 'select district, count(*) as assets, avg(age) as mean_age, sum(complaints) as complaints from mart_asset_facts group by district',
  },
  category_facts: {
    yaml: 'kind: mart\ndescription: per category\ngrain: one row per category\nreconciliations:\n  - { name: every asset in a category, model: sum(assets), source: assets, source_value: count(*) }\n',
    sql: 'select category, count(*) as assets, avg(load_factor) as mean_load from assets group by category',
  },
  district_ranking: {
    yaml: 'kind: analysis\ndescription: districts ranked\ngrain: one row per district\n',
    sql: 'select district, complaints, rank() over (order by complaints desc) as complaint_rank from mart_district_facts',
  },
  age_classes: {
    yaml: 'kind: analysis\ndescription: age classes\ngrain: one row per district and class\nreconciliations:\n  - { name: every asset in a class, model: sum(assets), source: mart_asset_facts, source_value: count(*) }\n',
    sql: "select district, case when age < 10 then '0-9' when age < 30 then '10-29' else '30+' end as age_class, count(*) as assets from mart_asset_facts group by 1, 2",
  },
  complaint_trend: {
    yaml: 'kind: analysis\ndescription: complaints per install year and district\ngrain: one row per district and year\n',
    sql: `select district, install_year, sum(complaints) as complaints,
  sum(complaints) - lag(sum(complaints)) over (partition by district order by install_year) as change
from mart_asset_facts group by district, install_year`,
  },
  maintenance_scenarios: {
    yaml: 'kind: analysis\ndescription: maintenance rounds per scenario\ngrain: one row per scenario and district\nvariables: { rounds_high: 4, rounds_other: 1 }\nscenarios:\n  - { name: baseline }\n  - { name: intensive, variables: { rounds_high: 6, rounds_other: 2 } }\n',
    sql: "select district, sum(case when complaint_level = 'high' then {{var.rounds_high}} else {{var.rounds_other}} end) as rounds from mart_asset_facts group by district",
  },
  ranking_summary: {
    yaml: 'kind: analysis\ndescription: top districts\ngrain: one row per top district\n',
    sql: 'select * from result_district_ranking where complaint_rank <= 10',
  },
  failure_risk: {
    yaml: `kind: score\ndescription: failure risk\ngrain: one row per asset\nscore: { id: asset_id, label: failed, features: [age, load_factor, complaints], sample_rows: ${sampleRows} }\n`,
    sql: 'select asset_id, failed, age, load_factor, complaints from mart_asset_facts',
  },
  risk_per_district: {
    yaml: 'kind: analysis\ndescription: risk per district\ngrain: one row per district\n',
    sql: 'select f.district, avg(r.score) as mean_risk, count_if(r.score > 0.5) as high_risk from result_failure_risk as r join mart_asset_facts as f on f.asset_id = r.asset_id group by f.district',
  },
};

const scratch = mkdtempSync(join(tmpdir(), 'polder-bench-models-'));
const runtime = await LocalRuntime.open({ workspace: scratch });
try {
  const { store, buckets, engine, catalog } = runtime.ports;
  const put = (key: string, body: string) => store.put({ bucket: buckets.lake, key }, body);
  await put(tenantConfigKey(tenant), `id: ${tenant}\nname: Bench\npacks: [bench]\nmin_published_count: 5\n`);
  await put(packManifestKey('bench'), 'id: bench\ntitle: Bench\ndatasets: [assets]\n');
  for (const [name, m] of Object.entries(models)) {
    await put(packKey('bench', `models/${name}.yaml`), m.yaml);
    await put(packKey('bench', `models/${name}.sql`), m.sql);
  }
  // the curated table as integrate leaves it: Parquet under curated/, registered in the catalog
  const location = s3Uri(buckets.lake, loadPrefix(zone.curated, tenant, 'assets', 'bench'));
  const select = `select cast(i as bigint) as asset_id, 'WK0001' || lpad(cast(i % 40 as varchar), 2, '0') as district,
      'cat' || cast(i % 7 as varchar) as category, cast(1960 + (i * 7919) % 65 as bigint) as install_year,
      ((i * 104729) % 1000) / 1000.0 as load_factor, cast((i * 31) % 5 as bigint) as complaints,
      cast(case when ((i * 7919) % 65) < 20 and (i * 31) % 5 >= 2 then 1 when (i * 13) % 10 = 0 then 1 else 0 end as bigint) as failed
    from range(${rows}) as t (i)`;
  const t0 = performance.now();
  await engine.query(unload(select, location), { tenant, database });
  const columns = (await engine.query(`select * from (${select}) limit 0`, { tenant, database })).columns;
  await catalog.putTable({ database, name: 'assets', columns, locations: [location], storage: { format: 'parquet' } });
  const prepared = (performance.now() - t0) / 1000;

  const results: { stage: string; seconds: number; status: string }[] = [];
  let trainSeconds = 0;
  let scoreQuerySeconds = 0;
  for (const s of [stage.datamart, stage.analyze]) {
    const started = performance.now();
    const run = await runtime.startExecution(s === stage.datamart ? workflow.datamart : workflow.analyze, { stage: s, tenant, runId: 'bench1', dataset: 'assets' });
    results.push({ stage: s, seconds: (performance.now() - started) / 1000, status: run.status });
    if (run.status !== 'SUCCEEDED') console.log(`${s} failed: ${run.error}: ${run.cause}`);
    if (s === stage.analyze) {
      const train = run.states.find((st) => st.name === 'Train');
      trainSeconds = (train?.durationMs ?? 0) / 1000;
      // the RunQuery right after Train is the scoring query
      const trainIndex = run.states.indexOf(train!);
      const scoring = run.states.slice(trainIndex + 1).find((st) => st.name === 'RunQuery' && st.index === train?.index);
      scoreQuerySeconds = (scoring?.durationMs ?? 0) / 1000;
    }
  }
  const total = results.reduce((a, r) => a + r.seconds, 0);
  const [coefficients] = (await engine.query('select auc_holdout, train_rows, holdout_rows from result_failure_risk_coefficients limit 1', { tenant, database })).rows;
  const scored = (await engine.query('select count(*) as n from result_failure_risk', { tenant, database })).rows[0]?.n;
  console.log(`\nModel stages on ${rows.toLocaleString('en')} rows (10 models: 3 marts, 6 analyses incl. a simulation, 1 score) — offline, DuckDB`);
  console.log(`  dataset written and registered   ${prepared.toFixed(2)} s (not counted)`);
  for (const r of results) console.log(`  ${r.stage.padEnd(9)} ${r.status.padEnd(10)} ${r.seconds.toFixed(2)} s`);
  console.log(`  all ten models                   ${total.toFixed(2)} s   (target < 30 s)`);
  console.log(`  score: train (sample ${Number(coefficients?.train_rows ?? 0) + Number(coefficients?.holdout_rows ?? 0)} rows, IRLS, coefficient tables) ${trainSeconds.toFixed(2)} s (target < 10 s)`);
  console.log(`  score: scoring query over ${Number(scored).toLocaleString('en')} rows with top features ${scoreQuerySeconds.toFixed(2)} s (target < 2 s)`);
  console.log(`  held-out AUC ${Number(coefficients?.auc_holdout).toFixed(3)}`);
} finally {
  await runtime.close();
  if (!args.includes('--keep')) rmSync(scratch, { recursive: true, force: true });
}
