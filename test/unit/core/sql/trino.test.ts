import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DuckDBConnection } from '@duckdb/node-api';
import { checksQuery } from '../../../../core/contract/checks-query';
import { curatedColumns, typedSelect } from '../../../../core/contract/curated-query';
import { lineCountsQuery, setAsidePlacesQuery, setAsideRowsQuery, summaryQuery } from '../../../../core/contract/quarantine';
import { rawTable } from '../../../../core/contract/raw-table';
import { parseContract } from '../../../../core/contract/parse';
import { compatStatements } from '../../../../adapters/local/duckdb-compat';
import { quoteIdent, quoteString, SqlQuoteError } from '../../../../core/sql/quote';
import { parseTrino, parseTrinoOrUnload } from '../../../../core/sql/trino';
import { parseUnload, unload } from '../../../../core/sql/unload';
import { csvView, duck, rows, runChecks, runUnload, tempCsv } from '../../../support/sql-duckdb';

let conn: DuckDBConnection;
beforeAll(async () => {
  conn = await duck();
});

const contract = parseContract(
  `id: bomen
title: Bomen
owner: o
source_type: open
purpose: test
file: { delimiter: ';', decimal_separator: ',', date_format: '%d-%m-%Y', null_markers: ['', 'NA'] }
keys: { primary: [nummer] }
columns:
  - { name: nummer, source: BOOMNUMMER, type: integer, nullable: false }
  - { name: soort, source: BOOMSOORT, type: string, rules: [{ kind: accepted_values, values: [eik, linde], severity: warn }, { kind: pattern, regex: '^[a-z]+$' }] }
  - { name: jaar, source: PLANTJAAR, type: integer, rules: [{ kind: range, min: 1900 }] }
  - { name: hoogte, type: decimal, scale: 2, rules: [{ kind: expression, sql: "hoogte < 40 and jaar is not null", severity: warn }] }
  - { name: pc, type: postcode, privacy: generalise }
  - { name: eigenaar, type: string, personal_data: direct }
  - { name: buurt, type: cbs_buurt, rules: [{ kind: reference, dataset: buurten, column: code }, { kind: unique, severity: warn }] }
  - { name: datum, type: date }
  - { name: gekapt, type: boolean }
`,
  'bomen.yaml',
);
const header = contract.columns.map((c) => c.name);

describe('quoting', () => {
  it('always quotes identifiers and doubles quotes; rejects control characters', () => {
    expect(quoteIdent('a')).toBe('"a"');
    expect(quoteIdent('a"b')).toBe('"a""b"');
    expect(quoteString("it's")).toBe("'it''s'");
    expect(() => quoteIdent('a\u0000')).toThrow(SqlQuoteError);
    expect(() => quoteIdent('a\nb')).toThrow(SqlQuoteError);
    expect(() => quoteIdent('')).toThrow(SqlQuoteError);
    expect(() => quoteString('a\u0000')).toThrow(SqlQuoteError);
  });
});

describe('parseTrino and UNLOAD', () => {
  it('rejects UNLOAD in the grammar, so parseUnload splits it', () => {
    const sql = unload('select 1 as "a"', "s3://lake/q/it's/");
    expect(parseTrino(sql).ok).toBe(false);
    expect(parseUnload(sql)).toEqual({ select: 'select 1 as "a"', target: "s3://lake/q/it's/", options: { format: 'PARQUET', compression: 'SNAPPY' } });
    expect(parseTrinoOrUnload(sql).ok).toBe(true);
  });
  it('writes and reads partitioned_by, the partition columns in their order', () => {
    const sql = unload(`select 1 as "a", 'x' as "part", 'y' as "kind"`, 's3://lake/q/', 'PARQUET', ['part', "it's"]);
    expect(sql).toContain(`partitioned_by = ARRAY['part', 'it''s']`);
    expect(parseUnload(sql)).toEqual({
      select: `select 1 as "a", 'x' as "part", 'y' as "kind"`,
      target: 's3://lake/q/',
      options: { format: 'PARQUET', compression: 'SNAPPY' },
      partitionedBy: ['part', "it's"],
    });
    expect(parseTrinoOrUnload(sql).ok).toBe(true);
  });
  it('rejects more than one statement', () => {
    expect(parseTrino('select 1; drop table x').ok).toBe(false);
    expect(parseTrino('select 1 from').ok).toBe(false);
  });
});

