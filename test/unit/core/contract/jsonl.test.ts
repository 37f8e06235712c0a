/**
 * JSON lines contracts: loading, the raw table, and the compiled checks and typed select run on DuckDB over the
 * local reader's view (as the local engine runs them), with their statements parsed as Trino.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { runWithNumberedRows } from '../../../../adapters/local/numbered-rows';
import { viewSql } from '../../../../adapters/local/local-catalog';
import { readContract } from '../../../../core/config';
import { errorText } from '../../../../core/worded-error';
import { checksQuery, checksSelect } from '../../../../core/contract/checks-query';
import { curatedColumns, typedSelect } from '../../../../core/contract/curated-query';
import { headerRows, rawTable } from '../../../../core/contract/raw-table';
import { ContractError, parseContract } from '../../../../core/contract/parse';
import type { ObjectStore } from '../../../../core/ports';
import { parseTrinoOrUnload } from '../../../../core/sql/trino';
import type { TenantConfig } from '../../../../schemas/tenant';
import { duck, rows, runChecks, runUnload } from '../../../support/sql-duckdb';
import { quarantinePart } from '../../../../core/keys';

let conn: DuckDBConnection;
beforeAll(async () => {
  conn = await duck(4);
});

const yaml = (file: string, columns: string, extra = '') =>
  `id: metingen\ntitle: Metingen\nowner: Team IoT\nsource_type: iot\npurpose: test\nfile: ${file}\ncolumns:\n${columns}\n${extra}`;

const sensors = parseContract(
  yaml(
    '{ format: jsonl, null_markers: ["", "NA"] }',
    `  - { name: sensor_id, source: SensorID, type: string, nullable: false, rules: [{ kind: pattern, regex: '^S-[0-9]{3}$' }] }
  - { name: gemeten, type: timestamp, nullable: false }
  - { name: temp, type: decimal, scale: 2, rules: [{ kind: range, min: -40, max: 60 }] }
  - { name: telling, type: integer }
  - { name: ok, type: boolean }
  - { name: status, type: string, rules: [{ kind: accepted_values, values: [actief, defect], severity: warn }] }
  - { name: opmerking, type: string }
  - { name: meta, type: string }`,
    'keys: { primary: [sensor_id, gemeten] }',
  ),
  'metingen.yaml',
);
const header = sensors.columns.map((c) => c.name);

let n = 0;
/** A folder with `text` as its one .jsonl file, and the raw table over it as the local engine registers it. */
async function rawView(text: string, contract = sensors) {
  const dir = mkdtempSync(join(tmpdir(), 'polder-jsonl-compile-'));
  const data = join(dir, 'data');
  mkdirSync(data);
  writeFileSync(join(data, 'metingen.jsonl'), text);
  const h = contract.columns.map((c) => c.name);
  const raw = rawTable(contract, { database: 'main', location: data, header: h, name: `raw_j${++n}` });
  await conn.run(viewSql(raw, (u) => u, join(dir, 'cache')));
  return { raw, header: h };
}

/** The checks as the local engine runs them (the numbered CTE built in parallel), as [line, column, rule, value]. */
async function check(text: string, contract = sensors) {
  const { raw, header: h } = await rawView(text, contract);
  const sql = checksQuery(contract, { rawTable: raw.name, quarantineUri: 's3://lake/q/', header: h });
  expect(parseTrinoOrUnload(sql).errors).toEqual([]);
  const quarantine = `q_j${n}`;
  const { rowCount } = await runChecks(conn, sql, quarantine);
  const columns = 'line, column_name, rule, severity, value, message';
  const out = await rows(conn, `select ${columns} from ${quarantine} order by line, column_name, rule`);
  const select = checksSelect(contract, { rawTable: raw.name, header: h });
  const statements: string[] = [];
  const parallel = await runWithNumberedRows(conn, select, async (s) => {
    statements.push(s);
    return rows(conn, `select ${columns} from (${s}) where ${quarantinePart.column} = '${quarantinePart.findings}' order by line, column_name, rule`);
  });
  expect(statements[0], 'the local engine builds the numbered rows in parallel').toContain('rowid');
  expect(parallel).toEqual(out);
  return {
    raw: raw.name,
    quarantine,
    rowCount,
    violations: out.map((r) => [Number(r.line), r.column_name, r.rule, r.value]),
    messages: out.map((r) => r.message),
  };
}

const line = (o: Record<string, unknown>) => JSON.stringify(o);
const ok = (i: number, extra: Record<string, unknown> = {}) =>
  line({ SensorID: `S-${String(i).padStart(3, '0')}`, gemeten: `2024-05-01 10:${String(i % 60).padStart(2, '0')}:00`, temp: 12.5, ...extra });

