import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { precheck } from '../../../../core/precheck';
import { boundFinding, damagedFinding, emptyLoadFinding, limitFinding, recordsMismatchFinding, repeatFinding } from '../../../../core/report';
import { type Contract, contract as contractSchema } from '../../../../schemas/contract';
import type { Language } from '../../../../schemas/language';
import type { Finding, Intake } from '../../../../schemas/payloads';

/** Every finding the pre-check and intake make, in Dutch by default and in English on request. */

const contract = (file: Record<string, unknown> = {}, columns?: unknown[], keys?: unknown): Contract =>
  contractSchema.parse({
    id: 'bomen',
    title: 'Bomen',
    owner: 'Team Groen',
    source_type: 'open',
    purpose: 'test',
    file,
    columns: columns ?? [
      { name: 'id', type: 'integer', nullable: false },
      { name: 'soort', type: 'string' },
      { name: 'jaar', type: 'integer' },
    ],
    ...(keys ? { keys } : {}),
  });

const jsonl = contract({ format: 'jsonl' }, [
  { name: 'sensor_id', source: 'SensorID', type: 'string' },
  { name: 'gemeten', type: 'string', nullable: false },
  { name: 'status', type: 'string' },
], { primary: ['sensor_id'] });

const enc = (text: string) => new TextEncoder().encode(text);
const cat = (...parts: (Uint8Array | number[])[]) => new Uint8Array(parts.flatMap((p) => [...p]));

interface Fixture {
  head: Uint8Array;
  contract?: Contract;
  fileName?: string;
  gzip?: boolean;
  size?: number;
  window?: number;
}

const GOOD = 'id,soort,jaar\n1,Eik,1925\n2,Beuk,1954\n';

