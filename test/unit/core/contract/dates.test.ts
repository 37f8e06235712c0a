import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuckDBConnection } from '@duckdb/node-api';
import { monthNumber, planDateFormat } from '../../../../core/contract/dates';
import { typePlan } from '../../../../core/contract/types';
import { parseContract } from '../../../../core/contract/parse';
import { parseTrino } from '../../../../core/sql/trino';
import { guessType } from '../../../../core/infer/types';
import type { Column, FileDialect } from '../../../../schemas/contract';
import { duck, rows } from '../../../support/sql-duckdb';

let conn: DuckDBConnection;
beforeAll(async () => {
  conn = await duck();
});
afterAll(() => conn.closeSync());

const dialect = (date_format: string): FileDialect =>
  ({ format: 'csv', delimiter: ',', quote: '"', encoding: 'utf-8', header: true, header_line: 1, decimal_separator: '.', date_format, timestamp_format: '%Y-%m-%d %H:%M:%S', null_markers: [''] }) as FileDialect;
const date = { name: 'v', type: 'date' } as Column;

async function convert(format: string, values: string[]): Promise<(string | null)[]> {
  const sql = typePlan(date, dialect(format)).convert('v');
  expect(parseTrino(`select ${sql} from t`).errors).toEqual([]);
  const list = values.map((v) => `('${v.replace(/'/g, "''")}')`).join(', ');
  const got = await rows(conn, `select cast(${sql} as varchar) as d from (values ${list}) as t(v)`);
  return got.map((r) => r.d as string | null);
}

describe('month names in date formats (%b, %B)', () => {
  it('reads Dutch and English months and abbreviations, any capitals, on DuckDB with the Trino text', async () => {
    expect(await convert('%b%Y', ['Mrt2021', 'Apr2021', 'Sept2021', 'July2021', 'mei2021', 'Okt2021', 'Oct2021', 'DEC2021', 'June021', 'Foo2021'])).toEqual([
      '2021-03-01',
      '2021-04-01',
      '2021-09-01',
      '2021-07-01',
      '2021-05-01',
      '2021-10-01',
      '2021-10-01',
      '2021-12-01',
      null, // a three-digit year
      null, // not a month
    ]);
    expect(await convert('%d %B %Y', ['1 januari 2024', '15 maart 2024', '3 March 2024', '31 augustus 2023', '30 februari 2024'])).toEqual([
      '2024-01-01',
      '2024-03-15',
      '2024-03-03',
      '2023-08-31',
      null, // no such day
    ]);
    expect(await convert('%d-%b-%Y', ['07-mrt.-2024', '07-jun-2024'])).toEqual(['2024-03-07', '2024-06-07']);
  });

  it('numbers months by their first three letters and knows every spelling', () => {
    expect(['jan', 'februari', 'Maart', 'mrt', 'APRIL', 'mei', 'May', 'juni', 'jul', 'Augustus', 'sept', 'okt', 'october', 'nov', 'dec'].map(monthNumber)).toEqual([
      1, 2, 3, 3, 4, 5, 5, 6, 7, 8, 9, 10, 10, 11, 12,
    ]);
    expect(planDateFormat('%B %Y').groups).toEqual({ b: 1, Y: 2 });
    expect(() => planDateFormat('%m %b %Y')).toThrow(/the month appears twice/);
  });

  it('refuses two-digit years with a message, and a date without a year', () => {
    const contract = (format: string) => () =>
      parseContract(`id: x\ntitle: X\nowner: O\nsource_type: open\npurpose: P\nfile: { date_format: '${format}' }\ncolumns:\n  - { name: d, type: date }\n`, 'x.yaml');
    expect(contract('%d-%m-%y')).toThrow(/file.date_format: een jaartal van twee cijfers \(%y\) is niet eenduidig .* gebruik %Y$/);
    expect(contract('%d-%m')).toThrow(/een datum heeft een jaartal nodig/);
    expect(contract('%b%Y')().file.date_format).toBe('%b%Y');
  });

  it('is guessed by contract infer from values like Mrt2021', () => {
    const guess = (values: string[]) => guessType({ name: 'periode', values }, '.', { rdX: false, rdY: false, lat: false, lon: false }, 2026);
    expect(guess(['Jan2021', 'Mrt2021', 'Sept2021', 'Dec2021'])).toMatchObject({ type: 'date', format: '%b%Y' });
    expect(guess(['Jan2021', 'June021'])).toMatchObject({ type: 'string' });
  });
});
