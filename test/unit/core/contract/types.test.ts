import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Column, ColumnType, FileDialect } from '../../../../schemas/contract';
import { columnType } from '../../../../schemas/contract';
import { typePlan } from '../../../../core/contract/types';
import { compatStatements } from '../../../../adapters/local/duckdb-compat';
import { parseTrino } from '../../../../core/sql/trino';
import { duck, rows } from '../../../support/sql-duckdb';

/**
 * The regex-free fast paths of core/contract/types.ts (cast round trips in front of the regex guards) must not
 * change any result: for every input, the expression with fast paths gives exactly what the guarded expression
 * alone (`fastPaths: false`, today's expression) gives. Checked here on DuckDB over tricky and fuzzed text.
 */

let conn: DuckDBConnection;
beforeAll(async () => {
  conn = await duck();
});
afterAll(() => {
  conn.closeSync();
});

const dot: FileDialect = {
  format: 'csv',
  delimiter: ',',
  quote: '"',
  encoding: 'utf-8',
  header: true,
  decimal_separator: '.',
  date_format: '%Y-%m-%d',
  timestamp_format: '%Y-%m-%d %H:%M:%S',
  null_markers: [''],
} as FileDialect;
const comma: FileDialect = { ...dot, decimal_separator: ',' };

function column(type: ColumnType, scale?: number): Column {
  return { name: 'v', type, ...(scale === undefined ? {} : { scale }) } as Column;
}

/** Deterministic pseudo-random numbers (mulberry32), so a failure is reproducible. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function fuzz(seed: number, count: number, alphabet: string, maxLength: number): string[] {
  const next = random(seed);
  return Array.from({ length: count }, () => {
    const length = 1 + Math.floor(next() * maxLength);
    let s = '';
    for (let i = 0; i < length; i++) s += alphabet[Math.floor(next() * alphabet.length)];
    return s;
  });
}

/** Valid values with one character replaced, inserted or deleted. */
function mutate(seed: number, values: string[], alphabet: string): string[] {
  const next = random(seed);
  const pick = (s: string): number => Math.floor(next() * s.length);
  return values.flatMap((v) => {
    const i = pick(v);
    const ch = alphabet[pick(alphabet)] ?? '';
    return [v.slice(0, i) + ch + v.slice(i + 1), v.slice(0, i) + ch + v.slice(i), v.slice(0, i) + v.slice(i + 1)];
  });
}

const blanks = ['', ' ', '  ', '\t', '1\t', '\t1', '1\n', '\u00a01', '1\u00a0'];
const words = ['a', 'x', 'null', 'NULL', 'true', 'n.v.t.', 'onbekend', 'inf', '-inf', '+inf', 'Inf', 'infinity', 'Infinity', '-Infinity'];
const moreWords = ['nan', 'NaN', '-nan', 'epoch', 'today', 'now', 'tomorrow', 'allballs', '1d', '1f', '1L', '1.5d', '٣', '１２', '12ab'];
const signs = ['-', '+', '.', ',', '-.', '+.', '-,', 'e', 'E', '1e', 'e1', '--1', '+-1', '-+1', '++1', '1-', '1+'];
const integers = ['0', '-0', '+0', '00', '007', '-007', '7', '-7', '+5', ' 1', '1 ', ' 1 ', '1.0', '1.', '1,0', '1,', '1.00', '1,00'];
const integerEdges = [
  '9223372036854775807',
  '-9223372036854775808',
  '9223372036854775808',
  '-9223372036854775809',
  '99999999999999999999',
  '-99999999999999999999',
  '09223372036854775807',
  '9007199254740992',
  '9007199254740993',
  '-9007199254740993',
  '18014398509481985',
  '123456789012345678',
  '999999999999999999',
  '1000000000000000000',
  '1'.repeat(40),
  '0'.repeat(40),
  `-${'9'.repeat(30)}`,
];
const numberForms = ['1e3', '1E3', '1e-3', '1e+3', '-1e3', '1.5e2', '1,5e2', '.5e1', '1e400', '-1e400', '1e-400', '0x10', '0X10', '-0x10', '0b1', '0o7', '1_000', '1 000', '1,000', '1.000', '1.000,50', '1,000.50'];
const decimals = ['.5', '-.5', '+.5', ',5', '-,5', '0.5', '-0.5', '0,5', '0.50', '-0.50', '0,50', '0.00', '-0.00', '0,00', '-0,00', '0.0', '00.00', '0.000'];
const amounts = ['772.65', '772,65', '-772.65', '+772.65', '772.6', '772.650', '1690.4', '1690,4', '12.00', '12,00', '12', '-3.00', '-3,00', '01.00', '1.234,56', '1.234.567,89', '12.345.678,90', '1.23', '1.234', '1,234'];
const decimalEdges = ['9999999999999999.99', '-9999999999999999.99', '99999999999999999.99', '9999999999999999,99', '10000000000000000.00', '999999999999999999', '0.005', '0.015', '0.994', '0.995', '1.005', '-1.005', '0.123456789012345678', '0.1234567890123456789', `${'1'.repeat(18)}.${'1'.repeat(18)}`];
const coordinates = ['185146', '575083', '185146.0', '185146.5', '185146,5', '1.84249E5', '184249.0', '-1', '0', '299999', '300000', '300001', '300000.0', '300000.5', '624999', '625000', '625001', '565000', '000185146', '-185146', '+185146', '185.146', '185.146,5', '53.2', '6'];
/** RD-like coordinates at and around the range bounds, whole and not, in several spellings. */
function coordinateGrid(): string[] {
  const out: string[] = [];
  for (const base of ['0', '1', '155000', '299999', '300000', '300001', '463000', '624999', '625000', '625001', '1000000'])
    for (const prefix of ['', '-', '+', '0'])
      for (const suffix of ['', '.0', '.5', ',5', '.25', ',25', '.', ',', 'e0', '.000', ',000']) out.push(`${prefix}${base}${suffix}`);
  const next = random(7);
  for (let i = 0; i < 500; i++) out.push(String(Math.floor(next() * 700000)));
  return out;
}

