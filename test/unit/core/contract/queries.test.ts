import { createHmac } from 'node:crypto';
import { readdirSync } from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkWords } from '../../../../core/contract/checks';
import { checksQuery, checksSelect } from '../../../../core/contract/checks-query';
import { curatedColumns, typedSelect } from '../../../../core/contract/curated-query';
import { readSummary, summaryQuery } from '../../../../core/contract/quarantine';
import { quarantinePart, quarantinePartPrefix } from '../../../../core/keys';
import { rawTable } from '../../../../core/contract/raw-table';
import { typePlan } from '../../../../core/contract/types';
import { rdToWgs84, wgs84ToRd } from '../../../../core/geo/rd';
import { parseTrinoOrUnload } from '../../../../core/sql/trino';
import { ContractError, parseContract } from '../../../../core/contract/parse';
import { csvView, duck, rows, runChecks, runUnload, tempCsv } from '../../../support/sql-duckdb';

let conn: DuckDBConnection;
beforeAll(async () => {
  conn = await duck();
});

function contract(columns: string, file = '{}', extra = '') {
  return parseContract(
    `id: t\ntitle: T\nowner: o\nsource_type: own\npurpose: test\nfile: ${file}\ncolumns:\n${columns}\n${extra}`,
    't.yaml',
  );
}

let n = 0;
/** Runs the checks on `csv` and returns the violations as [line, column, rule, value] plus the row count. */
async function check(c: ReturnType<typeof contract>, csv: string, referenceTables?: Record<string, string>, language?: 'nl' | 'en') {
  const header = c.columns.map((col) => col.name);
  const raw = rawTable(c, { database: 'd', location: 'file:///x/', header, name: `raw_${++n}` });
  await csvView(conn, raw, tempCsv(csv));
  const sql = checksQuery(c, { rawTable: raw.name, quarantineUri: 's3://lake/q/', header, referenceTables, language });
  const { rowCount } = await runChecks(conn, sql, `q_${n}`);
  const out = await rows(conn, `select * from q_${n} order by line, column_name, rule`);
  const violations = out.map((r) => [r.line === null ? null : Number(r.line), r.column_name, r.rule, r.value]);
  return { violations, rowCount, all: out, quarantine: `q_${n}`, raw: raw.name };
}

