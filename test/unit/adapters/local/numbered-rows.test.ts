import { quarantinePart } from '../../../../core/keys';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { planNumberedRows, runWithNumberedRows } from '../../../../adapters/local/numbered-rows';
import { checksSelect } from '../../../../core/contract/checks-query';
import { rawTable } from '../../../../core/contract/raw-table';
import { parseContract } from '../../../../core/contract/parse';
import { csvView, duck, tempCsv } from '../../../support/sql-duckdb';

describe('planNumberedRows', () => {
  const statement = `with "a" as (select x from "t"),
"n" as (
  select row_number() over () + 1 as "_line", * from "a"
),
"b" as (select count(*) from "n")
select * from "b"`;

  it('builds the CTE before the numbered one into a table and numbers its rows by rowid', () => {
    const plan = planNumberedRows(statement, 'tmp');
    expect(plan?.setup).toBe('CREATE TEMP TABLE "tmp" AS WITH "a" as (select x from "t")\nSELECT * FROM "a"');
    expect(plan?.sql).toBe(`with "a" as (select x from "t"),
"n" AS NOT MATERIALIZED (SELECT rowid + 2 AS "_line", * FROM "tmp"),
"b" as (select count(*) from "n")
select * from "b"`);
    expect(plan?.teardown).toBe('DROP TABLE IF EXISTS "tmp"');
  });

  it('numbers a table read directly, when the numbered CTE comes first', () => {
    const plan = planNumberedRows(`with "n" as (select row_number() over () + 0 as "l", * from "t") select * from "n"`, 'tmp');
    expect(plan?.setup).toBe('CREATE TEMP TABLE "tmp" AS SELECT * FROM "t"');
    expect(plan?.sql).toBe('with "n" AS NOT MATERIALIZED (SELECT rowid + 1 AS "l", * FROM "tmp") select * from "n"');
  });

  it('leaves every other statement alone', () => {
    for (const sql of [
      'select row_number() over () as l, * from t',
      // not a top-level CTE
      `with "x" as (select * from (with "n" as (select row_number() over () + 1 as "l", * from "t") select * from "n")) select * from "x"`,
      // a numbered CTE with more than `*`, or an ordered window
      `with "n" as (select row_number() over () + 1 as "l", "a" from "t") select * from "n"`,
      `with "n" as (select row_number() over (order by a) + 1 as "l", * from "t") select * from "n"`,
      // inside a string
      `with "s" as (select '"n" as (select row_number() over () + 1 as "l", * from "t")' as q) select * from "s"`,
      // two of them: which one to build is not obvious, so neither
      `with "n" as (select row_number() over () + 1 as "l", * from "t"), "m" as (select row_number() over () + 1 as "l", * from "u") select * from "n", "m"`,
    ]) {
      expect(planNumberedRows(sql, 'tmp'), sql).toBeUndefined();
    }
  });
});

describe('runWithNumberedRows on DuckDB', () => {
  let conn: DuckDBConnection;
  beforeAll(async () => {
    conn = await duck(4);
  });

  // Many row groups and CSV buffers, so a parallel read that lost the order would show.
  const rowCount = 400_000;
  const kinds = ['kolk', 'boom', 'lichtmast', 'verkeersbord', 'bank', 'afvalbak', 'speeltoestel', 'fietsenrek', 'paal', 'brug', 'hek', 'bord'];
  const expected: [number, string][] = [];
  const lines = ['id,kind,code'];
  for (let i = 1; i <= rowCount; i++) {
    const line = i + 1;
    let id = `R${String(i).padStart(7, '0')}`;
    let kind = kinds[i % kinds.length] ?? 'kolk';
    let code = `C${i % 100}`;
    if (i % 9973 === 0) {
      kind = 'zzz';
      expected.push([line, 'accepted_values']);
    }
    if (i % 10007 === 0) {
      code = 'bad';
      expected.push([line, 'pattern']);
    }
    if (i % 50021 === 0) {
      // a copy of the row 3 lines up: both lines break the unique rule
      id = `R${String(i - 3).padStart(7, '0')}`;
      expected.push([line, 'unique'], [line - 3, 'unique']);
    }
    lines.push(`${id},${kind},${code}`);
  }
  const contract = parseContract(
    `id: t
title: T
owner: o
source_type: own
purpose: test
file: {}
columns:
  - { name: id, type: string, nullable: false, rules: [{ kind: unique }] }
  - { name: kind, type: string, rules: [{ kind: accepted_values, values: [${kinds.join(', ')}] }] }
  - { name: code, type: string, rules: [{ kind: pattern, regex: '^C[0-9]+$' }] }
`,
    't.yaml',
  );

  it('gives every violation the same line as row_number() over () on one thread, with the table built in parallel', async () => {
    const folder = tempCsv('');
    writeFileSync(join(folder, 'data.csv'), `${lines.join('\n')}\n`);
    const header = ['id', 'kind', 'code'];
    const raw = rawTable(contract, { database: 'd', location: 'file:///x/', header, name: 'raw_big' });
    await csvView(conn, raw, folder);
    const select = checksSelect(contract, { rawTable: raw.name, header });
    const read = async (sql: string) => {
      const reader = await conn.runAndReadAll(`select line, rule from (${sql}) where ${quarantinePart.column} = '${quarantinePart.findings}' order by line, rule`);
      return reader.getRowsJS().map(([line, rule]) => [Number(line), String(rule)] as [number, string]);
    };
    const statements: string[] = [];
    const parallel = await runWithNumberedRows(conn, select, (sql) => {
      statements.push(sql);
      return read(sql);
    });
    expect(statements[0]).toContain('rowid');
    const sorted = [...expected].sort((a, b) => a[0] - b[0] || a[1].localeCompare(b[1]));
    expect(parallel).toEqual(sorted);
    expect(await read(select)).toEqual(sorted);
  });
});
