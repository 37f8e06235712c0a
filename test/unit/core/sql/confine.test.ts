import { describe, expect, it } from 'vitest';
import { assertConfined, type ConfineScope, confine, tableZone, type TableZone } from '../../../../core/sql/confine';
import { sqlReferences } from '../../../../core/sql/references';

const zones: [string, TableZone][] = [
  ['trees', 'curated'],
  ['gullies', 'curated'],
  ['mart_gully_tree_proximity', 'marts'],
  ['result_gully_cleaning_plan', 'results'],
  ['raw_trees', 'raw'],
  ['quarantine_trees', 'quarantine'],
  ['_pseudonym_key', 'other'],
];
const scope: ConfineScope = { tenant: 'harlingen', database: 'polder_harlingen', tables: new Map(zones) };
const refusals = (sql: string) => confine(sqlReferences(sql), scope);
const subjects = (sql: string) => refusals(sql).map((r) => r.subject);

describe('sqlReferences', () => {
  it('names tables through CTEs by scope: a CTE does not hide the table its own body reads', () => {
    const refs = sqlReferences('with trees as (select * from raw_trees), b as (select * from trees) select * from b join "Gullies" g on true');
    expect(refs.tables).toEqual([['raw_trees'], ['gullies']]);
    expect(refs.statements).toEqual(['query']);
  });

  it('collects functions, table functions and statement kinds', () => {
    expect(sqlReferences("select lower(x), read_csv('f') from trees").functions).toEqual(['lower', 'read_csv']);
    expect(sqlReferences("select * from TABLE(read_csv('f'))").tableFunctions).toEqual(['read_csv']);
    expect(sqlReferences('SET SESSION a = 1').statements).toEqual(['SetSession']);
  });
});

describe('confine', () => {
  it("lets a query of the tenant's curated tables, marts and results through", () => {
    expect(refusals('select t.genus, count(*) as n from trees t join polder_harlingen.gullies g on true group by 1')).toEqual([]);
    expect(refusals('with trees as (select * from trees) select * from trees, mart_gully_tree_proximity, result_gully_cleaning_plan')).toEqual([]);
  });

  it("refuses another tenant's table and says whose database is readable", () => {
    const [refusal] = refusals('select * from polder_leeuwarden.gullies');
    expect(refusal?.subject).toBe('tabel "polder_leeuwarden.gullies"');
    expect(refusal?.reason).toMatch(/buiten de database van tenant harlingen \(polder_harlingen\)/);
    expect(subjects('select * from awsdatacatalog.polder_harlingen.trees')).toEqual(['tabel "awsdatacatalog.polder_harlingen.trees"']);
  });

  it('refuses raw tables (also behind a CTE of the same name) and quarantine, and says what to read instead', () => {
    expect(refusals('select * from raw_trees')[0]?.reason).toMatch(/gecureerde tabel \("trees"\)/);
    expect(subjects('with trees as (select * from raw_trees) select * from trees')).toEqual(['tabel "raw_trees"']);
    expect(subjects('select * from "RAW_TREES"')).toEqual(['tabel "raw_trees"']);
    expect(refusals('select value from quarantine_trees')[0]?.reason).toMatch(/persoonsgegevens/);
    expect(subjects('select * from _pseudonym_key')).toEqual(['tabel "_pseudonym_key"']);
  });

  it('refuses unknown tables and lists what can be read', () => {
    expect(refusals('select * from nope')[0]?.reason).toBe(
      'bestaat niet bij tenant harlingen. Te lezen: gullies, mart_gully_tree_proximity, result_gully_cleaning_plan, trees.',
    );
  });

  it('refuses functions and statements that reach files or settings', () => {
    expect(subjects("select * from read_parquet('/lake/curated/leeuwarden/x/*.parquet')")).toEqual(['functie "read_parquet"']);
    expect(subjects("select * from TABLE(read_csv('x.csv'))")).toEqual(['functie "read_csv"']);
    expect(subjects("select read_text('/etc/passwd'), current_setting('threads'), glob('*') from trees")).toEqual([
      'functie "read_text"',
      'functie "current_setting"',
      'functie "glob"',
    ]);
    expect(subjects("select json_execute_serialized_sql('x') from trees")).toEqual(['functie "json_execute_serialized_sql"']);
    expect(refusals('select * from trees cross join unnest(array[1, 2]) as u(x), lateral (select 1 as y) l')).toEqual([]);
    expect(subjects('SET SESSION query_max_run_time = 1')).toEqual(['opdracht SetSession']);
    expect(subjects('show tables')).toEqual(['opdracht ShowTables']);
    for (const sql of ["COPY trees TO 'x.csv'", "ATTACH 'x.db'", 'INSTALL httpfs', 'LOAD httpfs', 'PRAGMA version']) {
      expect(refusals(sql), sql).toHaveLength(1);
      expect(refusals(sql)[0]?.reason, sql).toMatch(/geen geldige Trino-SQL/);
    }
    expect(subjects('select 1; drop table trees')).toContain('opdracht DropTable');
  });
});

describe('confine in English on request', () => {
  it('says the same refusals in English', async () => {
    const english = (sql: string) => confine(sqlReferences(sql), scope, 'en');
    expect(english('select * from raw_trees join nope on true')).toEqual([
      {
        subject: 'table "raw_trees"',
        reason:
          'raw tables and query copies cannot be queried: they hold the upload as it came in, also columns the contract drops or pseudonymises. Read the curated table ("trees").',
      },
      { subject: 'table "nope"', reason: 'does not exist for tenant harlingen. Readable: gullies, mart_gully_tree_proximity, result_gully_cleaning_plan, trees.' },
    ]);
    expect(english("select read_text('/etc/passwd') from trees")).toEqual([
      { subject: 'function "read_text"', reason: "reads files, settings or other sources outside the tenant's tables; read a published table." },
    ]);
    await expect(assertConfined('query', 'select * from quarantine_trees', () => scope, 'en')).rejects.toThrow(
      /^query refused:\n- table "quarantine_trees": quarantine holds rejected values/,
    );
    await expect(assertConfined('query', 'select * from quarantine_trees', () => scope)).rejects.toThrow(/^query geweigerd:\n- tabel "quarantine_trees": quarantaine/);
  });
});

describe('tableZone', () => {
  it("is the zone only when every location is under the tenant's folder of that zone", () => {
    expect(tableZone({ locations: ['s3://lake/curated/harlingen/trees/load=1/'] }, 'harlingen')).toBe('curated');
    expect(tableZone({ locations: ['s3://lake/curated/leeuwarden/trees/load=1/'] }, 'harlingen')).toBe('other');
    expect(tableZone({ locations: ['s3://lake/raw/harlingen/trees/load=1/'] }, 'harlingen')).toBe('raw');
    expect(tableZone({ locations: ['s3://lake/curated/harlingen/a/', 's3://lake/raw/harlingen/a/'] }, 'harlingen')).toBe('other');
  });
});