describe('types', () => {
  it('integer accepts 1925 and 1925.0000000000, rejects 1925.5 and 19x4, with the message in plain words', async () => {
    const c = contract(`  - { name: plantjaar, source: PLANTJAAR, type: integer }`);
    const r = await check(c, 'PLANTJAAR\n1925\n1925.0000000000\n1925.5\n19x4\n -12 \n');
    expect(r.violations).toEqual([
      [4, 'plantjaar', 'type', '1925.5'],
      [5, 'plantjaar', 'type', '19x4'],
    ]);
    expect(r.rowCount).toBe(5);
    expect(r.all.find((x) => x.line === 5n || x.line === 5)?.message).toBe('PLANTJAAR "19x4" is geen geheel getal');
  });

  it('null markers, trimming and not_null', async () => {
    const c = contract(`  - { name: a, type: integer, nullable: false }`, `{ null_markers: ['', 'NA', '.', '-99999999'] }`);
    const r = await check(c, 'a\n1\nNA\n.\n-99999999\n  \n 7 \n');
    expect(r.violations).toEqual([
      [3, 'a', 'not_null', 'NA'],
      [4, 'a', 'not_null', '.'],
      [5, 'a', 'not_null', '-99999999'],
      [6, 'a', 'not_null', '  '],
    ]);
  });

  it('decimal comma, decimal and double', async () => {
    const c = contract(
      `  - { name: d, type: decimal, scale: 2 }\n  - { name: f, type: double }`,
      `{ delimiter: ';', decimal_separator: ',' }`,
    );
    const r = await check(c, 'd;f\n1,5;2,25\n1.234,50;1e3\n1.5;x\n');
    expect(r.violations).toEqual([
      [4, 'd', 'type', '1.5'],
      [4, 'f', 'type', 'x'],
    ]);
  });

  it('dates and timestamps in the contract format', async () => {
    const c = contract(`  - { name: d, type: date }\n  - { name: ts, type: timestamp }`, `{ date_format: '%d-%m-%Y', timestamp_format: '%d-%m-%Y %H:%M' }`);
    const r = await check(c, 'd,ts\n05-01-2020,05-01-2020 10:11\n5-1-2020,5-1-2020 9:05\n31-02-2020,05-01-2020 25:00\n2020-01-05,x\n');
    expect(r.violations).toEqual([
      [4, 'd', 'type', '31-02-2020'],
      [4, 'ts', 'type', '05-01-2020 25:00'],
      [5, 'd', 'type', '2020-01-05'],
      [5, 'ts', 'type', 'x'],
    ]);
  });

  it('boolean', async () => {
    const c = contract(`  - { name: b, type: boolean }`);
    const r = await check(c, 'b\ntrue\nNee\nj\n0\nmisschien\n');
    expect(r.violations).toEqual([[6, 'b', 'type', 'misschien']]);
  });

  it('Dutch domain types', async () => {
    const c = contract(
      [
        `  - { name: pc, type: postcode }`,
        `  - { name: gm, type: cbs_gemeente }`,
        `  - { name: wk, type: cbs_wijk }`,
        `  - { name: bu, type: cbs_buurt }`,
        `  - { name: bag, type: bag_id }`,
        `  - { name: x, type: rd_x }`,
        `  - { name: y, type: rd_y }`,
        `  - { name: lat, type: latitude }`,
        `  - { name: lon, type: longitude }`,
      ].join('\n'),
    );
    const r = await check(
      c,
      'pc,gm,wk,bu,bag,x,y,lat,lon\n' +
        '1234 AB,GM0080,WK008000,BU00800000,0080010000000001,182000.5,579000,53.2,5.8\n' +
        '1234ab,gm0080,,,,,,,\n' +
        '0234 AB,GM80,WK0080,BU0080,80010000000001,300001,299999,49.9,7.4\n' +
        ',,,,080010000000001,,,,\n' +
        ',,,,0080990000000001,,,,\n',
    );
    expect(r.violations).toEqual([
      [4, 'bag', 'type', '80010000000001'],
      [4, 'bu', 'type', 'BU0080'],
      [4, 'gm', 'type', 'GM80'],
      [4, 'lat', 'type', '49.9'],
      [4, 'lon', 'type', '7.4'],
      [4, 'pc', 'type', '0234 AB'],
      [4, 'wk', 'type', 'WK0080'],
      [4, 'x', 'type', '300001'],
      [4, 'y', 'type', '299999'],
      [6, 'bag', 'type', '0080990000000001'], // object type 99 is not a BAG object type
    ]);
    // canonical keys: postcode 1234AB, CBS codes upper case, a BAG id that lost its leading zero gets it back
    const typed = typePlan(c.columns.find((col) => col.name === 'bag')!, c.file).convert(`'080010000000001'`);
    expect(await rows(conn, `select ${typed} as bag`)).toEqual([{ bag: '0080010000000001' }]);
  });
});

