import { createHmac, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbEngine } from '../../adapters/local/duckdb-engine';
import { LocalKeyVault } from '../../adapters/local/key-vault';
import { packKey, packManifestKey, tenantConfigKey } from '../../core/keys';
import { ConfinementError, publishedZones, tableZone } from '../../core/sql/confine';
import { tenantDatabase } from '../../core/tables';
import { uploadFile } from '../../local/commands/upload';
import { readCompatStatements, importRegistry, type Registry } from '../../local/runtime/project';
import { LocalRuntime } from '../../local/runtime/runtime';

const projectRoot = join(import.meta.dirname, '..', '..');
const A = 'leeuwarden';
const B = 'harlingen';

/** Twenty residents with a BSN (pseudonymised by default) and a name (dropped). */
const csv = `id,bsn,naam\n${Array.from({ length: 20 }, (_, i) => `${i + 1},${String(100_000_000 + i * 7_777)},Inwoner ${i + 1}`).join('\n')}\n`;
const contract = `id: inwoners
title: Inwoners
owner: test
source_type: own
purpose: isolation test
file: { format: csv, delimiter: ',', encoding: utf-8, header: true }
columns:
  - { name: id, type: integer, nullable: false }
  - { name: bsn, type: string, personal_data: direct }
  - { name: naam, type: string, privacy: drop }
keys: { primary: [id] }
`;

const tenantFile = (id: string, pack: string) =>
  `id: ${id}\nname: Gemeente ${id}\npacks: [${pack}]\nbytes_scanned_cutoff: 1000000000\nmin_published_count: 5\n`;
const packFile = (id: string) => `id: ${id}\ntitle: ${id}\ndescription: test\ndatasets: [inwoners]\n`;
const modelFile = 'kind: mart\ndescription: test\ngrain: one row\n';

async function files(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) if (entry.isFile()) out.push(join(entry.parentPath, entry.name));
  return out;
}