const numericAlphabet = '0000111223456789-+.,eE x_';
const general = [...blanks, ...words, ...moreWords, ...signs, ...integers, ...integerEdges, ...numberForms, ...decimals, ...amounts, ...decimalEdges];
const numericInputs = [
  ...general,
  ...coordinates,
  ...coordinateGrid(),
  ...Array.from({ length: 401 }, (_, i) => String(i - 200)),
  ...fuzz(1, 4000, numericAlphabet, 12),
  ...fuzz(2, 1000, '0123456789.', 22),
  ...mutate(3, [...amounts, ...coordinates, ...decimals], '0123456789-+.,e '),
];

/** The typed value as text per input, for the expression over column `v` of table `inputs`. */
async function results(sql: string): Promise<Map<string, string | null>> {
  const out = new Map<string, string | null>();
  for (const r of await rows(conn, `select v as t, cast(${sql} as varchar) as r from inputs`)) out.set(r.t as string, r.r as string | null);
  return out;
}

async function loadInputs(values: string[]): Promise<number> {
  const distinct = [...new Set(values)];
  await conn.run('create or replace table inputs (v varchar)');
  const appender = await conn.createAppender('inputs');
  for (const v of distinct) {
    appender.appendVarchar(v);
    appender.endRow();
  }
  appender.appendNull();
  appender.endRow();
  appender.closeSync();
  return distinct.length;
}

interface Case {
  label: string;
  col: Column;
  dialect: FileDialect;
  inputs: () => string[];
  /** Inputs that must take the fast path: they are converted even when every regex fails. */
  fast: string[];
}