describe('rules', () => {
  it('range, accepted_values and pattern with severities', async () => {
    const c = contract(
      [
        `  - name: jaar`,
        `    type: integer`,
        `    rules: [{ kind: range, min: 1900, max: 2025 }]`,
        `  - name: soort`,
        `    type: string`,
        `    rules: [{ kind: accepted_values, values: [eik, "lin'de"], severity: warn }, { kind: pattern, regex: '^[a-z]', severity: reject_load }]`,
      ].join('\n'),
    );
    const r = await check(c, "jaar,soort\n1950,eik\n1850,lin'de\n2030,Beuk\n,\n");
    expect(r.violations).toEqual([
      [3, 'jaar', 'range', '1850'],
      [4, 'jaar', 'range', '2030'],
      [4, 'soort', 'accepted_values', 'Beuk'],
      [4, 'soort', 'pattern', 'Beuk'],
    ]);
    const sev = r.all.filter((x) => x.column_name === 'soort').map((x) => x.severity);
    expect(sev).toEqual(['warn', 'reject_load']);
  });

  it('unique over the typed value (1 and 1.0 are the same number)', async () => {
    const c = contract(`  - { name: id, type: integer, rules: [{ kind: unique }] }`);
    const r = await check(c, 'id\n1\n2\n1.0\n\n\n');
    expect(r.violations).toEqual([
      [2, 'id', 'unique', '1'],
      [4, 'id', 'unique', '1.0'],
    ]);
    expect(r.all.find((x) => x.rule === 'unique')?.message).toBe('ID "1" komt 2 keer voor');
  });

  it('composite primary key: not_null and unique', async () => {
    const c = contract(`  - { name: a, type: string }\n  - { name: b, type: integer }`, '{}', 'keys: { primary: [a, b] }');
    const r = await check(c, 'a,b\nx,1\nx,2\nx,1\n,3\n');
    expect(r.violations).toEqual([
      [2, 'a,b', 'unique', 'x | 1'],
      [4, 'a,b', 'unique', 'x | 1'],
      [5, 'a', 'not_null', null],
    ]);
  });

  it('reference: anti-join against the curated table, skipped with a warning when it does not exist', async () => {
    await conn.run(`create or replace table buurten as select * from (values ('BU00800000'), ('BU00800001')) v(code)`);
    const c = contract(`  - { name: bu, type: cbs_buurt, rules: [{ kind: reference, dataset: buurten, column: code }] }`);
    const r = await check(c, 'bu\nBU00800000\nbu00800001\nBU00809999\n\n', { buurten: 'buurten' });
    expect(r.violations).toEqual([[4, 'bu', 'reference', 'BU00809999']]);
    const skipped = await check(c, 'bu\nBU00800000\n');
    expect(skipped.violations).toEqual([[null, 'bu', 'reference', null]]);
    expect(skipped.all.find((x) => x.rule === 'reference')?.severity).toBe('warn');
  });

  it('expression over typed columns by contract name; NULL passes', async () => {
    const c = contract(
      `  - { name: van, type: integer }\n  - { name: tot, type: integer, rules: [{ kind: expression, sql: "tot >= van", severity: warn, message: tot must not be before van }] }`,
    );
    const r = await check(c, 'van,tot\n1,2\n5,3\n,1\n');
    expect(r.violations).toEqual([[3, 'tot', 'expression', '3']]);
    expect(r.all.find((x) => x.rule === 'expression')?.message).toBe('TOT: tot must not be before van');
  });

  it("writes every kind of message in the load's language: Dutch by default, English on request", async () => {
    await conn.run(`create or replace table buurten as select * from (values ('BU00800000')) v(code)`);
    const c = contract(
      [
        `  - { name: id, type: integer, nullable: false, rules: [{ kind: unique }] }`,
        `  - { name: jaar, type: integer, rules: [{ kind: range, min: 1900, max: 2025 }] }`,
        `  - { name: datum, type: date, rules: [{ kind: range, min: 2000 }] }`,
        `  - { name: soort, type: string, rules: [{ kind: accepted_values, values: [eik, linde] }, { kind: pattern, regex: '^[a-z]' }] }`,
        `  - { name: bu, type: cbs_buurt, rules: [{ kind: reference, dataset: buurten, column: code }] }`,
        `  - { name: wijk, type: string, rules: [{ kind: reference, dataset: wijken, column: code }] }`,
        `  - { name: tot, type: integer, rules: [{ kind: expression, sql: "tot < 100" }] }`,
      ].join('\n'),
    );
    const csv = 'id,jaar,datum,soort,bu,wijk,tot\n1,1950,2001-01-01,eik,BU00800000,WK1,5\n1,1850,1999-05-01,Beuk,BU00809999,,x\n,2030,,eik,,,200\n';
    const messages = async (language?: 'nl' | 'en') =>
      (await check(c, csv, { buurten: 'buurten' }, language)).all.map((x) => x.message).sort();
    expect(await messages()).toEqual(
      [
        'ID "1" komt 2 keer voor',
        'ID "1" komt 2 keer voor',
        'JAAR "1850" ligt niet tussen 1900 en 2025',
        'DATUM "1999-05-01" valt in een jaar voor 2000',
        'SOORT "Beuk" staat niet in de lijst van toegestane waarden: eik, linde',
        'SOORT "Beuk" is niet geschreven zoals afgesproken (patroon ^[a-z])',
        'BU "BU00809999" komt niet voor als code in de gegevens buurten',
        'TOT "x" is geen geheel getal',
        'ID is leeg',
        'JAAR "2030" ligt niet tussen 1900 en 2025',
        'TOT: voldoet niet aan tot < 100',
        'controle overgeslagen: de gegevens wijken (kolom code) zijn nog niet geladen, dus deze waarden zijn niet vergeleken',
      ].sort(),
    );
    expect(await messages('en')).toEqual(
      [
        'ID "1" appears 2 times',
        'ID "1" appears 2 times',
        'JAAR "1850" is not between 1900 and 2025',
        'DATUM "1999-05-01" is not in a year at least 2000',
        'SOORT "Beuk" is not one of the accepted values: eik, linde',
        'SOORT "Beuk" does not match the pattern ^[a-z]',
        'BU "BU00809999" is not a known code in dataset buurten',
        'TOT "x" is not a whole number',
        'ID is empty',
        'JAAR "2030" is not between 1900 and 2025',
        'TOT: tot < 100 is false',
        'reference check skipped: dataset wijken (column code) has no curated table yet',
      ].sort(),
    );
  });

  it('writes a bound as the language writes numbers', () => {
    expect(checkWords.nl.range({ min: 0.5, max: 12.25 }, false)).toBe('ligt niet tussen 0,5 en 12,25');
    expect(checkWords.nl.range({ max: 1500 }, false)).toBe('is groter dan 1500');
    expect(checkWords.nl.range({ max: 2020 }, true)).toBe('valt in een jaar na 2020');
    expect(checkWords.en.range({ min: 0.5 }, false)).toBe('is not at least 0.5');
  });

  it("says a composite key's duplicates in the load's language", async () => {
    const c = contract(`  - { name: a, type: string }\n  - { name: b, type: integer }`, '{}', 'keys: { primary: [a, b] }');
    const dutch = await check(c, 'a,b\nx,1\nx,1\n');
    expect(dutch.all.find((x) => x.rule === 'unique')?.message).toBe('sleutel (A, B) "x | 1" komt 2 keer voor');
    const english = await check(c, 'a,b\nx,1\nx,1\n', undefined, 'en');
    expect(english.all.find((x) => x.rule === 'unique')?.message).toBe('primary key (A, B) "x | 1" appears 2 times');
  });

  it('rejects expressions with ; subqueries, comments or unbalanced parentheses', () => {
    for (const sql of ['a > 1; drop table x', 'a in (select 1)', 'a > 1) or (1 = 1', 'a > 1 -- x', 'a >']) {
      const c = contract(`  - { name: a, type: integer, rules: [{ kind: expression, sql: "${sql}" }] }`);
      expect(() => checksSelect(c, { rawTable: 'r', header: ['a'] }), sql).toThrow(ContractError);
    }
  });
});