/** One fixture per finding (and per variant of its wording). */
const fixtures: Record<string, Fixture> = {
  empty: { head: enc('') },
  emptyAfterGzip: { head: enc(''), gzip: true, size: 20, fileName: 'bomen.csv.gz' },
  spaces: { head: cat([0xef, 0xbb, 0xbf], enc('  \n\n')) },
  gzipButNone: { head: enc(GOOD), gzip: true, contract: contract({ compression: 'none' }), fileName: 'bomen.csv.gz' },
  plainButGzip: { head: enc(GOOD), contract: contract({ compression: 'gzip' }) },
  utf16: { head: cat([0xff, 0xfe], [...enc('id,soort')].flatMap((b) => [b, 0])) },
  utf16Jsonl: { head: cat([0xff, 0xfe], [...enc('{"a":1}')].flatMap((b) => [b, 0])), contract: jsonl },
  gzipDamaged: { head: gzipSync(enc(GOOD)), gzip: true, fileName: 'bomen.csv.gz' },
  gzipWithoutGz: { head: gzipSync(enc(GOOD)) },
  nul: { head: cat(enc('id,soort\n1,'), [0, 0, 0], enc('\n')) },
  nulJsonl: { head: cat(enc('{"a":'), [0, 0], enc('}\n')), contract: jsonl },
  xlsx: { head: cat([0x50, 0x4b, 0x03, 0x04], enc('xl/workbook.xml')), fileName: 'bomen.xlsx' },
  xls: { head: cat([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], new Uint8Array(40)) },
  pdf: { head: enc('%PDF-1.7\n%âãÏÓ\n1 0 obj\n') },
  parquet: { head: cat(enc('PAR1'), [1, 2, 3, 4]) },
  pdfJsonl: { head: enc('%PDF-1.7\n%âãÏÓ\n1 0 obj\n'), contract: jsonl },
  headerLineMissing: { head: enc('plaats;Amsterdam\n'), contract: contract({ header_line: 5 }) },
  delimiter: { head: enc('id;soort;jaar\n1;Eik;1925\n2;Beuk;1954\n') },
  windows1252: { head: cat(enc('id,soort,jaar\n1,Ca'), [0xe9], enc('sar,1925\n')) },
  windows1252Cut: { head: cat(enc('id,soort,jaar\n1,Ca'), [0xe9], enc('sar,1925\n2,B')), size: 100_000 },
  mixed: { head: cat([0xef, 0xbb, 0xbf], enc('id,soort,jaar\n1,Caf'), [0xc3, 0xa9], enc(',1925\n2,Ca'), [0xe9], enc(',1954\n')) },
  utf8Not1252: { head: enc('id,soort,jaar\n1,Café,1925\n'), contract: contract({ encoding: 'windows-1252' }) },
  quoteNeverClosed: { head: enc('id,soort,jaar\n1,"Eik,1925\n2,Beuk,1954\n') },
  quoteRunsOn: { head: enc('id,soort,jaar\n1,"Eik,1925\n2,Beuk,1954\n3,Es,1960\n4,Els",1970\n') },
  firstLineTooLong: { head: enc(`id,soort,${'x'.repeat(300)}`), size: 100_000, window: 300 },
  lineTooLong: { head: enc(`id,soort,jaar\n1,${'x'.repeat(300)}`), size: 100_000, window: 300 },
  headerOnly: { head: enc('id,soort,jaar\n') },
  blankLines: { head: enc('id,soort,jaar\n1,Eik,1925\n\n2,Beuk,1954\n\n') },
  ragged: { head: enc('id,soort,jaar\n1,Eik,1925,x\n2,Beuk\n') },
  raggedNoHeader: { head: enc('1,Eik,1925\n2,Beuk\n3,Es,1960\n'), contract: contract({ header: false }) },
  emptyHeadingFirst: { head: enc(',id,soort,jaar\n0,1,Eik,1925\n') },
  emptyHeadingLast: { head: enc('id,soort,jaar,\n1,Eik,1925,\n') },
  duplicateExpected: { head: enc('id,soort,soort,jaar\n1,Eik,Es,1925\n') },
  duplicateOther: { head: enc('id,soort,jaar,x,x\n1,Eik,1925,a,b\n') },
  headingDiffers: { head: enc('ID,soort,jaar\n1,Eik,1925\n') },
  missingNear: { head: enc('id,sort,jaar\n1,Eik,1925\n') },
  missing: { head: enc('id,soort\n1,Eik\n') },
  extra: { head: enc('id,soort,jaar,opmerking\n1,Eik,1925,x\n') },
  byPositionMissing: { head: enc('1,Eik\n2,Beuk\n'), contract: contract({ header: false }) },
  byPositionExtra: { head: enc('1,Eik,1925,x\n2,Beuk,1954,y\n'), contract: contract({ header: false }) },
  headerByNames: { head: enc('id,soort,jaar\n1,Eik,1925\n'), contract: contract({ header: false }) },
  headerByValues: { head: enc('nummer,boomsoort,plantjaar\n1,Eik,1925\n2,Beuk,1954\n3,Es,1960\n'), contract: contract({ header: false }) },
  jsonlNotUtf8: { head: cat(enc('{"SensorID": "Ca'), [0xe9], enc('", "gemeten": "x"}\n')), contract: jsonl },
  jsonlLineTooLong: { head: enc(`{"SensorID": "${'x'.repeat(300)}`), contract: jsonl, size: 100_000, window: 200 },
  jsonlInvalid: { head: enc('{"SensorID": "S-1", "gemeten": "x"}\n{"SensorID": "S-2" "gemeten": "x"}\n'), contract: jsonl },
  jsonlNotObject: { head: enc('{"SensorID": "S-1", "gemeten": "x"}\n["S-2"]\n'), contract: jsonl },
  jsonlDocument: { head: enc('[{"SensorID": "S-1", "gemeten": "x"}]\n'), contract: jsonl },
  jsonlBlank: { head: enc('{"SensorID": "S-1", "gemeten": "x"}\n\n{"SensorID": "S-2", "gemeten": "x"}\n'), contract: jsonl },
  jsonlDuplicateKey: { head: enc('{"SensorID": "S-1", "sensorid": "S-2", "gemeten": "x"}\n'), contract: jsonl },
  jsonlKeyDiffers: { head: enc('{"sensorID": "S-1", "gemeten": "x"}\n'), contract: jsonl },
  jsonlMissingNear: { head: enc('{"SensorID": "S-1", "gemetn": "x"}\n'), contract: jsonl },
  jsonlMissing: { head: enc('{"SensorID": "S-1"}\n{"SensorID": "S-2"}\n'), contract: jsonl },
  jsonlMissingPrimary: { head: enc('{"gemeten": "x"}\n'), contract: jsonl },
  jsonlExtraNear: { head: enc('{"SensorID": "S-1", "gemeten": "x", "statsu": "a"}\n'), contract: jsonl },
  jsonlExtraKeys: { head: enc('{"SensorID": "S-1", "gemeten": "x", "batterij": 3, "locatie": "b"}\n'), contract: jsonl },
};

