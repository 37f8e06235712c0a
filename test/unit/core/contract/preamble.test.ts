import type { DuckDBConnection } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { checksQuery } from '../../../../core/contract/checks-query';
import { curatedColumns, typedSelect } from '../../../../core/contract/curated-query';
import { ContractError, parseContract } from '../../../../core/contract/parse';
import { fileColumns, missingPreambleColumns, shownPreamble, withColumns } from '../../../../core/contract/preamble';
import { rawTable } from '../../../../core/contract/raw-table';
import { keyValues } from '../../../../core/precheck';
import { missingPreambleFindings } from '../../../../core/precheck/preamble';
import { parseTrinoOrUnload } from '../../../../core/sql/trino';
import type { PreambleValue } from '../../../../schemas/payloads';
import { csvView, duck, rows, runChecks, runUnload, tempCsv } from '../../../support/sql-duckdb';

let conn: DuckDBConnection;
beforeAll(async () => {
  conn = await duck();
});

const FILE = `{ delimiter: ';', decimal_separator: ',', header_line: 6, timestamp_format: '%Y-%m-%d %H:%M' }`;
const COLUMNS = [
  '  - { name: datum, type: timestamp }',
  '  - { name: meting, type: decimal, scale: 2 }',
  '  - { name: locatie, preamble: Locatie, type: string, nullable: false }',
  '  - { name: straathoogte, preamble: Straathoogte, type: decimal, scale: 2, rules: [{ kind: range, min: -10, max: 10 }] }',
  '  - { name: x_rd, preamble: x-coördinaat, type: rd_x }',
].join('\n');

function contract(columns = COLUMNS, file = FILE, extra = '') {
  return parseContract(`id: gw\ntitle: T\nowner: o\nsource_type: iot\npurpose: test\nfile: ${file}\ncolumns:\n${columns}\n${extra}`, 'gw.yaml');
}

const problems = (columns: string, file = FILE, extra = '') => {
  try {
    contract(columns, file, extra);
    return [];
  } catch (error) {
    return (error as ContractError).problemsIn('en');
  }
};

/** The file below line 6 (header line 6: five preamble lines above it), and its preamble as the pre-check reads it. */
const PREAMBLE = "Peilbuis B12;;\nLocatie;B12;\nStraathoogte;-0,55;m + NAP\nx-coördinaat;115420;\nEigenaar;O'Brien;\n";
const TABLE = 'datum;meting\n2022-02-02 11:31;-1,83\n2022-01-17 12:31;-1,68\n2021-12-21 14:31;x\n';

let n = 0;
async function load(c: ReturnType<typeof contract>, preamble: PreambleValue[]) {
  const header = fileColumns(c).map((col) => col.name);
  const raw = rawTable(c, { database: 'd', location: 'file:///x/', header, name: `raw_pre_${++n}` });
  await csvView(conn, raw, tempCsv(`${PREAMBLE}${TABLE}`));
  const checks = checksQuery(c, { rawTable: raw.name, quarantineUri: 's3://lake/q/', header, preamble });
  expect(parseTrinoOrUnload(checks).errors).toEqual([]);
  await runChecks(conn, checks, `q_pre_${n}`);
  const quarantine = await rows(conn, `select line, column_name, rule, severity, value, message from q_pre_${n} order by line, column_name`);
  const curated = typedSelect(c, { loadId: 'l1', rawTable: raw.name, quarantineTable: `q_pre_${n}`, pseudonymKeyTable: '', curatedUri: 's3://lake/c/', preamble });
  expect(parseTrinoOrUnload(curated).errors).toEqual([]);
  await runUnload(conn, curated, `c_pre_${n}`);
  return { quarantine, curated: await rows(conn, `select * from c_pre_${n} order by _line`) };
}