describe('one pass', () => {
  it('counts the rows read, also when every row or no row is rejected', async () => {
    const c = contract(`  - { name: a, type: integer }`);
    expect((await check(c, 'a\nx\ny\n')).rowCount).toBe(2);
    const empty = await check(c, 'a\n');
    expect(empty.rowCount).toBe(0);
    expect(empty.violations).toEqual([]);
  });

  it('writes the findings and the row count to separate parts: every quarantine row is a real finding', async () => {
    const c = contract(
      [
        `  - { name: a, type: integer, nullable: false }`,
        `  - { name: b, type: string, rules: [{ kind: accepted_values, values: [x], severity: warn }, { kind: reference, dataset: other, column: code }] }`,
      ].join('\n'),
    );
    const header = ['a', 'b'];
    const raw = rawTable(c, { database: 'd', location: 'file:///x/', header, name: 'raw_parts' });
    await csvView(conn, raw, tempCsv('a,b\n1,x\nz,y\n,x\n4,x\n'));
    // the reference check is skipped (no table `other`): a warning the user sees, so a finding too
    const { folder, rowCount } = await runChecks(conn, checksQuery(c, { rawTable: raw.name, quarantineUri: 's3://lake/q/', header, referenceTables: {} }), 'q_parts');
    expect(rowCount).toBe(4);
    expect(readdirSync(folder).sort()).toEqual([`${quarantinePart.column}=${quarantinePart.findings}`, `${quarantinePart.column}=${quarantinePart.rowCount}`]);
    // every file the quarantine table reads, as files (no partition column), and the table itself
    const files = `read_parquet('${quarantinePartPrefix(folder, quarantinePart.findings)}**/*.parquet', hive_partitioning = false)`;
    const found = await rows(conn, `select line, column_name, rule, severity from ${files} order by line nulls first, rule`);
    expect(found).toEqual([
      { line: null, column_name: 'b', rule: 'reference', severity: 'warn' },
      { line: 3n, column_name: 'b', rule: 'accepted_values', severity: 'warn' },
      { line: 3n, column_name: 'a', rule: 'type', severity: 'reject_row' },
      { line: 4n, column_name: 'a', rule: 'not_null', severity: 'reject_row' },
    ]);
    expect(await rows(conn, 'select count(*) as n from q_parts')).toEqual([{ n: BigInt(found.length) }]);
    for (const r of await rows(conn, 'select rule, severity, message from q_parts')) {
      expect(['not_null', 'type', 'range', 'accepted_values', 'pattern', 'unique', 'reference', 'expression']).toContain(r.rule);
      expect(['reject_row', 'warn']).toContain(r.severity);
      expect(r.message).toEqual(expect.any(String));
    }
    // the other part: one row, the count alone
    const counted = await rows(conn, `select * from read_parquet('${quarantinePartPrefix(folder, quarantinePart.rowCount)}**/*.parquet', hive_partitioning = false)`);
    expect(counted).toEqual([{ line: 4n, column_name: null, rule: null, severity: null, value: null, message: null }]);
  });

  it('a file without findings has no findings part, and its quarantine table is empty', async () => {
    const c = contract(`  - { name: a, type: integer }`);
    const r = await check(c, 'a\n1\n2\n');
    expect(r.rowCount).toBe(2);
    expect(r.all).toEqual([]);
  });

  it('counts lines from the header, and from 1 without one', async () => {
    const c = contract(`  - { name: a, type: integer }`, '{ header: false }');
    expect((await check(c, 'x\n1\n')).violations).toEqual([[1, 'a', 'type', 'x']]);
  });

  it('extra columns and columns in another order than the contract', async () => {
    const c = contract(`  - { name: a, type: integer }\n  - { name: b, type: integer }`);
    const header = ['b', null, 'a'];
    const raw = rawTable(c, { database: 'd', location: 's3://x/', header, name: 'raw_order' });
    expect(raw.columns.map((x) => x.name)).toEqual(['b', 'extra_2', 'a']);
    await csvView(conn, raw, tempCsv('B,X,A\n1,zz,y\n'));
    await runChecks(conn, checksQuery(c, { rawTable: 'raw_order', quarantineUri: 's3://q/', header }), 'q_order');
    expect(await rows(conn, `select line, column_name, value from q_order where rule = 'type'`)).toEqual([
      { line: 2n, column_name: 'a', value: 'y' },
    ]);
  });
});

