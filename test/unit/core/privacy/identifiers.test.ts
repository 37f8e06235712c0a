import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Column, ColumnType, FileDialect } from '../../../../schemas/contract';
import { fileDialect } from '../../../../schemas/contract';
import { typePlan } from '../../../../core/contract/types';
import { isBsn, isEmail, isHouseNumber, isIban, isKenteken, isPhoneNl } from '../../../../core/privacy/identifiers';
import { maskPersonalValue, maskPersonalValueSql } from '../../../../core/privacy/mask';
import { parseTrino } from '../../../../core/sql/trino';
import { quoteString } from '../../../../core/sql/quote';
import { duck, rows } from '../../../support/sql-duckdb';

let conn: DuckDBConnection;
beforeAll(async () => {
  conn = await duck();
});
afterAll(() => conn.closeSync());

const dialect: FileDialect = fileDialect.parse({});
const column = (type: ColumnType): Column => ({ name: 'v', type, nullable: true, rules: [], severity: 'reject_row', personal_data: 'none' });

/** The type's SQL on DuckDB, after parsing it with the Trino grammar: typed value per input (null = type violation). */
async function typed(type: ColumnType, inputs: string[]): Promise<(string | null)[]> {
  const convert = typePlan(column(type), dialect).convert('"t"');
  const sql = `select ${convert} as "typed" from (values ${inputs.map((v, i) => `(${i}, ${quoteString(v)})`).join(', ')}) as "x"("i", "t") order by "i"`;
  expect(parseTrino(sql).errors).toEqual([]);
  return (await rows(conn, sql)).map((r) => (r.typed === null ? null : String(r.typed)));
}

/** Valid BSNs by construction: eight digits, the ninth chosen so the 11-check holds (skipped when it would be 10). */
function bsns(count: number): string[] {
  const out: string[] = [];
  for (let n = 10_000_019; out.length < count; n += 7_919_311) {
    const d = String(n % 100_000_000).padStart(8, '0');
    const sum = [...d].reduce((s, c, i) => s + Number(c) * (9 - i), 0);
    const last = sum % 11;
    if (last < 10) out.push(d + String(last));
  }
  return out;
}

describe('Recognisers: BSN, IBAN, e-mail, phone, kenteken, house number', () => {
  it('accepts BSNs that pass the 11-check, keeps leading zeros, and rejects the rest', async () => {
    const valid = ['111222333', '123456782', '010000008', ...bsns(40)];
    const invalid = ['123456789', '111222334', '000000000', '12345678', '1234567890', '11122233a', ' 111222333', '111 222 333'];
    for (const v of valid) expect(isBsn(v), v).toBe(true);
    for (const v of invalid) expect(isBsn(v), v).toBe(false);
    expect(await typed('bsn', [...valid, ...invalid])).toEqual([...valid, ...invalid.map(() => null)]);
  });

  it('checks IBANs by mod-97, in any country, with spaces and lower case', async () => {
    const valid = ['NL91ABNA0417164300', 'NL91 ABNA 0417 1643 00', 'nl91abna0417164300', 'DE89370400440532013000', 'GB82WEST12345698765432', 'MT84MALT011000012345MTLCAST001S'];
    const invalid = ['NL91ABNA0417164301', 'NL19ABNA0417164300', 'NL91ABNA041716430', 'XX', '0417164300', 'NL91-ABNA-0417-1643-00'];
    for (const v of valid) expect(isIban(v), v).toBe(true);
    for (const v of invalid) expect(isIban(v), v).toBe(false);
    const out = await typed('iban', [...valid, ...invalid]);
    expect(out.slice(0, valid.length)).toEqual(valid.map((v) => v.replace(/ /g, '').toUpperCase()));
    expect(out.slice(valid.length)).toEqual(invalid.map(() => null));
  });

  it('reads e-mail addresses and Dutch phone numbers the same way in SQL as in code', async () => {
    const emails = ['jan.jansen@example.nl', 'A.B@Sub.Example.COM', 'no-at.example.nl', 'two@@x.nl', 'x@y', 'a b@x.nl'];
    expect(await typed('email', emails)).toEqual(emails.map((e) => (isEmail(e) ? e.toLowerCase() : null)));
    const phones = ['0612345678', '06-12345678', '020-1234567', '+31 20 1234567', '+31 (0)20 1234567', '0031612345678', '(020) 123 45 67', '061234567', '0012345678', '+32 2 1234567', '06123456789'];
    const out = await typed('phone_nl', phones);
    expect(out.map((v) => v !== null)).toEqual(phones.map(isPhoneNl));
    expect(out.slice(0, 7)).toEqual(['+31612345678', '+31612345678', '+31201234567', '+31201234567', '+31201234567', '+31612345678', '+31201234567']);
  });

  it('knows the kenteken side codes and is not fooled by a rental registration number', async () => {
    const plates = ['12-ABC-3', '1-ABC-23', 'AB-12-34', '12-34-AB', 'XX-999-X', 'GBZP45', 'g-999-bb', '99 XXX 9'];
    const not = ['0363 5F3A 5684 6750 D14D', '0363 CBB3 2C10 0C2A 1E29', 'ABC-1234', '123456', 'AB-CD-EF', '1-2-3'];
    for (const v of plates) expect(isKenteken(v), v).toBe(true);
    for (const v of not) expect(isKenteken(v), v).toBe(false);
    expect((await typed('kenteken', [...plates, ...not])).map((v) => v !== null)).toEqual([...plates.map(() => true), ...not.map(() => false)]);
  });

  it('reads house numbers with additions', async () => {
    const ok = ['12', '12a', '12 A', '12-2', '12-hs', '12 bis', '101-III', '1'];
    const bad = ['0', '012', '12 3 4', 'a12', '123456', '12--a', ''];
    for (const v of ok) expect(isHouseNumber(v), v).toBe(true);
    for (const v of bad.filter((b) => b !== '')) expect(isHouseNumber(v), v).toBe(false);
    expect(await typed('house_number', ok)).toEqual(ok);
  });
});

describe('maskPersonalValue', () => {
  const personal = { ...column('string'), personal_data: 'direct' } as Column;
  it('masks letters and digits of personal values and leaves other values alone', () => {
    expect(maskPersonalValue(personal, 'Jan de Vries')).toBe('xxx xx xxxxx');
    expect(maskPersonalValue(personal, 'Ömer Çelik-Doğan')).toBe('xxxx xxxxx-xxxxx');
    expect(maskPersonalValue(column('bsn'), '12345678')).toBe('99999999');
    expect(maskPersonalValue(column('email'), 'jan@x.nl')).toBe('xxx@x.xx');
    expect(maskPersonalValue(column('string'), 'Jan')).toBe('Jan');
    expect(maskPersonalValue(personal, null)).toBeNull();
  });

  it('masks the same in SQL as in code', async () => {
    const values = ['Jan de Vries', 'Ömer Çelik-Doğan', 'ŁÓDŹ straße 12b', 'jan@example.nl', '+31 6 1234 5678', 'ÿ€'];
    const sql = `select ${maskPersonalValueSql(personal, '"t"')} as "m" from (values ${values.map((v, i) => `(${i}, ${quoteString(v)})`).join(', ')}) as "x"("i", "t") order by "i"`;
    expect(parseTrino(sql).errors).toEqual([]);
    expect((await rows(conn, sql)).map((r) => r.m)).toEqual(values.map((v) => maskPersonalValue(personal, v)));
  });
});
