import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenantDatabase } from '../../core/tables';
import { demoTenant, demoUploads } from '../../local/commands/demo';
import { uploadFile } from '../../local/commands/upload';
import { LocalRuntime } from '../../local/runtime/runtime';

const projectRoot = join(import.meta.dirname, '..', '..');
const db = tenantDatabase(demoTenant);

describe('End to end: the offline runtime on the bundled sample', () => {
  let workspace: string;
  let runtime: LocalRuntime;

  beforeAll(async () => {
    workspace = await mkdtemp(join(tmpdir(), 'polder-e2e-'));
    runtime = await LocalRuntime.open({ workspace, projectRoot });
    for (const { dataset, file } of demoUploads) {
      const summary = await uploadFile(runtime, join(projectRoot, file), { tenant: demoTenant, dataset });
      expect(summary.status, `${dataset}: ${JSON.stringify(summary.stages)}`).toBe('SUCCEEDED');
    }
  });

  afterAll(async () => {
    await runtime?.close();
    await rm(workspace, { recursive: true, force: true });
  });

  const query = async (sql: string) => (await runtime.ports.engine.query(sql, { tenant: demoTenant, database: db })).rows;

  it('loads every tree of the Leeuwarden file into the curated table, typed', async () => {
    const csvLines = (await readFile(join(projectRoot, 'packs/gullies/data/trees.csv'), 'utf8')).trim().split('\n').length - 1;
    const [row] = await query('select count(*) as n, min(plant_year) as first_year from trees');
    expect(row?.n).toBe(csvLines);
    expect(typeof row?.first_year).toBe('number');
  });

  it('builds one mart row per gully, with an action per gully', async () => {
    const [gullies] = await query('select count(*) as n from gullies');
    const [mart] = await query('select count(*) as n, count(distinct gully_id) as ids from mart_gully_tree_proximity');
    expect(mart?.n).toBe(gullies?.n);
    expect(mart?.ids).toBe(gullies?.n);
    const actions = await query('select action, count(*) as n from mart_gully_tree_proximity group by action order by action');
    expect(actions.map((a) => a.action)).toEqual(['empty_gully', 'standard', 'sweep_road']);
  });

  it('builds the declared link gully → nearest tree within 4 m, agreeing with the mart, with its match report', async () => {
    const [gullies] = await query('select count(*) as n from gullies');
    const methods = await query('select method, count(*) as n from link_gully_nearest_tree group by method order by method');
    expect(methods.map((m) => m.method)).toEqual(['nearest', 'unmatched']);
    expect(methods.reduce((s, m) => s + Number(m.n), 0)).toBe(gullies?.n);
    const [disagree] = await query(`select count(*) as n from link_gully_nearest_tree as l
      inner join mart_gully_tree_proximity as m on m.gully_id = l.gully_id
      where (l.distance is null) <> (m.nearest_tree_distance_m is null) or abs(l.distance - m.nearest_tree_distance_m) > 0.006`);
    expect(disagree?.n).toBe(0);
    const keys = await runtime.ports.store.list('lake', `reports/${demoTenant}/links/gully_nearest_tree/`);
    expect(keys.filter((k) => k.endsWith('/report.json') || k.endsWith('/report.html'))).toHaveLength(2);
  });

  it('publishes the cleaning plan with small counts suppressed', async () => {
    const rows = await query('select * from result_gully_cleaning_plan');
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      if (r.suppressed) expect(r.gullies).toBeNull();
      else expect(Number(r.gullies)).toBeGreaterThanOrEqual(5);
    }
  });

  it('writes Parquet to the curated, marts and results zones', async () => {
    const keys = await runtime.ports.store.list('lake', '');
    for (const zone of ['curated', 'marts', 'results']) {
      expect(keys.some((k) => k.startsWith(`${zone}/${demoTenant}/`) && k.endsWith('.parquet')), zone).toBe(true);
    }
  });

  it('makes a second load for a second upload of the same dataset', async () => {
    const file = join(projectRoot, 'packs/gullies/data/tree_species.csv');
    const first = await uploadFile(runtime, file, { tenant: demoTenant, dataset: 'tree_species' });
    const second = await uploadFile(runtime, file, { tenant: demoTenant, dataset: 'tree_species' });
    expect(first.loadId).toBeDefined();
    expect(second.loadId).not.toBe(first.loadId);
  });

  it('upserts by primary key: a second load replaces the rows whose key it brings and keeps the rest', async () => {
    const contract = (await readFile(join(projectRoot, 'packs/gullies/contracts/tree_species.yaml'), 'utf8'))
      .replace(/^id: tree_species$/m, 'id: genus_upsert')
      .replace(/^  policy: \w+$/m, '  policy: upsert');
    expect(contract).toContain('policy: upsert');
    const contractFile = join(workspace, 'genus_upsert.yaml');
    await writeFile(contractFile, contract);
    const [head = '', ...rows] = (await readFile(join(projectRoot, 'packs/gullies/data/tree_species.csv'), 'utf8')).trim().split('\n');
    const write = async (name: string, lines: string[]) => {
      await writeFile(join(workspace, name), `${[head, ...lines].join('\n')}\n`);
      return join(workspace, name);
    };
    const first = await uploadFile(runtime, await write('genus-1.csv', rows.slice(0, 10)), { tenant: demoTenant, dataset: 'genus_upsert', contractFile });
    // rows 6-15: five keys again (renamed), five new
    const renamed = rows.slice(5, 10).map((line) => line.replace(/^([^,]*),[^,]*,/, '$1,renamed,'));
    const second = await uploadFile(runtime, await write('genus-2.csv', [...renamed, ...rows.slice(10, 15)]), { tenant: demoTenant, dataset: 'genus_upsert', contractFile });
    expect([first.status, second.status]).toEqual(['SUCCEEDED', 'SUCCEEDED']);
    const [counts] = await query(
      `select count(*) as n, count(distinct genus) as keys, count(*) filter (where dutch_name = 'renamed') as renamed, count(*) filter (where _load = '${second.loadId}') as latest from genus_upsert`,
    );
    expect(counts).toEqual({ n: 15, keys: 15, renamed: 5, latest: 10 });
  });

  it('starts no second run when the same upload event is delivered twice', async () => {
    const event = await runtime.putUpload(join(projectRoot, 'packs/gullies/data/tree_species.csv'), {
      tenant: demoTenant,
      dataset: 'tree_species',
    });
    const first = await runtime.deliver(event);
    const again = await runtime.deliver(event);
    expect(first.filter((r) => r.workflow === 'pipeline')).toHaveLength(1);
    expect(again.filter((r) => r.workflow === 'pipeline')).toHaveLength(0);
  });

  it('rejects a file with a missing column, names the column and keeps the original in raw', async () => {
    const original = await readFile(join(projectRoot, 'packs/gullies/data/trees.csv'), 'utf8');
    const withoutStatus = original
      .split('\n')
      .map((line) => line.split(',').filter((_, i) => i !== 3).join(','))
      .join('\n');
    const file = join(workspace, 'trees-without-status.csv');
    await writeFile(file, withoutStatus);

    const summary = await uploadFile(runtime, file, { tenant: demoTenant, dataset: 'trees' });

    expect(summary.status).toBe('REJECTED');
    const validate = summary.stages.find((s) => s.stage === 'validate');
    expect(validate?.status).toBe('rejected');
    expect(validate?.message).toContain('STATUS');
    const raw = await runtime.ports.store.list('lake', `raw/${demoTenant}/trees/load=${summary.loadId}/`);
    expect(raw).toEqual([`raw/${demoTenant}/trees/load=${summary.loadId}/trees-without-status.csv`]);
    expect(summary.stages.find((s) => s.stage === 'integrate')?.status).toBe('not run');
  });
});
