import { beforeAll, describe, expect, it } from 'vitest';
import type { DuckDBConnection } from '@duckdb/node-api';
import { LinkMatchRateError, publishLink } from '../../../../core/link/publish';
import { linkSelect } from '../../../../core/link/sql';
import type { Catalog, ObjectStore, Ports, TableDefinition } from '../../../../core/ports';
import { tenantConfigKey } from '../../../../core/keys';
import { quoteIdent } from '../../../../core/sql/quote';
import { link as linkSchema } from '../../../../schemas/link';
import { duck, rows } from '../../../support/sql-duckdb';

let conn: DuckDBConnection;
const tables = new Map<string, TableDefinition>();
const objects = new Map<string, string>();
let ports: Ports;

beforeAll(async () => {
  conn = await duck();
  // a catalog over DuckDB: a table's location names the DuckDB table that holds its rows
  const catalog: Catalog = {
    putTable: async (t) => {
      tables.set(t.name, t);
      await conn.run(`create or replace view ${quoteIdent(t.name)} as select * from ${quoteIdent(t.locations[0]!)}`);
    },
    getTable: async (_db, name) => tables.get(name),
    deleteTable: async (_db, name) => {
      tables.delete(name);
    },
    swapTable: async () => false,
    tableHistory: async () => [],
  };
  const store = {
    put: async (ref: { key: string }, body: string) => void objects.set(ref.key, body),
    exists: async (ref: { key: string }) => objects.has(ref.key),
    get: async (ref: { key: string }) => new TextEncoder().encode(objects.get(ref.key)),
  } as unknown as ObjectStore;
  // a tenant that reads English (tenant "t" has no config here: Dutch, the default)
  objects.set(tenantConfigKey('en-tenant'), 'id: en-tenant\nname: English reader\ncbs_code: GM0363\npacks: []\nlanguage: en\n');
  ports = {
    store,
    catalog,
    engine: { keepsFileOrder: true, query: async (sql) => ({ queryId: 'q', columns: [], rows: (await rows(conn, sql)) as never }) },
    vault: { pseudonymKeyTable: async () => '_pseudonym_key' },
    clock: { now: () => new Date('2026-12-01T12:00:00Z') },
    buckets: { landing: 'landing', lake: 'lake' },
  };
  await conn.run(`create table areas as select * from (values ('A1', 'Noord'), ('A2', 'Zuid')) as a (code, name)`);
});

const nameLink = (minMatchRate: number) =>
  linkSchema.parse({
    name: 'wijk', method: 'fuzzy_name', min_match_rate: minMatchRate,
    from: { dataset: 'complaints', column: 'wijk' }, to: { dataset: 'areas', key: 'code', match: 'name' },
  });

async function build(run: string, values: string[], minMatchRate: number, tenant = 't') {
  await conn.run(`create or replace table complaints as select * from (values ${values.map((v) => `('${v}')`).join(', ')}) as c (wijk)`);
  await conn.run(`create or replace table ${quoteIdent(`built_${run}`)} as ${linkSelect(nameLink(minMatchRate))}`);
  return publishLink(ports, {
    link: nameLink(minMatchRate), tenant, database: `polder_${tenant}`, runId: run,
    table: { name: 'link_wijk', columns: [] }, location: `built_${run}`,
  });
}

describe('publishing a link', () => {
  it('registers the table and writes the report when the match rate holds', async () => {
    const report = await build('run1', ['Noord', 'Zuid', 'zuid '], 0.9);
    expect(report.passed).toBe(true);
    expect(tables.get('link_wijk')?.locations).toEqual(['built_run1']);
    expect(JSON.parse(objects.get('reports/t/links/wijk/run=run1/report.json')!)).toMatchObject({ matchRate: 1, rowsIn: 3 });
    expect(objects.get('reports/t/links/wijk/run=run1/report.html')).toContain('koppelgraad');
  });

  it('fails below the minimum with the report, and the previous link table stays', async () => {
    const failed = build('run2', ['Noord', 'Oost', 'West', 'Centrum'], 0.9);
    await expect(failed).rejects.toThrow(LinkMatchRateError);
    await expect(failed).rejects.toThrow(/koppelgraad 25,0% \(minimum 90,0%\): te laag[\s\S]*Oost \(1 rij\)/);
    expect(tables.get('link_wijk')?.locations).toEqual(['built_run1']);
    expect(JSON.parse(objects.get('reports/t/links/wijk/run=run2/report.json')!)).toMatchObject({ passed: false, rowsIn: 4, rowsLinked: 1 });
  });

  it("writes the report in the tenant's language", async () => {
    const failed = build('run3', ['Noord', 'Oost'], 0.9, 'en-tenant');
    await expect(failed).rejects.toThrow(/match rate 50\.0% \(minimum 90\.0%\): too low[\s\S]*\(report: s3:\/\/lake\/reports\/en-tenant\//);
    expect(objects.get('reports/en-tenant/links/wijk/run=run3/report.html')).toContain('<html lang="en">');
  });
});