function run(f: Fixture, language: Language) {
  return precheck({
    head: f.head,
    size: f.size ?? f.head.length,
    fileName: f.fileName ?? (f.contract === jsonl ? 'metingen.jsonl' : 'bomen.csv'),
    contract: f.contract ?? contract(),
    gzip: f.gzip,
    window: f.window,
    language,
  });
}

const intake: Intake = { records: 1200, emptyLines: 0, inflatedBytes: 65_536, sha256: 'a'.repeat(64), bytes: 70_000, damaged: true } as Intake;
const intakeFindings = (language: Language): Finding[] => [
  limitFinding('bomen.csv', { kind: 'rows', max: 1_000_000 }, language),
  limitFinding('bomen.csv.gz', { kind: 'bytes', max: 5_000_000_000 }, language),
  damagedFinding('bomen.csv.gz', intake, language),
  recordsMismatchFinding('bomen.csv', intake, 1100, 1102, language),
  recordsMismatchFinding('bomen.csv', intake, 1100, undefined, language),
  emptyLoadFinding('bomen.csv', language),
  repeatFinding('bomen.csv', '2026-11-30T10-00-00Z-ab12', language),
];

/** English words of the old texts; a Dutch finding holds none of them (contract fields like file.header excepted). */
const ENGLISH = /\b(the|upload|uploaded|column|columns|line|lines|file|is not|missing|heading|please|contract owner|nothing to do)\b/i;
const prose = (text: string) => text.replace(/JSON lines/g, '').replace(/\b(file|load|limits|keys)\.[a-z_]+/g, '').replace(/"[^"]*"/g, '""');

