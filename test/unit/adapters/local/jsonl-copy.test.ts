/**
 * Reading JSON lines as Athena does (core/jsonl/openx.ts, Trino's OpenX JSON reader) and the local copy DuckDB reads
 * (adapters/local/jsonl-copy.ts). The table at the top pins, per JSON value, the text Athena gives a string column,
 * what DuckDB's own JSON reader gives (the reason it is not used directly) and what the local runtime gives.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { DuckDBConnection } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { canonicalNumber, JsonSyntaxError, lineValues, parseJson, renderJson, splitLines } from '../../../../core/jsonl';
import type { TableDefinition } from '../../../../core/ports';
import { jsonlCopyOf } from '../../../../adapters/local/jsonl-copy';
import { viewSql } from '../../../../adapters/local/local-catalog';
import { duck, rows } from '../../../support/sql-duckdb';

let conn: DuckDBConnection;
beforeAll(async () => {
  conn = await duck();
});

const tempDir = () => mkdtempSync(join(tmpdir(), 'polder-jsonl-'));

/** A raw table over `folder` with string columns read by these keys (column = key lowercased). */
function table(name: string, folder: string, keys: Record<string, string>): TableDefinition {
  return {
    database: 'main',
    name,
    columns: Object.keys(keys).map((c) => ({ name: c, type: 'varchar' })),
    locations: [folder],
    storage: { format: 'jsonl', keys },
  };
}

async function localView(t: TableDefinition): Promise<Record<string, unknown>[]> {
  await conn.run(viewSql(t, (u) => u, join(t.locations[0] as string, '..', `cache-${t.name}`)));
  return rows(conn, `select * from "${t.name}"`);
}

// value as written in the file → [Athena (Trino OpenX) text, DuckDB read_json text]
const cases: [string, string | null, string | null][] = [
  ['1', '1', '1'],
  ['1.50', '1.50', '1.5'],
  ['1e3', '1E+3', '1000.0'],
  ['-0', '0', '0'],
  ['-0.0', '0.0', '-0.0'],
  ['1.0e3', '1.0E+3', '1000.0'],
  ['0.1e-2', '0.001', '0.001'],
  ['2.50e1', '25.0', '25.0'],
  ['1e-7', '1E-7', '1e-07'],
  ['12345678901234567890123', '12345678901234567890123', '12345678901234567890123'],
  ['true', 'true', 'true'],
  ['false', 'false', 'false'],
  ['null', null, null],
  ['{"x": 1.50, "y": [1, "a\\nb", null], "z": {}}', '{"x":1.50,"y":[1,"a\\nb",null],"z":{}}', '{"x":1.5,"y":[1,"a\\nb",null],"z":{}}'],
  ['[1e3, "</b>"]', '[1E+3,"<\\/b>"]', '[1000.0,"</b>"]'],
  ['"line1\\nline2"', 'line1\nline2', 'line1\nline2'],
  ['"\\u00e9 \\"q\\" \\t"', 'é "q" \t', 'é "q" \t'],
  ['" padded "', ' padded ', ' padded '],
  ['""', '', ''],
];

describe('the text a string column gets for each JSON value', () => {
  it('Athena (Trino OpenX JSON), DuckDB read_json and the local runtime, side by side', async () => {
    const dir = tempDir();
    const data = join(dir, 'data');
    const lines = [...cases.map(([v]) => `{"v": ${v}}`), '{"other": 1}'];
    writeFileSync(join(dir, 'values.jsonl'), `${lines.join('\n')}\n`);
    mkdirSync(data);
    writeFileSync(join(data, 'values.jsonl'), `${lines.join('\n')}\n`);
    const duckdb = await rows(conn, `select v from read_json('${join(dir, 'values.jsonl')}', format='newline_delimited', columns={'v': 'VARCHAR'})`);
    const local = await localView(table('values_local', data, { v: 'v' }));
    const missing = [null, null, null] as const;
    const expected = [...cases.map(([, athena, d]) => [athena, d]), missing.slice(0, 2)];
    expect(lines.map((l) => lineValues(l, ['v'])[0] ?? null)).toEqual(expected.map((e) => e[0]));
    expect(duckdb.map((r) => r.v)).toEqual(expected.map((e) => e[1]));
    expect(local.map((r) => r.v)).toEqual(expected.map((e) => e[0]));
  });
});

describe('numbers as Java writes them back', () => {
  it.each([
    ['0', '0'],
    ['-5', '-5'],
    ['9223372036854775807', '9223372036854775807'],
    ['9223372036854775808', '9223372036854775808'],
    ['100', '100'],
    ['1.5e2', '1.5E+2'],
    ['15e-1', '1.5'],
    ['0.000001', '0.000001'],
    ['0.0000001', '1E-7'],
    ['-1.25e-8', '-1.25E-8'],
    ['0e5', '0E+5'],
    ['0.00', '0.00'],
    ['123.4500', '123.4500'],
    ['1E2', '1E+2'],
  ])('%s → %s', (raw, text) => {
    expect(canonicalNumber(raw)).toBe(text);
  });
});