describe('End to end: tenant isolation offline', () => {
  let workspace: string;
  let runtime: LocalRuntime;
  /** Every Lambda input and output, and every statement the engine received, during the runs. */
  const seen: { what: string; text: string }[] = [];
  const logged: string[] = [];
  const planted = `planted-${randomBytes(12).toString('hex')}`;
  const statuses: Record<string, string> = {};

  beforeAll(async () => {
    workspace = await mkdtemp(join(tmpdir(), 'polder-isolation-'));
    // prepare: the tenant's key planted in the vault before any run
    const vault = new LocalKeyVault(workspace, {
      putTable: async () => undefined,
      getTable: async () => undefined,
      deleteTable: async () => undefined,
      swapTable: async () => false,
      tableHistory: async () => [],
    });
    await mkdir(join(vault.keyFile(A), '..'), { recursive: true, mode: 0o700 });
    await writeFile(vault.keyFile(A), `key\n${planted}\n`, { mode: 0o600 });
    // every Lambda core recorded, input and output
    const project = await importRegistry(projectRoot);
    const registry: Registry = Object.fromEntries(
      Object.entries(project).map(([name, fn]) => [
        name,
        {
          schema: fn.schema,
          core: async (input: unknown, ports: Parameters<typeof fn.core>[1]) => {
            seen.push({ what: `${name} input`, text: JSON.stringify(input) });
            const output = await fn.core(input, ports);
            seen.push({ what: `${name} output`, text: JSON.stringify(output) });
            return output;
          },
        },
      ]),
    );
    runtime = await LocalRuntime.open({ workspace, projectRoot, registry });
    const engine = runtime.ports.engine;
    for (const method of ['query', 'execute'] as const) {
      const original = engine[method].bind(engine) as (sql: string, opts: never) => Promise<never>;
      (engine as unknown as Record<string, unknown>)[method] = (sql: string, opts: never) => {
        seen.push({ what: `engine ${method}`, text: sql });
        return original(sql, opts);
      };
    }
    // tenant B uses a pack whose mart reads tenant A's table; tenant franeker one that reads its own
    const { store, buckets } = runtime.ports;
    await store.put({ bucket: buckets.lake, key: tenantConfigKey(B) }, tenantFile(B, 'spy'));
    await store.put({ bucket: buckets.lake, key: packManifestKey('spy') }, packFile('spy'));
    await store.put({ bucket: buckets.lake, key: packKey('spy', 'models/spy_mart.yaml') }, modelFile);
    await store.put({ bucket: buckets.lake, key: packKey('spy', 'models/spy_mart.sql') }, `select bsn from ${tenantDatabase(A)}.inwoners`);
    await store.put({ bucket: buckets.lake, key: tenantConfigKey('franeker') }, tenantFile('franeker', 'own'));
    await store.put({ bucket: buckets.lake, key: packManifestKey('own') }, packFile('own'));
    await store.put({ bucket: buckets.lake, key: packKey('own', 'models/own_mart.yaml') }, modelFile);
    await store.put({ bucket: buckets.lake, key: packKey('own', 'models/own_mart.sql') }, 'select count(*) as n from inwoners');

    const file = join(workspace, 'inwoners.csv');
    const contractFile = join(workspace, 'inwoners.yaml');
    await writeFile(file, csv);
    await writeFile(contractFile, contract);
    // act: the same upload for three tenants, every console line captured
    const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
    const originals = methods.map((m) => console[m]);
    const write = process.stdout.write.bind(process.stdout);
    methods.forEach((m) => {
      console[m] = (...args: unknown[]) => void logged.push(args.map(String).join(' '));
    });
    process.stdout.write = ((chunk: string | Uint8Array) => (logged.push(String(chunk)), true)) as typeof process.stdout.write;
    try {
      for (const tenant of [A, B, 'franeker']) {
        const summary = await uploadFile(runtime, file, { tenant, dataset: 'inwoners', contractFile });
        statuses[tenant] = `${summary.status} ${JSON.stringify(summary.stages)}`;
      }
    } finally {
      methods.forEach((m, i) => {
        console[m] = originals[i]!;
      });
      process.stdout.write = write;
    }
  });

  afterAll(async () => {
    await runtime?.close();
    await rm(workspace, { recursive: true, force: true });
  });

  it('pseudonymises with the key from the vault, read by SQL through the key table', async () => {
    expect(statuses[A]).toMatch(/^SUCCEEDED/);
    const rows = await runtime.query('select id, bsn from inwoners order by id', A);
    const expected = createHmac('sha256', planted).update('100000000').digest('hex').toUpperCase();
    expect(rows.rows[0]).toEqual({ id: 1, bsn: expected });
    expect(rows.columns.map((c) => c.name)).toEqual(['id', 'bsn']);
  });

  it('keeps the key in a 0600 file outside the lake', async () => {
    const file = new LocalKeyVault(workspace, runtime.ports.catalog).keyFile(A);
    expect(relative(join(workspace, 'buckets', 'lake'), file).startsWith('..')).toBe(true);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await readFile(file, 'utf8')).trim().split('\n')).toEqual(['key', planted]);
  });

  it('finds the planted key in no state input or output, statement, run record, log line or lake file', async () => {
    expect(seen.filter((s) => s.what.startsWith('engine')).length).toBeGreaterThan(5);
    expect(seen.some((s) => s.what === 'plan output' && s.text.includes('_pseudonym_key'))).toBe(true);
    const found = seen.filter((s) => s.text.includes(planted)).map((s) => s.what);
    for (const line of logged) if (line.includes(planted)) found.push(`log: ${line.slice(0, 80)}`);
    const vault = join(workspace, 'buckets', 'vault');
    const scanned = (await files(workspace)).filter((f) => !f.startsWith(vault));
    expect(scanned.some((f) => f.includes(`${join('runs', '')}`))).toBe(true);
    for (const f of scanned) if ((await readFile(f)).includes(planted)) found.push(relative(workspace, f));
    expect(found).toEqual([]);
  });

  it("refuses tenant B's pack model that names tenant A's table, and says why", async () => {
    expect(statuses[B]).toMatch(/^FAILED/);
    const runs = await runtime.listRuns({ tenant: B });
    const datamart = runs.find((r) => r.workflow === 'datamart');
    expect(datamart?.error).toBe('ConfinementError');
    const message = (JSON.parse(datamart?.cause ?? '{}') as { errorMessage?: string }).errorMessage;
    expect(message).toBe(
      `model packs/spy/models/spy_mart.sql geweigerd:\n- tabel "${tenantDatabase(A)}.inwoners": valt buiten de database van tenant ${B} (${tenantDatabase(B)}); een query leest alleen eigen tabellen, zonder schema of met ${tenantDatabase(B)}.`,
    );
  });

  it('builds the same kind of model when it reads its own curated table', async () => {
    expect(statuses.franeker).toMatch(/^SUCCEEDED/);
    const rows = await runtime.query('select n from mart_own_mart', 'franeker');
    expect(rows.rows).toEqual([{ n: 20 }]);
  });

  it('refuses user queries of raw tables, quarantine, other tenants and file functions; runs them on own tables', async () => {
    const refused = async (sql: string) => {
      const error = await runtime.query(sql, A).catch((e: unknown) => e);
      expect(error, sql).toBeInstanceOf(ConfinementError);
      return (error as Error).message;
    };
    expect(await refused('select naam from raw_inwoners')).toMatch(/ruwe tabellen/);
    expect(await refused('select * from quarantine_inwoners')).toMatch(/quarantaine/);
    expect(await refused('select * from polder_franeker.inwoners')).toMatch(/valt buiten de database/);
    expect(await refused(`select * from read_parquet('${workspace}/buckets/lake/curated/franeker/**/*.parquet')`)).toMatch(/functie "read_parquet"/);
    expect(await refused('select * from _pseudonym_key')).toMatch(/_pseudonym_key/);
    expect((await runtime.query('select count(*) as n from inwoners', A)).rows).toEqual([{ n: 20 }]);
  });

  it("locks the user query engine down: no file outside the tenant's published tables, no setting", async () => {
    const database = tenantDatabase(A);
    const engine = new DuckDbEngine({
      catalog: runtime.ports.catalog,
      uriToPath: (uri) => runtime.ports.store.uriToPath(uri),
      cacheDir: join(workspace, 'cache', 'utf8'),
      compatStatements: await readCompatStatements(projectRoot),
      lockdown: { database, allows: (t) => publishedZones.has(tableZone(t, A)) },
    });
    try {
      // what the parser check would refuse, straight to the engine
      expect((await engine.query('select count(*) as n from inwoners', { database })).rows).toEqual([{ n: 20 }]);
      const other = `${workspace}/buckets/lake/curated/franeker/inwoners/**/*.parquet`;
      await expect(engine.query(`select * from read_parquet('${other}')`, { database })).rejects.toThrow(/Permission Error/);
      await expect(engine.query('select * from raw_inwoners', { database })).rejects.toThrow(/raw_inwoners/);
      await expect(engine.query('SET enable_external_access = true', { database })).rejects.toThrow(/locked/);
      await expect(engine.query(`select * from ${tenantDatabase('franeker')}.inwoners`, { database })).rejects.toThrow();
    } finally {
      engine.close();
    }
  });
});