describe('lines', () => {
  it('counts the line breaks inside quoted values, so lines are the ones an editor shows, in quarantine and curated rows alike', async () => {
    const c = contract([`  - { name: id, type: integer }`, `  - { name: note, type: string }`].join('\n'));
    // line 2: a note over three lines (2-4); line 5: ok; line 6: bad id, note over two lines (6-7); line 8: bad id
    const csv = 'id,note\n1,"a\nb\r\nc"\n2,plain\nx,"d\ne"\ny,f\n';
    const r = await check(c, csv);
    expect(r.violations).toEqual([
      [6, 'id', 'type', 'x'],
      [8, 'id', 'type', 'y'],
    ]);
    expect(r.rowCount).toBe(4);
    await runUnload(conn, typedSelect(c, { loadId: 'l1', rawTable: r.raw, quarantineTable: r.quarantine, pseudonymKeyTable: 'pseudonym_key', curatedUri: 's3://lake/c/' }), 'curated_lines');
    const out = await rows(conn, 'select id, _line from curated_lines order by _line');
    expect(out).toEqual([
      { id: 1n, _line: 2n },
      { id: 2n, _line: 5n },
    ]);
  });

  it('counts line breaks in columns the contract does not know, and in typed values, too', async () => {
    const c = contract([`  - { name: id, type: integer }`, `  - { name: d, type: date, severity: warn }`].join('\n'));
    const header = ['id', null, 'd'];
    // line 2: an extra column over two lines (2-3); line 4: a date over two lines (4-5), a warning; line 6: bad id
    const csv = 'id,memo,d\n1,"x\ny",2020-01-01\n2,z,"2020-01-02\n"\nq,z,2020-01-03\n';
    const raw = rawTable(c, { database: 'd', location: 'file:///x/', header, name: 'raw_extra_breaks' });
    await csvView(conn, raw, tempCsv(csv));
    await runChecks(conn, checksQuery(c, { rawTable: raw.name, quarantineUri: 's3://lake/q/', header }), 'q_extra_breaks');
    const out = await rows(conn, 'select line, column_name, rule from q_extra_breaks order by line');
    expect(out).toEqual([
      { line: 4n, column_name: 'd', rule: 'type' },
      { line: 6n, column_name: 'id', rule: 'type' },
    ]);
    const typed = typedSelect(c, { loadId: 'l1', rawTable: raw.name, quarantineTable: 'q_extra_breaks', pseudonymKeyTable: 'pseudonym_key', header });
    expect(await rows(conn, `select id, _line from (${typed}) order by _line`)).toEqual([
      { id: 1n, _line: 2n },
      { id: 2n, _line: 4n },
    ]);
  });
});