describe('generated statements parse as Trino and run on DuckDB', () => {
  it('checks, typed select and summary', async () => {
    await conn.run(`create or replace table buurten as select 'BU00800000' as code`);
    await conn.run(`create or replace table pseudonym_key as select 'k' as key`);
    const raw = rawTable(contract, { database: 'd', location: 's3://x/', header, name: 'raw_bomen' });
    await csvView(conn, raw, tempCsv('BOOMNUMMER;BOOMSOORT;PLANTJAAR;H;PC;E;B;D;G\n1;eik;1925,0;1,5;1234 AB;Jan;BU00800000;05-01-2020;ja\n2;Beuk;1800;50;x;Piet;BU1;31-02-2020;?\n'));
    const statements = [
      checksQuery(contract, { rawTable: 'raw_bomen', quarantineUri: 's3://lake/q/', header, referenceTables: { buurten: 'buurten' } }),
      checksQuery(contract, { rawTable: 'raw_bomen', quarantineUri: 's3://lake/q/', header }),
      // the messages in the other language are other string literals in the same statement
      checksQuery(contract, { rawTable: 'raw_bomen', quarantineUri: 's3://lake/q/', header, referenceTables: { buurten: 'buurten' }, language: 'en' }),
      checksQuery(contract, { rawTable: 'raw_bomen', quarantineUri: 's3://lake/q/', header, language: 'en' }),
    ];
    for (const sql of statements) {
      expect(parseTrinoOrUnload(sql).errors).toEqual([]);
      await runChecks(conn, sql, 'quarantine_bomen');
    }
    const typed = typedSelect(contract, { loadId: 'l1', rawTable: 'raw_bomen', quarantineTable: 'quarantine_bomen', pseudonymKeyTable: 'pseudonym_key', curatedUri: 's3://lake/c/' });
    expect(parseTrinoOrUnload(typed).errors).toEqual([]);
    await runUnload(conn, typed, 'bomen');
    expect(await rows(conn, 'select count(*) as n from bomen')).toEqual([{ n: 1n }]);
    // a second load on top of the first, as append and upsert write it
    for (const policy of ['append', 'upsert'] as const) {
      const c = { ...contract, load: { ...contract.load, policy }, keys: { ...contract.keys, primary: [contract.columns[0]?.name ?? ''] } };
      const next = typedSelect(c, { loadId: 'l2', rawTable: 'raw_bomen', quarantineTable: 'quarantine_bomen', pseudonymKeyTable: 'pseudonym_key', curatedUri: 's3://lake/c2/', previous: { table: 'bomen', columns: curatedColumns(c) } });
      expect(parseTrinoOrUnload(next).errors, policy).toEqual([]);
      await runUnload(conn, next, `bomen_${policy}`);
      expect(await rows(conn, `select count(*) as n from bomen_${policy}`), policy).toEqual([{ n: policy === 'append' ? 2n : 1n }]);
    }
    const summary = summaryQuery('quarantine_bomen');
    expect(parseTrino(summary).errors).toEqual([]);
    expect((await rows(conn, summary)).length).toBeGreaterThan(5);
    const counts = lineCountsQuery('quarantine_bomen', 'quarantine_bomen__row_count');
    expect(parseTrino(counts).errors).toEqual([]);
    expect(await rows(conn, counts)).toEqual([{ rows_read: 2n, rejected_lines: 1n, warned_lines: 1n }]);
    // the set-aside download and the places chart read the same table
    const aside = setAsideRowsQuery('quarantine_bomen');
    const places = setAsidePlacesQuery('quarantine_bomen', 3, 40);
    for (const sql of [aside, places]) expect(parseTrino(sql).errors).toEqual([]);
    expect(new Set((await rows(conn, aside)).map((r) => r.line))).toEqual(new Set([3n]));
    expect(await rows(conn, places)).toEqual([{ bin: 2n, count: 1n }]);
  });

  it('checks and typed selects of a JSON lines contract (run on DuckDB in test/jsonl-compile.test.ts)', () => {
    const c = { ...contract, file: { ...contract.file, format: 'jsonl' as const, decimal_separator: '.' as const } };
    const statements = [
      checksQuery(c, { rawTable: 'raw_bomen', quarantineUri: 's3://lake/q/', header, referenceTables: { buurten: 'buurten' } }),
      typedSelect(c, { loadId: 'l1', rawTable: 'raw_bomen', quarantineTable: 'quarantine_bomen', pseudonymKeyTable: 'pseudonym_key', curatedUri: 's3://lake/c/' }),
      typedSelect(
        { ...c, load: { ...c.load, policy: 'upsert' } },
        { loadId: 'l2', rawTable: 'raw_bomen', quarantineTable: 'quarantine_bomen', pseudonymKeyTable: 'pseudonym_key', curatedUri: 's3://lake/c2/', previous: { table: 'bomen', columns: curatedColumns(c) } },
      ),
    ];
    for (const sql of statements) expect(parseTrinoOrUnload(sql).errors).toEqual([]);
  });

  it('every *.sql under packs/ parses with the Trino grammar', () => {
    const files: string[] = [];
    const walk = (dir: string): void => {
      if (!existsSync(dir)) return;
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (name.endsWith('.sql')) files.push(path);
      }
    };
    walk('packs');
    for (const file of files) {
      // templating: the threshold and model variables ({{var.x}}) become a number
      const text = readFileSync(file, 'utf8').replace(/\{\{[a-z0-9_.]+\}\}/g, '1');
      expect(parseTrinoOrUnload(text).errors, file).toEqual([]);
    }
  });

  it('the compat file yields one statement per macro', () => {
    const s = compatStatements();
    expect(s.length).toBeGreaterThan(5);
    for (const st of s) expect(st).toMatch(/^create or replace macro /);
  });
});