const cases: Case[] = [
  { label: 'integer', col: column('integer'), dialect: dot, inputs: () => numericInputs, fast: ['12', '-3', '0', '5', '9223372036854775807'] },
  { label: 'integer, decimal comma', col: column('integer'), dialect: comma, inputs: () => numericInputs, fast: ['12', '-3', '0'] },
  { label: 'decimal(18,2)', col: column('decimal', 2), dialect: dot, inputs: () => numericInputs, fast: ['772.65', '0.50', '-3.00', '0.00'] },
  { label: 'decimal(18,0)', col: column('decimal', 0), dialect: dot, inputs: () => numericInputs, fast: ['12', '-3', '0'] },
  { label: 'decimal(18,5)', col: column('decimal', 5), dialect: dot, inputs: () => numericInputs, fast: ['1.50000', '-0.00100'] },
  { label: 'decimal(18,2), decimal comma', col: column('decimal', 2), dialect: comma, inputs: () => numericInputs, fast: ['772,65', '0,50', '-3,00'] },
  { label: 'decimal(18,0), decimal comma', col: column('decimal', 0), dialect: comma, inputs: () => numericInputs, fast: ['12', '-3', '0'] },
  { label: 'decimal(18,3), decimal comma', col: column('decimal', 3), dialect: comma, inputs: () => numericInputs, fast: ['1,500', '1234,000'] },
  { label: 'rd_x', col: column('rd_x'), dialect: dot, inputs: () => numericInputs, fast: ['185146', '0', '300000', '300001', '-1'] },
  { label: 'rd_y', col: column('rd_y'), dialect: dot, inputs: () => numericInputs, fast: ['575083', '300000', '625000', '625001', '299999'] },
  { label: 'rd_x, decimal comma', col: column('rd_x'), dialect: comma, inputs: () => numericInputs, fast: ['185146'] },
  { label: 'rd_y, decimal comma', col: column('rd_y'), dialect: comma, inputs: () => numericInputs, fast: ['575083'] },
];

describe('regex-free fast paths give exactly the guarded result', () => {
  for (const c of cases) {
    it(c.label, async () => {
      const n = await loadInputs(c.inputs());
      expect(n).toBeGreaterThan(300);
      const guarded = typePlan(c.col, c.dialect, { fastPaths: false }).convert('v');
      const fast = typePlan(c.col, c.dialect).convert('v');
      expect(fast).not.toBe(guarded);
      for (const sql of [guarded, fast]) expect(parseTrino(`select ${sql} as "typed" from inputs`).errors).toEqual([]);

      const before = await results(guarded);
      const after = await results(fast);
      const differ = [...before].filter(([t, r]) => after.get(t) !== r).map(([t, r]) => ({ t, guarded: r, fast: after.get(t) }));
      expect(differ).toEqual([]);
      // the comparison is not vacuous: both valid and invalid values are among the inputs
      const converted = [...before.values()].filter((r) => r !== null).length;
      expect(converted).toBeGreaterThan(20);
      expect(n + 1 - converted).toBeGreaterThan(20);
    });
  }
});

describe('the fast paths take the common forms without a regex', () => {
  afterAll(async () => {
    // restore the compat macros for the other tests
    for (const s of compatStatements()) await conn.run(s);
  });
  it('canonical text converts even when every regex fails', async () => {
    await conn.run(`create or replace macro regexp_like(s, p) as error('regex evaluated for ' || s)`);
    for (const c of cases) {
      await loadInputs(c.fast);
      const got = await rows(conn, `select v, ${typePlan(c.col, c.dialect).convert('v')} is not null as ok from inputs where v is not null`);
      // the RD range is part of the fast path too: whole numbers out of range are NULL without a regex
      const expected = c.fast.map((v) => ({ v, ok: !(c.col.type === 'rd_x' && (v === '300001' || v === '-1')) && !(c.col.type === 'rd_y' && (v === '625001' || v === '299999')) }));
      expect(got.sort((a, b) => String(a.v).localeCompare(String(b.v)))).toEqual(expected.sort((a, b) => a.v.localeCompare(b.v)));
      // and other text does reach the regex (so the check above is not vacuous)
      await loadInputs(['+5']);
      await expect(rows(conn, `select ${typePlan(c.col, c.dialect).convert('v')} from inputs`)).rejects.toThrow(/regex evaluated/);
    }
  });
});

describe('types without a fast path keep the guarded expression', () => {
  it('double, latitude, longitude, date, timestamp and the text types are unchanged', () => {
    // double: mostly fractions, which would pay for the round trip and the regex; latitude and longitude: whole
    // numbers only at 51–53 and 4–7; date and timestamp: rendering costs as much as the regex (see types.ts)
    const withFast = new Set<string>(['integer', 'decimal', 'rd_x', 'rd_y']);
    for (const type of columnType.options) {
      for (const dialect of [dot, comma]) {
        const col = column(type);
        const same = typePlan(col, dialect).convert('v') === typePlan(col, dialect, { fastPaths: false }).convert('v');
        expect({ type, same }).toEqual({ type, same: !withFast.has(type) });
      }
    }
  });
});