describe('lines as the reader reads them', () => {
  it('matches keys ignoring case; a repeated key (in any case) counts last; other keys are ignored', () => {
    expect(lineValues('{"SensorID": "a", "Temp": 3, "extra": true}', ['sensorid', 'temp', 'missing'])).toEqual(['a', '3', null]);
    expect(lineValues('{"id": 1, "ID": 2, "Id": 3}', ['id'])).toEqual(['3']);
    expect(renderJson(parseJson('{"a": 1, "b": 2, "A": 3}'))).toBe('{"b":2,"A":3}');
  });

  it('a line that does not start with { or [ is a row without values; an array fills columns by position', () => {
    expect(lineValues('', ['a', 'b'])).toEqual([null, null]);
    expect(lineValues('   \t', ['a', 'b'])).toEqual([null, null]);
    expect(lineValues('42', ['a', 'b'])).toEqual([null, null]);
    expect(lineValues('"text"', ['a', 'b'])).toEqual([null, null]);
    expect(lineValues('[1, "x", 3]', ['a', 'b'])).toEqual(['1', 'x']);
    expect(lineValues('  {"a": 1}  ', ['a'])).toEqual(['1']);
  });

  it('a line that starts with { must be JSON: what is wrong, and where', () => {
    const problem = (text: string) => {
      try {
        parseJson(text);
      } catch (error) {
        expect(error).toBeInstanceOf(JsonSyntaxError);
        return (error as Error).message;
      }
      return 'parsed';
    };
    expect(problem('{"a": 1')).toBe('the line ends inside the object that opens at character 1 (a "}" is missing) (character 8)');
    expect(problem('{"a": oops}')).toBe('"oops" is not a JSON value (text goes in double quotes; true, false and null are lowercase) (character 7)');
    expect(problem('{"a": 1,}')).toBe('a comma before "}" (remove the last comma) (character 9)');
    expect(problem('{"a": 1} x')).toBe('unexpected "x" after the end of the object (character 10)');
    expect(problem("{'a': 1}")).toBe('expected a key in double quotes, found "\'" (character 2)');
    expect(problem('{"a": 01}')).toMatch(/starts with a zero/);
    expect(problem('{"a": "x\ty"}')).toMatch(/a tab inside a text value/);
    expect(problem('{"a" 1}')).toBe('expected ":" after the key "a", found "1" (character 6)');
    expect(problem('{"a": 1 "b": 2}')).toBe('expected "," or "}" after the value of "a", found a double quote (") (character 9)');
  });

  it('splits lines at LF, CR and CRLF, with no line after the last line end', () => {
    expect(splitLines('a\nb\r\nc\rd').map((l) => l.text)).toEqual(['a', 'b', 'c', 'd']);
    expect(splitLines('a\n\nb\n').map((l) => l.text)).toEqual(['a', '', 'b']);
    expect(splitLines('a\n').map((l) => l.offset)).toEqual([0]);
  });
});

describe('the local copy (adapters/local/jsonl-copy.ts)', () => {
  it('one row per line, keys by table column, empty lines as rows without values, BOM skipped, CRLF and gzip read', async () => {
    const dir = tempDir();
    const text = '\ufeff{"Naam": "eik", "hoogte": 12.50}\r\n\r\n{"naam": "linde"}\r\n{"hoogte": 3}';
    const plain = join(dir, 'plain');
    const gz = join(dir, 'gz');
    mkdirSync(plain);
    mkdirSync(gz);
    writeFileSync(join(plain, 'bomen.jsonl'), text);
    writeFileSync(join(gz, 'bomen.jsonl.gz'), gzipSync(Buffer.from(text)));
    const expected = [
      { naam: 'eik', hoogte: '12.50' },
      { naam: null, hoogte: null },
      { naam: 'linde', hoogte: null },
      { naam: null, hoogte: '3' },
    ];
    expect(await localView(table('bomen_plain', plain, { naam: 'Naam', hoogte: 'hoogte' }))).toEqual(expected);
    expect(await localView(table('bomen_gz', gz, { naam: 'Naam', hoogte: 'hoogte' }))).toEqual(expected);
  });

  it('reads lines across chunk boundaries (a CRLF split over two chunks) the same as in one piece', () => {
    const dir = tempDir();
    // 1 MiB chunks: put a CR as the last byte of the first chunk
    const first = `{"a": "${'x'.repeat((1 << 20) - 10)}"}`;
    const file = join(dir, 'big.jsonl');
    writeFileSync(file, `${first}\r\n{"a": "y"}\r\n`);
    expect(Buffer.byteLength(`${first}\r`)).toBe(1 << 20);
    const copy = readFileSync(jsonlCopyOf(file, join(dir, 'cache'), [{ name: 'a', key: 'a' }]), 'utf8');
    expect(copy.split('\n')).toHaveLength(3);
    expect(copy.split('\n')[1]).toBe('{"a":"y"}');
  });

  it('stops at the first line that is not JSON; the view fails naming that line', async () => {
    const dir = tempDir();
    const data = join(dir, 'data');
    mkdirSync(data);
    writeFileSync(join(data, 'bad.jsonl'), '{"a": 1}\n{"a": 2}\n{"a": 3,}\n{"a": "never read"}\n');
    const t = table('bad_lines', data, { a: 'a' });
    await conn.run(viewSql(t, (u) => u, join(dir, 'cache')));
    await expect(rows(conn, 'select count(*) from bad_lines')).rejects.toThrow(
      'Malformed JSON in bad.jsonl on line 3: a comma before "}" (remove the last comma) (character 9)',
    );
  });
});