describe('preamble columns: a value above the table in every row', () => {
  it('reads key;value lines: the first field after the key, the rest as a note; names the columns they become', () => {
    const c = contract();
    const values = keyValues(PREAMBLE, ';', '"');
    expect(values).toEqual([
      { line: 1, key: 'Peilbuis B12', value: '' },
      { line: 2, key: 'Locatie', value: 'B12' },
      { line: 3, key: 'Straathoogte', value: '-0,55', note: 'm + NAP' },
      { line: 4, key: 'x-coördinaat', value: '115420' },
      { line: 5, key: 'Eigenaar', value: "O'Brien" },
    ]);
    const named = withColumns(c, values.map((v) => (v.key === 'Locatie' ? { ...v, key: ' LOCATIE ' } : v)));
    expect(named.map((v) => v.column)).toEqual([undefined, 'locatie', 'straathoogte', 'x_rd', undefined]);
    expect(missingPreambleColumns(c, values.slice(0, 3)).map((col) => col.name)).toEqual(['x_rd']);
    expect(fileColumns(c).map((col) => col.name)).toEqual(['datum', 'meting']);
  });

  it('puts the typed values in every curated row, quoted safely, and checks them once on their own line', async () => {
    const c = contract(`${COLUMNS}\n  - { name: eigenaar, preamble: Eigenaar, type: string }`);
    const preamble = withColumns(c, keyValues(PREAMBLE, ';', '"'));
    const { quarantine, curated } = await load(c, preamble);
    // only the table's bad value (line 9: five preamble lines, the header, two rows)
    expect(quarantine.map((q) => [Number(q.line), q.column_name, q.rule])).toEqual([[9, 'meting', 'type']]);
    expect(curated).toHaveLength(2);
    for (const row of curated) {
      expect(row).toMatchObject({ locatie: 'B12', x_rd: 115420, eigenaar: "O'Brien" });
      expect(String(row.straathoogte)).toBe('-0.55');
    }
    expect(curated.map((r) => Number(r._line))).toEqual([7, 8]);
    expect(curatedColumns(c).map((col) => `${col.name} ${col.type}`)).toEqual([
      'datum timestamp',
      'meting decimal(18,2)',
      'locatie varchar',
      'straathoogte decimal(18,2)',
      'x_rd double',
      'eigenaar varchar',
      '_line bigint',
      '_load varchar',
    ]);
  });

  it('a value that breaks its type or a rule is one finding on its line, which holds up the load unless it only warns', async () => {
    const c = contract(COLUMNS.replace('rules: [{ kind: range, min: -10, max: 10 }]', 'rules: [{ kind: range, min: 0, max: 10, severity: warn }]'));
    const values = withColumns(c, keyValues(PREAMBLE, ';', '"')).map((v) => (v.column === 'x_rd' ? { ...v, value: 'onbekend' } : v));
    const { quarantine, curated } = await load(c, values);
    expect(quarantine.map((q) => [Number(q.line), q.column_name, q.rule, q.severity, q.value])).toEqual([
      [3, 'straathoogte', 'range', 'warn', '-0,55'],
      [4, 'x_rd', 'type', 'reject_load', 'onbekend'],
      [9, 'meting', 'type', 'reject_row', 'x'],
    ]);
    expect(quarantine.find((q) => q.column_name === 'x_rd')?.message).toMatch(/^x-coördinaat "onbekend" is geen /);
    expect(curated.map((r) => r.x_rd)).toEqual([null, null]);
  });

  it('a key the file lacks: no value, and a finding that names the key and what to do', async () => {
    const c = contract();
    const values = withColumns(c, keyValues(PREAMBLE, ';', '"')).filter((v) => v.key !== 'Locatie' && v.key !== 'x-coördinaat');
    const { quarantine, curated } = await load(c, values);
    expect(quarantine.map((q) => q.column_name)).toEqual(['meting']);
    expect(curated.map((r) => [r.locatie, r.x_rd])).toEqual([
      [null, null],
      [null, null],
    ]);
    const [locatie, x] = missingPreambleFindings(c, values, 'B12.csv', 'nl');
    expect(locatie).toMatchObject({ code: 'preamble_key_missing', severity: 'reject_load', column: 'locatie' });
    expect(locatie?.message).toContain('Locatie');
    expect(locatie?.advice).toMatch(/vóór regel 6/);
    expect(x).toMatchObject({ severity: 'warn', column: 'x_rd' });
    expect(missingPreambleFindings(c, values, 'B12.csv', 'en')[0]?.message).toMatch(/has no line .Locatie. above the table/);
  });

  it('masks the value of a personal preamble column where a report shows it', () => {
    const c = contract(`${COLUMNS}\n  - { name: eigenaar, preamble: Eigenaar, type: string, personal_data: direct, privacy: drop }`);
    const shown = shownPreamble(c, withColumns(c, keyValues(PREAMBLE, ';', '"')));
    expect(shown.find((v) => v.key === 'Eigenaar')?.value).toBe("x'xxxxx");
    expect(shown.find((v) => v.key === 'Locatie')?.value).toBe('B12');
  });

  it('refuses a preamble column where there is no preamble, with a source, twice, unique, or as the whole key', () => {
    expect(problems(COLUMNS, `{ delimiter: ';' }`)).toEqual(expect.arrayContaining([expect.stringMatching(/^columns\[2\]\.preamble: the table starts on line 1/)]));
    expect(problems(COLUMNS, `{ format: jsonl }`)).toEqual(expect.arrayContaining([expect.stringMatching(/^columns\[2\]\.preamble: only a CSV file/)]));
    expect(problems(`${COLUMNS}\n  - { name: loc2, preamble: LOCATIE, source: loc, type: string }`)).toEqual([
      'columns[5]: a column comes from the table (source) or from the lines above it (preamble), not both',
      'columns[5].preamble: "LOCATIE" is also the key of columns[2]',
    ]);
    expect(problems(COLUMNS.replace('nullable: false }', 'nullable: false, rules: [{ kind: unique }] }'))).toEqual([
      expect.stringMatching(/^columns\[2\]\.rules\[0\]: a preamble value is the same on every row/),
    ]);
    expect(problems(COLUMNS, FILE, 'keys: { primary: [locatie] }')).toEqual([expect.stringMatching(/^keys\.primary: preamble values/)]);
    expect(problems(COLUMNS, FILE, 'keys: { primary: [locatie, datum] }')).toEqual([]);
    // a preamble column's name may be a heading of the table too: it has none itself
    expect(problems(`${COLUMNS}\n  - { name: locatie_2, source: Locatie, type: string }`)).toEqual([]);
  });
});