describe('a jsonl contract', () => {
  it('refuses windows-1252 and a decimal comma at load, saying what to do (GeoJSON too)', () => {
    const load = (file: string) => () => parseContract(yaml(file, '  - { name: a, type: string }'), 'c.yaml');
    expect(load('{ format: jsonl, encoding: windows-1252 }')).toThrow(/file.encoding: JSON lines-bestanden zijn UTF-8 .*niet windows-1252/);
    expect(load("{ format: jsonl, decimal_separator: ',' }")).toThrow(/file.decimal_separator: JSON schrijft getallen met "\." .*geef die kolom type string/);
    expect(load('{ format: geojson }')().file.format).toBe('geojson');
    expect(load('{ format: geojson, encoding: windows-1252 }')).toThrow(/file.encoding: GeoJSON-bestanden zijn UTF-8/);
    // header, delimiter and quote do not apply and are ignored
    expect(load("{ format: jsonl, header: false, delimiter: ';' }")().file.format).toBe('jsonl');
    // keys match ignoring case, so two columns cannot read keys that differ only in case
    expect(() => parseContract(yaml('{ format: jsonl }', '  - { name: a, source: Temp, type: string }\n  - { name: temp, type: string }'), 'c.yaml')).toThrow(
      /columns\[1\].source: sleutel "temp" komt twee keer voor/,
    );
  });

  it('is refused the same way when the pipeline loads a deployed contract (geojson in windows-1252)', async () => {
    const key = 'config/packs/iot/contracts/metingen.yaml';
    const text = yaml('{ format: geojson, encoding: windows-1252 }', '  - { name: a, type: string }');
    const store = {
      exists: async (ref: { key: string }) => ref.key === key,
      get: async () => new TextEncoder().encode(text),
    } as unknown as ObjectStore;
    const tenant = { id: 'gemeente-a', packs: ['iot'] } as unknown as TenantConfig;
    await expect(readContract(store, 'lake', tenant, 'metingen')).rejects.toThrow(
      /^config\/packs\/iot\/contracts\/metingen.yaml klopt niet: file.encoding: GeoJSON-bestanden zijn UTF-8/,
    );
    // and in English for --lang en
    const error = await readContract(store, 'lake', tenant, 'metingen').catch((e: unknown) => e);
    expect(errorText(error, 'en')).toMatch(/^config\/packs\/iot\/contracts\/metingen.yaml is not valid: file.encoding: GeoJSON files are UTF-8/);
  });

  it('has a raw table of every contract column read by its key, no header rows, and no line-break counting', () => {
    const raw = rawTable(sensors, { database: 'd', location: 's3://lake/raw/t/metingen/load=1/', header, name: 'raw_metingen__1' });
    expect(raw.columns).toEqual(header.map((name) => ({ name, type: 'varchar' })));
    expect(raw.storage).toEqual({
      format: 'jsonl',
      keys: { sensor_id: 'SensorID', gemeten: 'gemeten', temp: 'temp', telling: 'telling', ok: 'ok', status: 'status', opmerking: 'opmerking', meta: 'meta' },
    });
    expect(headerRows(sensors)).toBe(0);
    const checks = checksQuery(sensors, { rawTable: 'raw_metingen', quarantineUri: 's3://lake/q/', header });
    const typed = typedSelect(sensors, { rawTable: 'raw_metingen', quarantineTable: 'q', pseudonymKeyTable: 'pseudonym_key', loadId: 'l1' });
    for (const sql of [checks, typed]) {
      expect(sql).not.toContain('chr(10)');
      expect(parseTrinoOrUnload(sql).errors).toEqual([]);
    }
    expect(checks).toContain('select row_number() over () + 0 as "_line", * from "_rows"');
    expect(typed).toContain('cast(row_number() over () + 0 as bigint) as "_line"');
  });
});