describe('pre-check and intake findings in the load language', () => {
  it('covers every pre-check finding code with a fixture', () => {
    const codes = new Set(Object.values(fixtures).flatMap((f) => run(f, 'nl').findings.map((x) => x.code)));
    expect([...codes].sort()).toEqual(
      [
        'binary_file',
        'blank_lines',
        'compression_mismatch',
        'delimiter_mismatch',
        'duplicate_header',
        'duplicate_key',
        'empty_file',
        'empty_header',
        'encoding_mismatch',
        'extra_column',
        'extra_key',
        'gzip_unreadable',
        'header_differs',
        'header_line_missing',
        'header_only',
        'invalid_json',
        'invalid_utf8',
        'key_differs',
        'line_too_long',
        'missing_column',
        'missing_key',
        'not_json_object',
        'ragged_rows',
        'unexpected_header',
        'unterminated_quote',
        'utf16_encoding',
      ].sort(),
    );
  });

  it('writes no English in a Dutch finding', () => {
    const texts = [...Object.entries(fixtures).flatMap(([name, f]) => run(f, 'nl').findings.map((x) => ({ name, ...x }))), ...intakeFindings('nl').map((x) => ({ name: x.code, ...x }))];
    expect(texts.length).toBeGreaterThan(60);
    const english = texts.flatMap((t) => [t.message, t.advice].filter((s) => ENGLISH.test(prose(s))).map((s) => `${t.name}: ${s}`));
    expect(english).toEqual([]);
  });

  it('writes English when the load asks for it, with the same findings', () => {
    for (const [name, f] of Object.entries(fixtures)) {
      const nl = run(f, 'nl').findings;
      const en = run(f, 'en').findings;
      expect(en.map((x) => [x.code, x.severity, x.line, x.column, x.count]), name).toEqual(nl.map((x) => [x.code, x.severity, x.line, x.column, x.count]));
      en.forEach((x, i) => expect(x.message, name).not.toBe(nl[i]?.message));
    }
    expect(intakeFindings('en').map((f) => f.message)).toEqual([
      'bomen.csv is larger than the limit of 1,000,000 rows per load; reading stopped there.',
      'bomen.csv.gz is larger than the limit of 5,000,000,000 bytes (decompressed) per load; reading stopped there.',
      'bomen.csv.gz is damaged: the gzip data breaks off after 65,536 decompressed bytes (row 1,200).',
      'bomen.csv has 1,200 rows, but the database read 1,100. Reading stopped at line 1,102.',
      'bomen.csv has 1,200 rows, but the database read 1,100.',
      'bomen.csv has no rows; an empty load is not loaded.',
      'bomen.csv is a repeat: exactly the same bytes were already loaded as load 2026-11-30T10-00-00Z-ab12. Nothing was added again.',
    ]);
  });

  it('says how much of a long value was left out in the load language', () => {
    const long: Finding = { code: 'ragged_rows', severity: 'reject_load', count: 1, examples: [{ line: 2, value: 'x'.repeat(1_500) }], message: 'm', advice: 'a' };
    expect(boundFinding(long, 'nl').examples[0]?.value).toBe(`${'x'.repeat(200)}… (+1.300 tekens)`);
    expect(boundFinding(long, 'en').examples[0]?.value).toBe(`${'x'.repeat(200)}… (+1,300 chars)`);
  });

  it('says in Dutch what is wrong, where and what to do, with Dutch Excel menu names', () => {
    const first = (name: string, language: Language = 'nl') => run(fixtures[name] as Fixture, language).findings[0];
    expect(first('xlsx')).toMatchObject({
      message: 'bomen.xlsx is een Excel-werkmap (.xlsx) of een ander ZIP-bestand, geen CSV-tekstbestand.',
      advice: "Open het in Excel en kies Bestand > Opslaan als, met als bestandstype 'CSV UTF-8 (door komma's gescheiden) (*.csv)'. Lever daarna het .csv-bestand aan.",
    });
    expect(first('xlsx', 'en')).toMatchObject({
      message: 'bomen.xlsx is an Excel workbook (.xlsx) or another ZIP file, not a CSV text file.',
      advice: 'Open it in Excel and choose Save As, "CSV UTF-8 (comma delimited) (*.csv)", then upload the .csv file.',
    });
    expect(first('windows1252Cut')).toMatchObject({
      line: 2,
      column: 'soort',
      message: 'bomen.csv is niet opgeslagen als UTF-8: regel 2 (kolom "soort") bevat de byte 0xE9, in Windows-1252 het teken "é". In totaal 1 zo\'n byte in de eerste 31 bytes.',
    });
    expect(first('delimiter')?.message).toBe('bomen.csv heeft ";" (puntkomma) tussen de kolommen, maar het contract verwacht "," (komma).');
    expect(first('missingNear')).toMatchObject({
      message: 'De kolom "soort" ontbreekt in bomen.csv. Kolom 2 heet "sort": bedoelde u "soort"?',
      advice: 'Verander de naam van kolom 2 van "sort" in "soort" en lever het bestand opnieuw aan.',
    });
    expect(first('ragged')?.message).toBe('2 rijen in bomen.csv hebben een ander aantal waarden dan de kopregel (3): regel 2 heeft er 4, regel 3 heeft er 2.');
    expect(first('headerByValues')?.message).toMatch(/^Regel 1 van bomen\.csv lijkt een kopregel met kolomnamen \(de waarden lijken niet op de rijen eronder\)/);
    expect(intakeFindings('nl')[0]?.message).toBe('bomen.csv is groter dan de grens van 1.000.000 rijen per levering; het lezen is daar gestopt.');
  });
});