describe('SQL injection through names and values', () => {
  it('hostile header texts and values are just data', async () => {
    const hostile = parseContract(
      `id: x
title: X
owner: o
source_type: own
purpose: test
columns:
  - { name: a, source: '"; drop table x; --', type: integer }
  - { name: b, source: "it's", type: string, rules: [{ kind: pattern, regex: "^[^']*$" }, { kind: accepted_values, values: ["'); drop table x; --", "a'b"] }] }
`,
      'x.yaml',
    );
    // extra column names come from the file position only; hostile header text never becomes SQL
    const h = ['a', null, 'b'];
    const raw = rawTable(hostile, { database: 'd', location: 's3://x/', header: h, name: 'raw"; drop table x; --' });
    await csvView(conn, raw, tempCsv(`"""; drop table x; --",z,it's\n'); drop table x; --,1,o'clock\n`));
    const sql = checksQuery(hostile, { rawTable: raw.name, quarantineUri: "s3://q/'; drop table x; --/", header: h });
    expect(parseTrinoOrUnload(sql).errors).toEqual([]);
    await runChecks(conn, sql, 'q_hostile');
    const out = await rows(conn, `select line, column_name, rule, value, message from q_hostile order by 2, 3`);
    expect(out.map((r) => [r.line, r.column_name, r.rule, r.value])).toEqual([
      [2n, 'a', 'type', "'); drop table x; --"],
      [2n, 'b', 'accepted_values', "o'clock"],
      [2n, 'b', 'pattern', "o'clock"],
    ]);
    expect(out[0]?.message).toBe(`"; drop table x; -- "'); drop table x; --" is geen geheel getal`);
  });

  it('accepted_values on an integer column must be integers (no text reaches SQL as a number)', () => {
    expect(() =>
      checksQuery(
        parseContract(`id: x\ntitle: X\nowner: o\nsource_type: own\npurpose: p\ncolumns:\n  - { name: a, type: integer, rules: [{ kind: accepted_values, values: ['1); drop table x; --'] }] }\n`, 'x.yaml'),
        { rawTable: 'r', quarantineUri: 's3://q/', header: ['a'] },
      ),
    ).toThrow(/not a whole number/);
  });
});