describe('checks on JSON lines, on DuckDB', () => {
  it('types, null markers, rules and keys, each on the line of its object', async () => {
    const text = [
      ok(1, { telling: 3, ok: true, status: 'actief' }),
      ok(2, { temp: 99, telling: 1 }).replace('"telling":1', '"telling":1.0'), // range; 1.0 is a whole number written as a float
      ok(3, { SensorID: 'S-3', temp: 'warm', telling: 2.5, ok: 'misschien' }), // pattern, types
      line({ SensorID: 'S-004', gemeten: '2024-05-01 10:04:00', status: 'kapot' }), // only a warning: loaded
      '{"sensorid": "S-005", "gemeten": "NA", "temp": 1e3}', // key in other capitals; NA is null; 1e3 reads "1E+3"
      ok(1, { status: 'defect', meta: { fw: '1.2', v: [1, 2.5] } }), // same key as line 1
      line({ gemeten: '2024-05-01 10:07:00', temp: '' }),
    ].join('\n');
    const r = await check(`${text}\n`);
    expect(r.violations).toEqual([
      [1, 'sensor_id,gemeten', 'unique', 'S-001 | 2024-05-01 10:01:00'],
      [2, 'temp', 'range', '99'],
      [3, 'ok', 'type', 'misschien'],
      [3, 'sensor_id', 'pattern', 'S-3'],
      [3, 'telling', 'type', '2.5'],
      [3, 'temp', 'type', 'warm'],
      [4, 'status', 'accepted_values', 'kapot'],
      [5, 'gemeten', 'not_null', 'NA'],
      [5, 'temp', 'type', '1E+3'],
      [6, 'sensor_id,gemeten', 'unique', 'S-001 | 2024-05-01 10:01:00'],
      [7, 'sensor_id', 'not_null', null],
    ]);
    expect(r.rowCount).toBe(7);
    // messages name the JSON key as written in the contract
    expect(r.messages).toContain('SensorID "S-3" is niet geschreven zoals afgesproken (patroon ^S-[0-9]{3}$)');
    expect(r.messages).toContain('temp "warm" is geen decimaal getal (decimaalteken ".")');

    const typed = typedSelect(sensors, { rawTable: r.raw, quarantineTable: r.quarantine, pseudonymKeyTable: 'pseudonym_key', loadId: 'l1', curatedUri: 's3://lake/c/' });
    expect(parseTrinoOrUnload(typed).errors).toEqual([]);
    await runUnload(conn, typed, 'curated_jsonl');
    expect(await rows(conn, 'select _line, sensor_id, temp, telling, ok, status, meta from curated_jsonl order by _line')).toEqual([
      { _line: 4n, sensor_id: 'S-004', temp: null, telling: null, ok: null, status: 'kapot', meta: null },
    ]);
    expect(curatedColumns(sensors).map((c) => c.type)).toEqual(['varchar', 'timestamp', 'decimal(18,2)', 'bigint', 'boolean', 'varchar', 'varchar', 'varchar', 'bigint', 'varchar']);
  });

  it('counts lines, not line breaks: an escaped \\n in a value does not move the rows below it', async () => {
    const text = [
      ok(1, { opmerking: 'regel 1\nregel 2\nregel 3' }),
      ok(2, { opmerking: 'nog een\r\nregel', temp: 100 }),
      ok(3, { temp: 'x' }),
    ].join('\n');
    const r = await check(`${text}\n`);
    expect(r.violations).toEqual([
      [2, 'temp', 'range', '100'],
      [3, 'temp', 'type', 'x'],
    ]);
    const typed = typedSelect(sensors, { rawTable: r.raw, quarantineTable: r.quarantine, pseudonymKeyTable: 'pseudonym_key', loadId: 'l1' });
    expect(await rows(conn, `select _line, opmerking from (${typed}) order by _line`)).toEqual([{ _line: 1n, opmerking: 'regel 1\nregel 2\nregel 3' }]);
  });

  it('an empty line after the pre-check’s head is a row without values, on its own line; the lines below keep theirs', async () => {
    const r = await check(`${ok(1)}\n\n${ok(3, { temp: 'x' })}\n`);
    expect(r.violations).toEqual([
      [2, 'gemeten', 'not_null', null],
      [2, 'sensor_id', 'not_null', null],
      [3, 'temp', 'type', 'x'],
    ]);
  });

  it('keeps line numbers over many rows with the numbered rows built in parallel', async () => {
    const lines: string[] = [];
    const expected: [number, string][] = [];
    for (let i = 1; i <= 60_000; i++) {
      const gemeten = new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString().replace('T', ' ').slice(0, 19);
      const extra: Record<string, unknown> = { SensorID: `S-${String(i % 1000).padStart(3, '0')}`, gemeten, opmerking: i % 7 === 0 ? 'a\nb' : 'c' };
      if (i % 4999 === 0) {
        extra.temp = 'warm';
        expected.push([i, 'type']);
      } else extra.temp = (i % 80) - 40;
      lines.push(line(extra));
    }
    const contract = parseContract(
      yaml(
        '{ format: jsonl }',
        `  - { name: sensor_id, source: SensorID, type: string, nullable: false }
  - { name: gemeten, type: timestamp, nullable: false }
  - { name: temp, type: decimal, scale: 2 }
  - { name: opmerking, type: string }`,
      ),
      'm.yaml',
    );
    const r = await check(`${lines.join('\n')}\n`, contract);
    expect(r.violations.map(([l, , rule]) => [l, rule])).toEqual(expected);
    expect(r.rowCount).toBe(60_000);
  });
});