describe('coordinates: RD and WGS84 both in the curated table', () => {
  it('computes lat/lon beside RD x/y (and rd_x/rd_y beside WGS84) with the shared SQL, NULL stays NULL', async () => {
    await conn.run(`create or replace table pseudonym_key as select 'k' as key`);
    const rd = contract(`  - { name: x, type: rd_x }\n  - { name: y, type: rd_y }`, '{}', 'coordinates: { x: x, y: y, crs: rd }');
    expect(curatedColumns(rd).map((c) => c.name)).toEqual(['x', 'y', 'lat', 'lon', '_line', '_load']);
    const r = await check(rd, 'x,y\n233883,582065\n,\n');
    const sql = typedSelect(rd, { loadId: 'l1', rawTable: r.raw, quarantineTable: r.quarantine, pseudonymKeyTable: 'pseudonym_key', curatedUri: 's3://lake/c/' });
    expect(parseTrinoOrUnload(sql).errors).toEqual([]);
    await runUnload(conn, sql, 'curated_rd');
    const [row, empty] = await rows(conn, 'select lat, lon from curated_rd order by _line');
    const expected = rdToWgs84(233883, 582065);
    expect(row!.lat).toBeCloseTo(expected.lat, 10);
    expect(row!.lon).toBeCloseTo(expected.lon, 10);
    expect(empty).toEqual({ lat: null, lon: null });

    const wgs = contract(`  - { name: lon, type: longitude }\n  - { name: lat, type: latitude }`, '{}', 'coordinates: { x: lon, y: lat, crs: wgs84 }');
    const w = await check(wgs, 'lon,lat\n6.5665,53.2193\n');
    await runUnload(conn, typedSelect(wgs, { loadId: 'l1', rawTable: w.raw, quarantineTable: w.quarantine, pseudonymKeyTable: 'pseudonym_key', curatedUri: 's3://lake/c/' }), 'curated_wgs');
    const [point] = await rows(conn, 'select rd_x, rd_y from curated_wgs');
    expect(point!.rd_x).toBeCloseTo(wgs84ToRd(53.2193, 6.5665).x, 6);
  });

  it('refuses a declaration that names no column, the wrong type, or a name the computed columns take', () => {
    expect(() => contract(`  - { name: x, type: rd_x }\n  - { name: lat, type: rd_y }`, '{}', 'coordinates: { x: x, y: lat, crs: rd }')).toThrow(/de berekende kolom "lat" is ook een kolom van het contract/);
    expect(() => contract(`  - { name: x, type: rd_x }`, '{}', 'coordinates: { x: x, y: y, crs: rd }')).toThrow(/coordinates.y: "y" is geen kolom van het contract/);
    expect(() => contract(`  - { name: x, type: longitude }\n  - { name: y, type: latitude }`, '{}', 'coordinates: { x: x, y: y, crs: rd }')).toThrow(/heeft type longitude; crs rd vraagt rd_x/);
  });
});

