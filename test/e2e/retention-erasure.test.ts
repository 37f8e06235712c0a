import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inferContract } from '../../core/infer';
import { lakePrefix, zone } from '../../core/names';
import { quarantineColumns } from '../../core/contract/quarantine';
import { parseLoadKey, parseS3Uri, quarantinePart, quarantinePartPrefix } from '../../core/keys';
import { rowCountTableName, tenantDatabase } from '../../core/tables';
import { type CommandContext, commands } from '../../local/commands';
import { demoTenant, demoUploads } from '../../local/commands/demo';
import { uploadFile } from '../../local/commands/upload';
import { LocalRuntime } from '../../local/runtime/runtime';

const projectRoot = join(import.meta.dirname, '..', '..');
const db = tenantDatabase(demoTenant);

const residents = [
  'bsn,naam,email,buurt',
  '111222333,Anna de Vries,anna@example.nl,Binnenstad',
  '123456782,Bram Smit,bram@example.nl,Oranjewijk',
  '010000008,Chantal Berg,chantal@example.nl,Binnenstad',
  '100000009,Dirk Jansen,dirk@example.nl,Vossepark',
  '999999990,Emine Yilmaz,emine@example.nl,Binnenstad',
].join('\n');

describe('End to end: erasure and retention offline', () => {
  let workspace: string;

  async function run(name: string, args: string[], options: CommandContext['options'] = {}) {
    const lines: string[] = [];
    const command = commands[name];
    if (!command) throw new Error(`no command ${name}`);
    const code = await command({ args, options, workspace, projectRoot, out: (t) => lines.push(t) });
    return { code, text: lines.join('\n') };
  }

  async function withRuntime<T>(job: (runtime: LocalRuntime) => Promise<T>): Promise<T> {
    const runtime = await LocalRuntime.open({ workspace, projectRoot });
    try {
      return await job(runtime);
    } finally {
      await runtime.close();
    }
  }

  const query = (sql: string) => withRuntime(async (r) => (await r.ports.engine.query(sql, { tenant: demoTenant, database: db })).rows);
  const keys = (prefix: string) => withRuntime((r) => r.ports.store.list(r.ports.buckets.lake, prefix));

  beforeAll(async () => {
    workspace = await mkdtemp(join(tmpdir(), 'polder-erase-'));
    const file = join(workspace, 'inwoners.csv');
    await writeFile(file, `${residents}\n`);
    await writeFile(join(workspace, 'inwoners.yaml'), inferContract({ sample: new TextEncoder().encode(residents), fileName: 'inwoners.csv', dataset: 'inwoners' }).yaml);
    await withRuntime(async (runtime) => {
      for (const { dataset, file: f } of demoUploads) {
        expect((await uploadFile(runtime, join(projectRoot, f), { tenant: demoTenant, dataset })).status).toBe('SUCCEEDED');
      }
      expect((await uploadFile(runtime, file, { tenant: demoTenant, dataset: 'inwoners', contractFile: join(workspace, 'inwoners.yaml') })).status).toBe('SUCCEEDED');
    });
  });

  afterAll(async () => {
    await rm(workspace, { recursive: true, force: true });
  });

  it('writes the privacy register from the contracts and packs, the uploaded contract included', async () => {
    const { code, text } = await run('privacy', ['register'], { tenant: demoTenant, json: true });
    expect(code).toBe(0);
    const register = JSON.parse(text) as { entries: { dataset: string; personalData: { column: string }[]; recipients: { marts: string[] } }[] };
    expect(register.entries.map((e) => e.dataset)).toEqual(['gullies', 'inwoners', 'tree_species', 'trees']);
    expect(register.entries.find((e) => e.dataset === 'inwoners')?.personalData.map((p) => p.column)).toEqual(['bsn', 'naam', 'email']);
    expect(register.entries.find((e) => e.dataset === 'gullies')?.recipients.marts).toEqual(['gully_tree_proximity']);
    expect(await keys(`${zone.reports}/${demoTenant}/privacy/`)).toEqual([
      `${zone.reports}/${demoTenant}/privacy/register.html`,
      `${zone.reports}/${demoTenant}/privacy/register.json`,
      `${zone.reports}/${demoTenant}/privacy/register.md`,
    ]);
  });

  it('erases a person found through the pseudonym of their BSN: curated rows and the raw line, audit without the value', async () => {
    const before = await query('select count(*) as n from inwoners');
    const { code, text } = await run('erase', [], { tenant: demoTenant, dataset: 'inwoners', where: 'bsn=123456782', json: true });
    expect(code).toBe(0);
    const audit = JSON.parse(text) as { rowsErased: number; matchedBy: string; audit: string; rawLinesBlanked: { lines: number[] }[] };
    expect(audit).toMatchObject({ rowsErased: 1, matchedBy: 'pseudonym', rawLinesBlanked: [{ lines: [3] }] });
    const after = await query('select count(*) as n from inwoners');
    expect(Number(after[0]?.n)).toBe(Number(before[0]?.n) - 1);
    const [rawKey] = await keys(`${zone.raw}/${demoTenant}/inwoners/`);
    const raw = await readFile(join(workspace, 'buckets', 'lake', rawKey ?? ''), 'utf8');
    expect(raw).not.toContain('Bram Smit');
    expect(raw.split('\n')[2]).toBe(',,,');
    expect(raw).toContain('Anna de Vries');
    const record = await readFile(join(workspace, 'buckets', 'lake', audit.audit), 'utf8');
    expect(record).not.toContain('123456782');
    expect(record).toContain('"column": "bsn"');
  });

  it('erases a gully and rebuilds the mart and the result without it, older runs deleted', async () => {
    const [gully] = await query('select gully_id from mart_gully_tree_proximity order by gully_id limit 1');
    const id = String(gully?.gully_id);
    const martRuns = async () => new Set((await keys(`${zone.marts}/${demoTenant}/gully_tree_proximity/`)).map((k) => k.split('/')[3]));
    const martRunsBefore = await martRuns();
    const { code } = await run('erase', [], { tenant: demoTenant, dataset: 'gullies', where: `gully_id=${id}` });
    expect(code).toBe(0);
    expect(await query(`select count(*) as n from mart_gully_tree_proximity where gully_id = '${id.replace(/'/g, "''")}'`)).toEqual([{ n: 0 }]);
    expect(await query(`select count(*) as n from gullies where gully_id = '${id.replace(/'/g, "''")}'`)).toEqual([{ n: 0 }]);
    // the mart was built again (a new run) and the run that held the gully is gone, every file of it
    const after = [...(await martRuns())];
    expect(after).toHaveLength(1);
    expect(martRunsBefore.has(after[0])).toBe(false);
    expect(await query(`select count(*) as n from link_gully_nearest_tree where gully_id = '${id.replace(/'/g, "''")}'`)).toEqual([{ n: 0 }]);
  });

  it('keeps everything within retention, and deletes expired loads in every zone with an audit record', async () => {
    const now = await run('retention', ['run'], { tenant: demoTenant, json: true });
    expect(JSON.parse(now.text).tenants[0]).toMatchObject({ expiredLoads: 0 });
    expect((await keys(`${zone.curated}/${demoTenant}/`)).length).toBeGreaterThan(0);

    // a row count table as write-report leaves it when it stops between registering and dropping it
    const countKey = (await keys(`${zone.quarantine}/${demoTenant}/`)).find((k) => k.includes(quarantinePartPrefix('/', quarantinePart.rowCount)));
    const counted = parseLoadKey(countKey ?? '');
    expect(counted, 'a row count part in quarantine').toBeDefined();
    const dangling = rowCountTableName(counted?.dataset ?? '', counted?.load ?? '');
    await withRuntime((r) =>
      r.ports.catalog.putTable({
        database: db,
        name: dangling,
        columns: quarantineColumns,
        locations: [`s3://${r.ports.buckets.lake}/${(countKey ?? '').replace(/[^/]*$/, '')}`],
        storage: { format: 'parquet' },
      }),
    );

    // the longest retention in the pack is ten years (tree_species)
    const later = new Date(Date.now() + 3651 * 24 * 3600 * 1000).toISOString();
    const { code, text } = await run('retention', ['run'], { tenant: demoTenant, 'as-of': later, json: true });
    expect(code).toBe(0);
    const out = JSON.parse(text) as { tenants: { expiredLoads: number; audit: string }[] };
    expect(out.tenants[0]?.expiredLoads).toBe(demoUploads.length + 1);
    // no load left in any zone, no mart, link or result (run-based link match reports hold keys, not rows: kept)
    for (const z of Object.values(zone)) expect((await keys(`${z}/${demoTenant}/`)).filter((k) => k.includes('/load=') || z === zone.marts || z === zone.results), z).toEqual([]);
    await expect(query('select count(*) from mart_gully_tree_proximity')).rejects.toThrow();
    await expect(query('select count(*) from inwoners')).rejects.toThrow();
    const audits = await keys(`${lakePrefix.audit}/${demoTenant}/retention/`);
    expect(audits.length).toBe(2);
    // the quarantine parts went with their loads, and so did the row count table
    expect(await withRuntime((r) => r.ports.catalog.getTable(db, dangling))).toBeUndefined();
    const audit = JSON.parse(await withRuntime(async (r) => new TextDecoder().decode(await r.ports.store.get(parseS3Uri(out.tenants[0]?.audit ?? ''))))) as {
      expired: { loadId: string; tablesDropped: string[] }[];
    };
    expect(audit.expired.find((e) => e.loadId === counted?.load)?.tablesDropped).toContain(dangling);
  });
});
