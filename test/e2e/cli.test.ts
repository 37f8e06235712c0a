import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CommandContext, commands } from '../../local/commands';

const projectRoot = join(import.meta.dirname, '..', '..');

describe('CLI: polder commands on a demo workspace', () => {
  let workspace: string;

  async function run(name: string, args: string[], options: CommandContext['options'] = {}) {
    const lines: string[] = [];
    const command = commands[name];
    if (!command) throw new Error(`no command ${name}`);
    const code = await command({ args, options, workspace, projectRoot, out: (t) => lines.push(t) });
    return { code, text: lines.join('\n') };
  }

  beforeAll(async () => {
    workspace = await mkdtemp(join(tmpdir(), 'polder-cli-'));
    const { code } = await run('demo', [], { json: true });
    expect(code).toBe(0);
  });

  afterAll(async () => {
    await rm(workspace, { recursive: true, force: true });
  });

  it('lists the three demo runs with every stage', async () => {
    const { code, text } = await run('runs', [], { json: true, tenant: 'leeuwarden' });
    const rows = JSON.parse(text) as Record<string, string>[];
    expect(code).toBe(0);
    expect(rows.map((r) => r.dataset).sort()).toEqual(['gullies', 'tree_species', 'trees']);
    expect(rows.find((r) => r.dataset === 'gullies')).toMatchObject({
      execution: 'SUCCEEDED',
      load_outcome: 'accepted',
      validate: 'accepted',
      integrate: 'succeeded',
      datamart: 'succeeded',
      analyze: 'succeeded',
    });
  });

  it('shows per load the models\' data tests and reconciliations', async () => {
    const { text } = await run('runs', [], { json: true, tenant: 'leeuwarden' });
    const rows = JSON.parse(text) as Record<string, string>[];
    expect(rows.find((r) => r.dataset === 'gullies')?.checks).toMatch(/^(\d+)\/\1, (\d+)\/\2 reconciled$/);
    expect(rows.find((r) => r.dataset === 'trees')?.checks).toBe('');
  });

  it('runs every model graph and unit test (polder test), in Dutch', async () => {
    const { code, text } = await run('test', []);
    expect(code).toBe(0);
    expect(text).toContain('✓ tenant leeuwarden: bouwvolgorde gully_tree_proximity → gully_cleaning_plan + gully_cleaning_scenarios');
    expect(text).toMatch(/\n(\d+) van \1 unittests geslaagd\.$/);
  });

  it('refuses to roll back what is not a mart or result, or has no earlier build', async () => {
    await expect(run('rollback', ['gullies'], { tenant: 'leeuwarden' })).rejects.toThrow('gullies is geen mart- of resultaattabel (mart_… of result_…)');
    await expect(run('rollback', ['mart_gully_tree_proximity'], { tenant: 'leeuwarden' })).rejects.toThrow(/heeft geen eerdere versie/);
  });

  it('shows the source register with owner, type, rows and rejection rate', async () => {
    const { text } = await run('sources', [], { json: true });
    const trees = (JSON.parse(text) as Record<string, unknown>[]).find((s) => s.dataset === 'trees');
    expect(trees).toMatchObject({ tenant: 'leeuwarden', source_type: 'open', rows: 2088, rejected_percent: 0 });
    expect(trees?.owner).toMatch(/Leeuwarden/);
  });

  it('prints the match report of every link of a tenant, in Dutch; JSON on request', async () => {
    const { code, text } = await run('links', [], { tenant: 'leeuwarden' });
    expect(code).toBe(0);
    expect(text).toContain('Koppeling gully_nearest_tree: gullies → trees');
    expect(text).toMatch(/koppelgraad \d+,\d% \(minimum 0,0%\): voldoet/);
    const json = JSON.parse((await run('links', [], { tenant: 'leeuwarden', json: true })).text) as { link: string; rowsIn: number; rowsOut: number }[];
    expect(json.map((r) => [r.link, r.rowsIn === r.rowsOut])).toEqual([['gully_nearest_tree', true]]);
    await expect(run('links', [], { tenant: 'nobody' })).rejects.toThrow(/geen koppelrapporten voor tenant "nobody"/);
  });

  it('prints the report of a load by its id', async () => {
    const runs = JSON.parse((await run('runs', [], { json: true })).text) as { dataset: string; load: string }[];
    const load = runs.find((r) => r.dataset === 'trees')?.load ?? '';
    const { text } = await run('report', [load]);
    expect(text).toContain('trees.csv is goedgekeurd: alle 2.088 rijen voldoen aan de afspraken.');
    await expect(run('report', ['no-such-load'])).rejects.toThrow(/geen rapport voor levering "no-such-load"/);
  });

  it('queries the published results', async () => {
    const { text } = await run('query', ['select count(*) as n from mart_gully_tree_proximity'], { tenant: 'leeuwarden', json: true });
    expect(JSON.parse(text)).toEqual([{ n: 3000 }]);
  });

  it('prints values as the engine has them: no separators, full precision, ISO dates, local timestamps without Z', async () => {
    const sql = "select 2019 as jaar, 53671581 as id, 4.123456789 as lon, date '2024-02-29' as d, timestamp '2024-05-01 07:30:00' as t, 'a,b' as s";
    const table = (await run('query', [sql], { tenant: 'leeuwarden' })).text;
    expect(table).toContain('2019  53671581  4.123456789  2024-02-29  2024-05-01 07:30:00.000  a,b');
    expect(table).not.toMatch(/2,019|Z\b/);
    const csv = (await run('query', [sql], { tenant: 'leeuwarden', format: 'csv' })).text;
    expect(csv).toBe('jaar,id,lon,d,t,s\n2019,53671581,4.123456789,2024-02-29,2024-05-01 07:30:00.000,"a,b"');
    const json = (await run('query', [sql], { tenant: 'leeuwarden', format: 'json' })).text;
    expect(JSON.parse(json)).toEqual([{ jaar: 2019, id: 53671581, lon: 4.123456789, d: '2024-02-29', t: '2024-05-01 07:30:00.000', s: 'a,b' }]);
    await expect(run('query', [sql], { tenant: 'leeuwarden', format: 'xml' })).rejects.toThrow('--format is table, csv of json, niet "xml"');
  });

  it('writes a draft contract and validates with it without uploading', async () => {
    const out = join(workspace, 'draft.yaml');
    await run('contract', ['infer', join(projectRoot, 'packs/gullies/data/gullies.csv')], { dataset: 'kolken', out });
    expect(await readFile(out, 'utf8')).toMatch(/^id: kolken$/m);

    const scratchParent = await mkdtemp(join(tmpdir(), 'polder-cli-tmp-'));
    const tmp = process.env.TMPDIR;
    process.env.TMPDIR = scratchParent;
    const reports = join(workspace, 'validate-report');
    const { code, text } = await run('validate', [join(projectRoot, 'packs/gullies/data/gullies.csv')], { contract: out, json: true, out: reports }).finally(() => {
      process.env.TMPDIR = tmp;
    });

    expect(code).toBe(0);
    // the scratch workspace is gone; the report files were kept where asked
    expect(await readdir(scratchParent)).toEqual([]);
    expect((await readdir(reports)).sort()).toEqual(['report.html', 'report.json']);
    expect(JSON.parse(text)).toMatchObject({ status: 'accepted', rows: { total: 3000, accepted: 3000 } });
    // nothing the user cannot look up: the scratch workspace's load is gone
    expect(JSON.parse(text)).not.toHaveProperty('loadId');
    // Nothing was uploaded to the workspace: validate works in a scratch one.
    await expect(readdir(join(workspace, 'buckets/landing/leeuwarden/kolken'))).rejects.toThrow(/ENOENT/);
  });

  // last: it adds runs to the workspace the tests above count
  it('runs the demo again in the same workspace: a sample already appended is said, and the demo still succeeds', async () => {
    const { code, text } = await run('demo', []);
    expect(code).toBe(0);
    expect(text).toMatch(/groundwater ← \S+\.csv: al geladen bij een eerdere demo \(dezelfde bytes\)/);
    expect(text).not.toMatch(/AFGEWEZEN|MISLUKT/);
    expect(text).toMatch(/== foundation_risk \(tenant zaanstad\): 3 van 3 uploads gelukt/);
  });
});
