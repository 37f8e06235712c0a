import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbEngine, LocalQueryError } from '../../../../adapters/local/duckdb-engine';
import { FsObjectStore, UnsafeKeyError } from '../../../../adapters/local/fs-object-store';
import { LocalCatalog, viewSql } from '../../../../adapters/local/local-catalog';
import { parseUnload, unload } from '../../../../core/sql/unload';
import type { TableDefinition } from '../../../../core/ports';

const db = 'polder_test_town';

describe('local adapters', () => {
  let workspace: string;
  let store: FsObjectStore;
  let catalog: LocalCatalog;
  let engine: DuckDbEngine;

  beforeAll(async () => {
    workspace = await mkdtemp(join(tmpdir(), 'polder-engine-'));
    store = new FsObjectStore(workspace);
    catalog = new LocalCatalog(workspace);
    engine = new DuckDbEngine({
      catalog,
      uriToPath: (u) => store.uriToPath(u),
      cacheDir: join(workspace, 'cache'),
      compatStatements: ['create or replace macro regexp_like(s, p) as regexp_matches(s, p)'],
    });
  });

  afterAll(async () => {
    engine.close();
    await rm(workspace, { recursive: true, force: true });
  });

  it('DuckDbEngine keeps file order: raw tables need no gzip query copy offline', () => {
    expect(engine.keepsFileOrder).toBe(true);
  });

  describe('FsObjectStore', () => {
    it('puts, gets, heads, copies, lists sorted and under a prefix', async () => {
      await store.put({ bucket: 'lake', key: 'a/b/2.txt' }, 'two');
      await store.put({ bucket: 'lake', key: 'a/b/1.txt' }, new TextEncoder().encode('one!'));
      await store.put({ bucket: 'lake', key: 'a/bc.txt' }, 'x');
      await store.copy({ bucket: 'lake', key: 'a/b/1.txt' }, { bucket: 'landing', key: 't/d/1.txt' });
      expect(new TextDecoder().decode(await store.get({ bucket: 'landing', key: 't/d/1.txt' }))).toBe('one!');
      expect(await store.head({ bucket: 'lake', key: 'a/b/1.txt' }, 2)).toEqual({ body: new TextEncoder().encode('on'), size: 4 });
      expect(await store.list('lake', 'a/')).toEqual(['a/b/1.txt', 'a/b/2.txt', 'a/bc.txt']);
      expect(await store.list('lake', 'a/b')).toEqual(['a/b/1.txt', 'a/b/2.txt', 'a/bc.txt']);
      expect(await store.list('lake', 'a/b/')).toEqual(['a/b/1.txt', 'a/b/2.txt']);
      expect(await store.exists({ bucket: 'lake', key: 'a/b/3.txt' })).toBe(false);
      expect(await store.exists({ bucket: 'lake', key: 'a/b' })).toBe(false);
      await expect(store.get({ bucket: 'lake', key: 'nope' })).rejects.toThrow(/no object s3:\/\/lake\/nope/);
    });

    it('refuses keys that leave the bucket', async () => {
      for (const key of ['../x', 'a/../../x', '/etc/passwd', 'a\0b']) {
        await expect(store.put({ bucket: 'lake', key }, 'x')).rejects.toBeInstanceOf(UnsafeKeyError);
      }
    });

    it('puts atomically: no temp files stay behind', async () => {
      await Promise.all(Array.from({ length: 20 }, (_, i) => store.put({ bucket: 'lake', key: 'atomic/x' }, `v${i}`)));
      expect(await readdir(join(workspace, 'buckets/lake/atomic'))).toEqual(['x']);
    });

    it('maps s3 URIs to paths', () => {
      expect(store.uriToPath('s3://lake/raw/t/d/')).toBe(join(workspace, 'buckets/lake/raw/t/d/'));
      expect(store.pathOf('landing', 't/d/f.csv')).toBe(join(workspace, 'buckets/landing/t/d/f.csv'));
    });
  });

  describe('LocalCatalog views', () => {
    const csvTable = (name: string, folder: string, encoding: 'utf-8' | 'windows-1252'): TableDefinition => ({
      database: db,
      name,
      columns: [
        { name: 'id', type: 'varchar' },
        { name: 'name', type: 'varchar' },
      ],
      locations: [`s3://lake/${folder}`],
      storage: { format: 'csv', delimiter: ';', quote: '"', encoding, headerRows: 1 },
    });

    it('stores definitions as JSON per database, concurrently without losing any', async () => {
      await Promise.all(
        Array.from({ length: 8 }, (_, i) => catalog.putTable({ ...csvTable(`t${i}`, `tmp/t${i}/`, 'utf-8') })),
      );
      expect((await catalog.listTables(db)).map((t) => t.name)).toEqual(['t0', 't1', 't2', 't3', 't4', 't5', 't6', 't7']);
      expect((await catalog.getTable(db, 't3'))?.locations).toEqual(['s3://lake/tmp/t3/']);
      expect(await catalog.getTable(db, 'missing')).toBeUndefined();
    });

    it('renders read_csv with the options Athena uses', () => {
      const sql = viewSql(csvTable('raw_x', 'raw/t/x/load=1/', 'utf-8'), (u) => store.uriToPath(u), join(workspace, 'cache'));
      // No files yet: an empty view with the right columns.
      expect(sql).toBe(`CREATE OR REPLACE VIEW "${db}"."raw_x" AS SELECT CAST(NULL AS VARCHAR) AS "id", CAST(NULL AS VARCHAR) AS "name" WHERE false`);
    });

    it('decodes windows-1252 exactly like a real cp1252 decoder', async () => {
      // Every byte 0x20–0xFF except the five cp1252 leaves undefined, in one field.
      const bytes = [...Array.from({ length: 0xe0 }, (_, i) => i + 0x20)].filter(
        (b) => ![0x22, 0x3b, 0x7f, 0x81, 0x8d, 0x8f, 0x90, 0x9d].includes(b),
      );
      const file = Buffer.concat([Buffer.from('id;name\n1;'), Buffer.from(bytes), Buffer.from('\n')]);
      await store.put({ bucket: 'lake', key: 'raw/t/cp/load=1/f.csv' }, file);
      await catalog.putTable(csvTable('raw_cp', 'raw/t/cp/load=1/', 'windows-1252'));
      const sql = viewSql(csvTable('raw_cp', 'raw/t/cp/load=1/', 'windows-1252'), (u) => store.uriToPath(u), join(workspace, 'cache'));
      expect(sql).toContain(`read_csv(['${join(workspace, 'cache')}/`);
      expect(sql).toContain(
        "auto_detect=false, header=true, columns={'id': 'VARCHAR', 'name': 'VARCHAR'}, delim=';', quote='\"', escape='\"', encoding='utf-8', null_padding=false, strict_mode=true",
      );
      const { rows } = await engine.query('select * from raw_cp', { tenant: 't', database: db });
      expect(rows).toEqual([{ id: '1', name: new TextDecoder('windows-1252').decode(Buffer.from(bytes)) }]);
      // The 27 characters cp1252 puts in 0x80–0x9F, in byte order.
      expect(rows[0]?.name).toContain('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ'.slice(0, 12));
      expect([...String(rows[0]?.name)].filter((c) => /[€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]/u.test(c)).join('')).toBe('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
      // Latin-1 range decodes as itself.
      expect(rows[0]?.name).toContain('èéêëìíîïðñòóôõö÷øùúûüýþÿ');
    });

    it('reads utf-8 csv and types non-varchar columns', async () => {
      await store.put({ bucket: 'lake', key: 'raw/t/u/load=1/f.csv' }, 'id;n\n"a;1";5\nb;x\n');
      await catalog.putTable({
        ...csvTable('raw_u', 'raw/t/u/load=1/', 'utf-8'),
        columns: [
          { name: 'id', type: 'varchar' },
          { name: 'n', type: 'bigint' },
        ],
      });
      const { rows, columns } = await engine.query('select * from raw_u order by id', { tenant: 't', database: db });
      expect(rows).toEqual([
        { id: 'a;1', n: 5 },
        { id: 'b', n: null },
      ]);
      expect(columns).toEqual([
        { name: 'id', type: 'varchar' },
        { name: 'n', type: 'bigint' },
      ]);
    });

    it('gives an empty parquet table its columns, then its rows once files arrive', async () => {
      const table: TableDefinition = {
        database: db,
        name: 'quarantine_u',
        columns: [
          { name: 'line', type: 'bigint' },
          { name: 'rule', type: 'varchar' },
        ],
        locations: ['s3://lake/quarantine/t/u/'],
        storage: { format: 'parquet' },
      };
      await catalog.putTable(table);
      const empty = await engine.query('select * from quarantine_u', { tenant: 't', database: db });
      expect(empty.rows).toEqual([]);
      expect(empty.columns.map((c) => c.name)).toEqual(['line', 'rule']);
      await engine.query(
        "UNLOAD (select 7 as line, 'type' as rule) TO 's3://lake/quarantine/t/u/load=1/' WITH (format = 'PARQUET', compression = 'SNAPPY')",
        { tenant: 't', database: db },
      );
      const full = await engine.query('select * from quarantine_u', { tenant: 't', database: db });
      expect(full.rows).toEqual([{ line: 7, rule: 'type' }]);
    });
  });

  describe('DuckDbEngine', () => {
    it('parses UNLOAD with nested parentheses, strings and comments', () => {
      const u = parseUnload(
        "-- why\nUNLOAD (select ')' as a, f(x) from (select 1 as x) /* ) */) TO 's3://lake/curated/t/d/load=1/' WITH (format = 'PARQUET', compression = 'SNAPPY');",
      );
      expect(u).toEqual({
        select: "select ')' as a, f(x) from (select 1 as x) /* ) */",
        target: 's3://lake/curated/t/d/load=1/',
        options: { format: 'PARQUET', compression: 'SNAPPY' },
      });
      expect(parseUnload('select 1')).toBeUndefined();
    });

    it('turns UNLOAD into one data_0.parquet and refuses a non-empty target', async () => {
      const sql =
        "UNLOAD (select i as n, 'x' || i as s from range(5) t(i)) TO 's3://lake/curated/t/d/load=1/' WITH (format = 'PARQUET', compression = 'SNAPPY')";
      const result = await engine.execute(sql, { database: db });
      expect(result.rowsWritten).toBe(5);
      expect(result.queryId).toMatch(/^[0-9a-f-]{36}$/);
      expect(await store.list('lake', 'curated/t/d/load=1/')).toEqual(['curated/t/d/load=1/data_0.parquet']);
      await expect(engine.execute(sql, { database: db })).rejects.toThrow(/UNLOAD target is not empty/);
    });

    it('turns a partitioned UNLOAD into one folder per value, as Athena writes it, and refuses a partition column that is not last', async () => {
      const sql = unload("select i as n, case when i < 3 then 'small' else 'big' end as size from range(5) t(i)", 's3://lake/quarantine/t/d/load=1/checks-1/', 'PARQUET', ['size']);
      expect(parseUnload(sql)?.partitionedBy).toEqual(['size']);
      expect((await engine.execute(sql, { database: db })).rowsWritten).toBe(5);
      expect(await store.list('lake', 'quarantine/t/d/load=1/checks-1/')).toEqual([
        'quarantine/t/d/load=1/checks-1/size=big/data_0.parquet',
        'quarantine/t/d/load=1/checks-1/size=small/data_0.parquet',
      ]);
      // the partition column is in the folder name only, as Athena leaves it out of the files
      const file = store.uriToPath('s3://lake/quarantine/t/d/load=1/checks-1/size=small/data_0.parquet');
      const { rows } = await engine.query(`select * from read_parquet('${file}', hive_partitioning = false) order by n`, { tenant: 't', database: db });
      expect(rows).toEqual([{ n: 0 }, { n: 1 }, { n: 2 }]);
      const notLast = unload("select 'x' as size, 1 as n", 's3://lake/quarantine/t/d/load=1/checks-2/', 'PARQUET', ['size']);
      await expect(engine.execute(notLast, { database: db })).rejects.toThrow(/last in the select list/);
      // a failed statement leaves the target empty for a retry
      expect(await store.list('lake', 'quarantine/t/d/load=1/checks-2/')).toEqual([]);
    });

    it('returns typed rows', async () => {
      const { rows } = await engine.query(
        `select 1::bigint as i, 9007199254740993::bigint as big, 12.345::decimal(18,3) as d, 0.5::double as f,
                date '2024-02-29' as dt, timestamp '2024-02-29 13:14:15' as ts, true as b, null::varchar as n,
                regexp_like('abc', 'b') as compat`,
        { tenant: 't', database: db },
      );
      expect(rows).toEqual([
        { i: 1, big: '9007199254740993', d: 12.345, f: 0.5, dt: '2024-02-29', ts: '2024-02-29 13:14:15.000', b: true, n: null, compat: true },
      ]);
    });

    it('reports DuckDB errors with the first line of the query', async () => {
      const error = await engine.query('\nselect *\nfrom no_such_table', { tenant: 't', database: db }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LocalQueryError);
      expect((error as LocalQueryError).firstLine).toBe('select *');
      expect((error as Error).message).toMatch(/no_such_table/);
    });

    it('runs queries of different databases side by side', async () => {
      await catalog.putTable({
        database: 'polder_other',
        name: 'raw_u',
        columns: [{ name: 'id', type: 'varchar' }],
        locations: ['s3://lake/raw/o/u/'],
        storage: { format: 'csv', delimiter: ',', quote: '"', encoding: 'utf-8', headerRows: 1 },
      });
      const [a, b] = await Promise.all([
        engine.query('select count(*) as n from raw_u', { tenant: 't', database: db }),
        engine.query('select count(*) as n from raw_u', { tenant: 'o', database: 'polder_other' }),
      ]);
      expect(a.rows).toEqual([{ n: 2 }]);
      expect(b.rows).toEqual([{ n: 0 }]);
    });
  });
});
