import { describe, expect, it } from 'vitest';
import { checksQuery, readChecks } from '../../../../core/models/checks';
import type { ModelDef } from '../../../../core/models/load';
import { compareRows, runUnitTest, type SqlSession } from '../../../../core/models/unit-tests';
import { parseTrino } from '../../../../core/sql/trino';
import { modelTable } from '../../../../core/tables';
import { modelFile } from '../../../../schemas/model';
import { duck, rows } from '../../../support/sql-duckdb';

const file = modelFile.parse({
  kind: 'mart',
  description: 'gullies with an action',
  grain: 'one row per gully',
  columns: [
    { name: 'gully_id', type: 'varchar', tests: ['not_null', 'unique'] },
    { name: 'action', type: 'varchar', tests: [{ accepted_values: ['sweep_road', 'standard'] }] },
    { name: 'wijk_code', type: 'varchar', tests: [{ relationships: { to: 'wijken', field: 'code' } }] },
    { name: 'cleanings', type: 'bigint' },
  ],
  tests: [{ name: 'at least one cleaning', expression: 'cleanings >= {{min_published_count}}' }],
  reconciliations: [
    { name: 'every gully appears once', model: 'count(distinct gully_id)', source: 'gullies', source_value: 'count(*)' },
    { name: 'cleanings within 1', model: 'sum(cleanings)', source: 'gullies', source_value: 'count(*)', tolerance: 1 },
  ],
  unit_tests: [
    {
      name: 'passes through',
      given: { gullies: [{ gully_id: 'K1', n: 2 }, { gully_id: 'K2', n: 1 }] },
      expect: [{ gully_id: 'K1', cleanings: 2 }, { gully_id: 'K2', cleanings: 1 }],
    },
    { name: 'wrong on purpose', given: { gullies: [{ gully_id: 'K1', n: 2 }] }, expect: [{ gully_id: 'K1', cleanings: 3 }] },
  ],
});
const model: ModelDef = { name: 'g', pack: 'p', kind: 'mart', file, sql: "select gully_id, 'standard' as action, cast(null as varchar) as wijk_code, n as cleanings from gullies", path: 'packs/p/models/g.sql', table: modelTable('mart', 'g') };

async function session(): Promise<SqlSession> {
  const conn = await duck(1);
  return { run: async (sql) => void (await conn.run(sql)), rows: (sql) => rows(conn, sql), close: () => conn.closeSync() };
}

describe('Models: data tests compiled to one Trino query', () => {
  it('parses as Trino and, on DuckDB, finds every broken rule and reconciliation', async () => {
    const sql = checksQuery(model, 'mart_g__candidate', ['gullies', 'wijken'], (t) => t.replace('{{min_published_count}}', '1'));
    expect(parseTrino(sql).errors).toEqual([]);
    const conn = await duck(1);
    await conn.run(`create table gullies as select * from (values ('K1'), ('K2'), ('K3')) as t (gully_id)`);
    await conn.run(`create table wijken as select * from (values ('WK01')) as t (code)`);
    await conn.run(`create table mart_g__candidate as select * from (values
      ('K1', 'sweep_road', 'WK01', cast(1 as bigint)), ('K1', 'standard', 'WK02', cast(0 as bigint)), (null, 'burn', null, cast(2 as bigint))
    ) as t (gully_id, action, wijk_code, cleanings)`);
    const result = readChecks(model, (await rows(conn, sql)) as Parameters<typeof readChecks>[1], [
      { name: 'gully_id', type: 'varchar' },
      { name: 'action', type: 'varchar' },
      { name: 'wijk_code', type: 'varchar' },
      { name: 'cleanings', type: 'integer' },
    ]);
    expect(result.passed).toBe(false);
    expect(result.inputs).toEqual({ gullies: 3, wijken: 1 });
    expect(result.rowsOut).toBe(3);
    const failures = Object.fromEntries(result.tests.map((t) => [t.name, t.failures]));
    expect(failures).toEqual({
      'not_null(gully_id)': 1,
      'unique(gully_id)': 2,
      'accepted_values(action)': 1,
      'relationships(wijk_code → wijken.code)': 1,
      'at least one cleaning': 1,
      'cleanings is integer, beschreven als bigint': 1,
    });
    expect(result.tests.find((t) => t.kind === 'unique')?.message).toBe('gully_id is niet uniek: 2 rijen delen een waarde');
    // 1 distinct id against 3 gullies fails; sum 3 against 3 passes (within 1)
    expect(result.reconciliations.map((r) => [r.name, r.modelValue, r.sourceValue, r.passed])).toEqual([
      ['every gully appears once', 1, 3, false],
      ['cleanings within 1', 3, 3, true],
    ]);
    expect(result.reconciliations[0]?.message).toBe('every gully appears once: model 1, bron 3 — telt niet op');
  });
});

describe('Models: unit tests (given rows → expected rows)', () => {
  it('passes when the model returns the expected rows and fails, with the rows, when it does not', async () => {
    const ok = await runUnitTest(model, file.unit_tests[0]!, { columnsOf: () => undefined, session });
    expect(ok).toMatchObject({ passed: true, problems: [] });
    const wrong = await runUnitTest(model, file.unit_tests[1]!, { columnsOf: () => undefined, session });
    expect(wrong.passed).toBe(false);
    expect(wrong.problems).toEqual(['verwachte rij ontbreekt: {"gully_id":"K1","cleanings":3}', 'onverwachte rij: {"gully_id":"K1","cleanings":2}']);
  });

  it('compares as multisets, numbers with a tolerance and only the expected columns', () => {
    expect(compareRows([{ a: 1 }, { a: 1 }], [{ a: 1, b: 'x' }, { a: 1.0000000000001, b: 'y' }])).toEqual([]);
    expect(compareRows([{ a: 1 }], [{ a: 1 }, { a: 1 }])).toEqual(['onverwachte rij: {"a":1}']);
    expect(compareRows([{ c: 1 }], [{ a: 1 }])).toEqual(['de uitvoer heeft geen kolom c']);
  });
});