describe('typed select and summary', () => {
  it('writes typed rows without reject_row rows, with privacy per column', async () => {
    const c = contract(
      [
        `  - { name: id, type: integer }`,
        `  - { name: naam, type: string, personal_data: direct }`,
        `  - { name: bsn, type: string, privacy: drop }`,
        `  - { name: pc, type: postcode, privacy: generalise }`,
        `  - { name: hoogte, type: decimal, scale: 1, rules: [{ kind: range, max: 40, severity: warn }] }`,
        `  - { name: datum, type: date }`,
      ].join('\n'),
    );
    const r = await check(c, 'id,naam,bsn,pc,hoogte,datum\n1,Jan,123,1234 AB,50.25,2020-01-05\nx,Piet,456,1234AB,1,2020-01-05\n');
    // the key comes from the key table, never from the statement
    await conn.run(`create or replace table pseudonym_key as select 'k' as key`);
    const sql = typedSelect(c, { loadId: 'l1', rawTable: r.raw, quarantineTable: r.quarantine, pseudonymKeyTable: 'pseudonym_key', curatedUri: 's3://lake/curated/' });
    expect(sql).not.toMatch(/'k'/);
    await runUnload(conn, sql, 'curated_t');
    const out = await rows(conn, 'select * from curated_t');
    const jan = createHmac('sha256', 'k').update('Jan').digest('hex').toUpperCase();
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ id: 1n, naam: jan, pc: '1234', _line: 2n, _load: 'l1' });
    expect(String(out[0]?.hoogte)).toBe('50.3');
    expect(out[0]).not.toHaveProperty('bsn');
    const types = await rows(conn, `select column_name from (describe curated_t)`);
    expect(types.map((t) => t.column_name)).toEqual(curatedColumns(c).map((col) => col.name));
    expect(curatedColumns(c).map((col) => col.type)).toEqual(['bigint', 'varchar', 'varchar', 'decimal(18,1)', 'date', 'bigint', 'varchar']);
  });

  describe('load policy: each load writes the whole dataset after it', () => {
    const columns = [`  - { name: id, type: integer }`, `  - { name: v, type: string }`].join('\n');
    const loads = { first: 'id,v\n1,a\n2,b\n3,c\n', second: 'id,v\n3,C\n4,D\nx,bad\n' };
    async function twoLoads(policy: string, keys = '') {
      const c = contract(columns, '{}', `load: { policy: ${policy} }\n${keys}`);
      const first = await check(c, loads.first);
      await runUnload(conn, typedSelect(c, { loadId: 'l1', rawTable: first.raw, quarantineTable: first.quarantine, pseudonymKeyTable: 'pseudonym_key', curatedUri: 's3://lake/c1/' }), `cur_${policy}_1`);
      const previous = { table: `cur_${policy}_1`, columns: curatedColumns(c) };
      const second = await check(c, loads.second);
      const sql = typedSelect(c, { loadId: 'l2', rawTable: second.raw, quarantineTable: second.quarantine, pseudonymKeyTable: 'pseudonym_key', previous });
      return rows(conn, `select id, v, _load from (${sql}) order by id, _load`);
    }

    it('replace: only the new load', async () => {
      expect(await twoLoads('replace')).toEqual([
        { id: 3n, v: 'C', _load: 'l2' },
        { id: 4n, v: 'D', _load: 'l2' },
      ]);
    });

    it('append: the earlier rows and the new ones', async () => {
      expect((await twoLoads('append')).map((r) => `${r.id}${r.v}@${r._load}`)).toEqual(['1a@l1', '2b@l1', '3c@l1', '3C@l2', '4D@l2']);
    });

    it('upsert: a key the new load brings replaces the earlier row; the rest stay', async () => {
      expect((await twoLoads('upsert', 'keys: { primary: [id] }')).map((r) => `${r.id}${r.v}@${r._load}`)).toEqual(['1a@l1', '2b@l1', '3C@l2', '4D@l2']);
    });

    it('upsert needs a primary key; a column the earlier table lacks becomes NULL', async () => {
      expect(() => contract(columns, '{}', 'load: { policy: upsert }')).toThrow(/keys.primary moet die kolom\(men\) noemen/);
      const c = contract(`${columns}\n  - { name: w, type: string }`, '{}', 'load: { policy: append }');
      const r = await check(c, 'id,v,w\n5,e,f\n');
      await conn.run(`create or replace table cur_old as select 1::bigint as id, 'a' as v, 2::bigint as _line, 'l0' as _load`);
      const sql = typedSelect(c, { loadId: 'l1', rawTable: r.raw, quarantineTable: r.quarantine, pseudonymKeyTable: 'pseudonym_key', previous: { table: 'cur_old', columns: [{ name: 'id', type: 'bigint' }, { name: 'v', type: 'varchar' }, { name: '_line', type: 'bigint' }, { name: '_load', type: 'varchar' }] } });
      expect(await rows(conn, `select id, v, w, _load from (${sql}) order by id`)).toEqual([
        { id: 1n, v: 'a', w: null, _load: 'l0' },
        { id: 5n, v: 'e', w: 'f', _load: 'l1' },
      ]);
    });
  });

  it('summarises per column, rule and severity with up to 5 examples', async () => {
    const c = contract(`  - { name: a, type: integer }`);
    const r = await check(c, `a\n${['x', '1', 'y', 'z', 'q', 'w', 'v'].join('\n')}\n`);
    expect(r.rowCount).toBe(7);
    const groups = readSummary(await rows(conn, summaryQuery(r.quarantine)) as never);
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({ column: 'a', rule: 'type', severity: 'reject_row', count: 6, firstLine: 2 });
    expect(groups[0]?.examples.map((e) => [e.line, e.value])).toEqual([[2, 'x'], [4, 'y'], [5, 'z'], [6, 'q'], [7, 'w']]);
  });
});
