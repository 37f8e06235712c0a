import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuckDBConnection } from '@duckdb/node-api';
import { protectTables, type Row } from '../../../../core/privacy/disclosure';
import { publishedSelect } from '../../../../core/privacy/publish-disclosed';
import { parseTrino } from '../../../../core/sql/trino';
import { duck, rows } from '../../../support/sql-duckdb';

let conn: DuckDBConnection;
beforeAll(async () => {
  conn = await duck();
});
afterAll(() => conn.closeSync());

describe('publishedSelect: the protected copy of a build', () => {
  it('hides the suppressed cells of a table with district totals, in Trino SQL that runs on DuckDB', async () => {
    // prepare: wijk × action with a total per wijk; WK1/sweep is small
    const staged: Row[] = [
      { wijk_code: 'WK1', action: 'sweep', gullies: 3, cleanings: 12 },
      { wijk_code: 'WK1', action: 'empty', gullies: 40, cleanings: 80 },
      { wijk_code: 'WK1', action: 'standard', gullies: 120, cleanings: 120 },
      { wijk_code: 'WK1', action: 'Totaal', gullies: 163, cleanings: 212 },
      { wijk_code: 'WK2', action: 'standard', gullies: 30, cleanings: 30 },
      { wijk_code: 'WK2', action: 'Totaal', gullies: 30, cleanings: 30 },
    ];
    await conn.run(
      `create or replace view staged as select * from (values ${staged.map((r) => `('${r.wijk_code}', '${r.action}', ${r.gullies}, ${r.cleanings})`).join(', ')}) as t(wijk_code, action, gullies, cleanings)`,
    );
    const [out] = protectTables([{ name: 'plan', rows: staged, dimensions: ['wijk_code', 'action'], counts: ['gullies'], total: 'Totaal' }], [], { threshold: 10 }).tables;
    const hidden = staged.filter((_, i) => out!.suppressed[i]);
    const columns = [
      { name: 'wijk_code', type: 'varchar' },
      { name: 'action', type: 'varchar' },
      { name: 'gullies', type: 'bigint' },
      { name: 'cleanings', type: 'bigint' },
    ];
    // act
    const sql = publishedSelect('staged', columns, { dimensions: ['wijk_code', 'action'], counts: ['gullies'], roundTo: 5, hidden });
    // assess
    expect(parseTrino(sql).errors).toEqual([]);
    const published = await rows(conn, `${sql} order by wijk_code, action`);
    expect(published).toEqual([
      { wijk_code: 'WK1', action: 'Totaal', gullies: 165n, cleanings: 212, suppressed: false },
      { wijk_code: 'WK1', action: 'empty', gullies: null, cleanings: null, suppressed: true },
      { wijk_code: 'WK1', action: 'standard', gullies: 120n, cleanings: 120, suppressed: false },
      { wijk_code: 'WK1', action: 'sweep', gullies: null, cleanings: null, suppressed: true },
      { wijk_code: 'WK2', action: 'Totaal', gullies: 30n, cleanings: 30, suppressed: false },
      { wijk_code: 'WK2', action: 'standard', gullies: 30n, cleanings: 30, suppressed: false },
    ]);
  });

  it('keeps the rows a build suppressed itself, and works with nothing to hide', async () => {
    await conn.run(`create or replace view own as select * from (values ('WK1', 12, false), ('WK2', null, true)) as t(wijk_code, n, suppressed)`);
    const columns = [
      { name: 'wijk_code', type: 'varchar' },
      { name: 'n', type: 'bigint' },
      { name: 'suppressed', type: 'boolean' },
    ];
    const sql = publishedSelect('own', columns, { dimensions: ['wijk_code'], counts: ['n'], hidden: [] });
    expect(parseTrino(sql).errors).toEqual([]);
    expect((await rows(conn, `${sql} order by wijk_code`)).map((r) => r.suppressed)).toEqual([false, true]);
  });
});
