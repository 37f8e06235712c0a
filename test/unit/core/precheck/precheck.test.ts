import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../../core/csv';
import { precheck } from '../../../../core/precheck';
import { didYouMean, levenshtein } from '../../../../core/precheck/did-you-mean';
import { type Contract, contract as contractSchema } from '../../../../schemas/contract';

const bomen = (file: Record<string, unknown> = {}): Contract =>
  contractSchema.parse({
    id: 'bomen',
    title: 'Bomen',
    owner: 'Team Groen',
    source_type: 'open',
    purpose: 'Beheer van bomen',
    file,
    columns: [
      { name: 'elementnr', source: 'ELEMENTNR', type: 'integer' },
      { name: 'boomsoort', source: 'BOOMSOORT', type: 'string' },
      { name: 'plantjaar', source: 'PLANTJAAR', type: 'integer' },
      { name: 'x', source: 'X', type: 'rd_x' },
      { name: 'y', source: 'Y', type: 'rd_y' },
    ],
  });

const people = contractSchema.parse({
  id: 'people',
  title: 'People',
  owner: 'Team Burgerzaken',
  source_type: 'own',
  purpose: 'test',
  columns: [
    { name: 'name', type: 'string' },
    { name: 'city', type: 'string' },
  ],
});

const bytes = (text: string) => new TextEncoder().encode(text);

function check(head: Uint8Array | string, contract: Contract = bomen(), extra: { size?: number; fileName?: string; gzip?: boolean } = {}) {
  const b = typeof head === 'string' ? bytes(head) : head;
  return precheck({ head: b, size: extra.size ?? b.length, fileName: extra.fileName ?? 'bomen.csv', contract, gzip: extra.gzip });
}

const GOOD = 'ELEMENTNR,BOOMSOORT,PLANTJAAR,X,Y\r\n1080,Quercus robur,1925,183630.428,579873.302\r\n1250,Carpinus betulus,1954,183806.763,579879.142\r\n';

describe('csv parser', () => {
  it('reads quotes, doubled quotes, CRLF and line breaks inside values', () => {
    // prepare
    const text = 'a,b\r\n"x ""y""",2\r\n"multi\nline",3\nlast,4';
    // act
    const { records, openQuote } = parseCsv(text, { delimiter: ',' });
    // assess
    expect(records.map((r) => r.fields)).toEqual([['a', 'b'], ['x "y"', '2'], ['multi\nline', '3'], ['last', '4']]);
    expect(records.map((r) => r.line)).toEqual([1, 2, 3, 5]);
    expect(records.map((r) => r.complete)).toEqual([true, true, true, false]);
    expect(openQuote).toBeUndefined();
  });

  it('reports a quote left open at the end', () => {
    const { openQuote } = parseCsv('a,b\n1,"open\n2,3\n', { delimiter: ',' });
    expect(openQuote).toMatchObject({ line: 2, field: 1, lineBreaks: 2 });
  });
});

describe('precheck: a good file', () => {
  it('passes and maps positions to contract names', () => {
    const result = check(GOOD);
    expect(result).toEqual({
      status: 'ok',
      findings: [],
      header: ['elementnr', 'boomsoort', 'plantjaar', 'x', 'y'],
      encoding: 'utf-8',
      delimiter: ',',
      bom: false,
    });
  });

  it('accepts a UTF-8 byte order mark', () => {
    const result = check(new Uint8Array([0xef, 0xbb, 0xbf, ...bytes(GOOD)]));
    expect(result.status).toBe('ok');
    expect(result.bom).toBe(true);
    expect(result.header[0]).toBe('elementnr');
  });

  it('accepts reordered columns and maps them', () => {
    const result = check('Y,X,ELEMENTNR,PLANTJAAR,BOOMSOORT\n579873.3,183630.4,1080,1925,Quercus robur\n');
    expect(result.status).toBe('ok');
    expect(result.findings).toEqual([]);
    expect(result.header).toEqual(['y', 'x', 'elementnr', 'plantjaar', 'boomsoort']);
  });
});

describe('precheck: file problems', () => {
  it('rejects an empty file', () => {
    const result = check('');
    expect(result.status).toBe('rejected');
    expect(result.findings).toEqual([
      {
        code: 'empty_file',
        severity: 'reject_load',
        count: 1,
        examples: [],
        message: 'bomen.csv is empty (0 bytes).',
        advice: 'Check that you exported the right data and upload the file again.',
      },
    ]);
  });

  it('rejects a file with only empty lines', () => {
    const result = check('\r\n\r\n  \n');
    expect(result.findings.map((f) => [f.code, f.message])).toEqual([
      ['empty_file', 'bomen.csv contains no data, only empty lines or spaces.'],
    ]);
  });

  it('rejects a header without rows', () => {
    const result = check('ELEMENTNR,BOOMSOORT,PLANTJAAR,X,Y\r\n');
    expect(result.status).toBe('rejected');
    expect(result.findings).toEqual([
      {
        code: 'header_only',
        severity: 'reject_load',
        line: 1,
        count: 1,
        examples: [],
        message: 'bomen.csv has a header but no data rows.',
        advice: 'Export the file again with its rows. Loading an empty file would replace the current data with nothing.',
      },
    ]);
    expect(result.header).toEqual(['elementnr', 'boomsoort', 'plantjaar', 'x', 'y']);
  });

  it.each([
    ['an xlsx workbook', [0x50, 0x4b, 0x03, 0x04, 0x14, 0x00], 'bomen.csv is an Excel workbook (.xlsx) or another ZIP file, not a CSV text file.'],
    ['an old xls workbook', [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0], 'bomen.csv is an old-style Excel workbook (.xls), not a CSV text file.'],
    ['a PDF', [...bytes('%PDF-1.7\n%')], 'bomen.csv is a PDF document, not a CSV text file.'],
    ['a gzip file without .gz', [0x1f, 0x8b, 0x08, 0x00], 'bomen.csv is compressed with gzip, but its name does not end in .gz.'],
    ['NUL bytes', [...bytes('ELEMENTNR,BOOMSOORT\n1,a\0b\n')], 'bomen.csv is not a text file: it contains NUL bytes (the first on line 2, byte 24).'],
  ])('rejects %s', (_, head, message) => {
    const result = check(new Uint8Array(head));
    expect(result.status).toBe('rejected');
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]).toMatchObject({ code: 'binary_file', severity: 'reject_load', message });
  });

  it('gives Excel advice for a workbook', () => {
    const [f] = check(new Uint8Array([0x50, 0x4b, 0x03, 0x04])).findings;
    expect(f?.advice).toBe('Open it in Excel and choose Save As, "CSV UTF-8 (comma delimited) (*.csv)", then upload the .csv file.');
  });

  it('reads a .gz file the caller decompressed', () => {
    const result = check(GOOD, bomen(), { fileName: 'bomen.csv.gz', gzip: true, size: gzipSync(GOOD).length });
    expect(result.status).toBe('ok');
  });

  it('rejects a .gz file that could not be decompressed', () => {
    const result = check(gzipSync(GOOD).subarray(0, 10), bomen(), { fileName: 'bomen.csv.gz', gzip: true });
    expect(result.findings.map((f) => [f.code, f.message])).toEqual([
      ['gzip_unreadable', 'bomen.csv.gz could not be decompressed: the gzip data is damaged or incomplete.'],
    ]);
  });

  it('rejects UTF-16 with advice', () => {
    const utf16 = new Uint8Array([0xff, 0xfe, ...[...'ELEMENTNR\r\n'].flatMap((c) => [c.charCodeAt(0), 0])]);
    const result = check(utf16);
    expect(result.findings).toEqual([
      {
        code: 'utf16_encoding',
        severity: 'reject_load',
        count: 1,
        examples: [],
        message: 'bomen.csv is saved as UTF-16 ("Unicode text"), which cannot be loaded.',
        advice: 'Save it again as UTF-8: in Excel choose Save As, "CSV UTF-8 (comma delimited) (*.csv)" (not "Unicode Text").',
      },
    ]);
  });
});

describe('precheck: encoding', () => {
  const cafe = (encodingByte: number[]) =>
    new Uint8Array([...bytes('ELEMENTNR,BOOMSOORT,PLANTJAAR,X,Y\n1080,Caf'), ...encodingByte, ...bytes(' boom,1925,1,400000\n')]);

  it('rejects Windows-1252 bytes (é as 0xE9) when the contract says UTF-8', () => {
    const result = check(cafe([0xe9]));
    expect(result.status).toBe('rejected');
    expect(result.encoding).toBe('windows-1252');
    expect(result.findings).toEqual([
      {
        code: 'encoding_mismatch',
        severity: 'reject_load',
        column: 'BOOMSOORT',
        line: 2,
        count: 1,
        examples: [{ line: 2, value: 'Café boom' }],
        message: 'bomen.csv is not saved as UTF-8: line 2 (column "BOOMSOORT") has the byte 0xE9, which is "é" in Windows-1252. 1 such byte.',
        advice: 'Save the file as UTF-8 (in Excel: Save As, "CSV UTF-8 (comma delimited)"), or set file.encoding: windows-1252 in the contract.',
      },
    ]);
  });

  it('accepts Windows-1252 when the contract says so', () => {
    const result = check(cafe([0xe9]), bomen({ encoding: 'windows-1252' }));
    expect(result).toMatchObject({ status: 'ok', encoding: 'windows-1252', findings: [] });
  });

  it('rejects UTF-8 when the contract says Windows-1252', () => {
    const result = check(cafe([0xc3, 0xa9]), bomen({ encoding: 'windows-1252' }));
    expect(result.encoding).toBe('utf-8');
    expect(result.findings.map((f) => [f.code, f.line, f.message, f.advice])).toEqual([
      [
        'encoding_mismatch',
        2,
        'bomen.csv is saved as UTF-8, but the contract says Windows-1252: line 2 (column "BOOMSOORT") has "é" written as UTF-8.',
        'Set file.encoding: utf-8 in the contract (recommended), or save the file as Windows-1252 (in Excel: "CSV (comma delimited)").',
      ],
    ]);
  });

  it('treats plain ASCII as fine in either encoding', () => {
    expect(check(GOOD, bomen({ encoding: 'windows-1252' }))).toMatchObject({ status: 'ok', encoding: 'windows-1252' });
  });

  it('does not count a character cut off by the end of the head', () => {
    const full = bytes(`${GOOD}1300,Caf\u00e9,1960,1,400000\n`);
    const at = full.indexOf(0xc3); // the head ends between the two bytes of "é"
    const result = check(full.subarray(0, at + 1), bomen(), { size: full.length });
    expect(result.status).toBe('ok');
    expect(result.encoding).toBe('utf-8');
  });
});

describe('precheck: delimiter and quotes', () => {
  it('rejects a semicolon file when the contract says comma', () => {
    const result = check('ELEMENTNR;BOOMSOORT;PLANTJAAR;X;Y\n1080;Quercus robur;1925;183630,4;579873,3\n');
    expect(result.delimiter).toBe(';');
    expect(result.header).toEqual(['elementnr', 'boomsoort', 'plantjaar', 'x', 'y']);
    expect(result.findings).toEqual([
      {
        code: 'delimiter_mismatch',
        severity: 'reject_load',
        line: 1,
        count: 1,
        examples: [],
        message: 'bomen.csv uses ";" (semicolon) between columns, but the contract expects "," (comma).',
        advice: 'Save the file with "," (comma) between columns, or set file.delimiter: ";" in the contract.',
      },
    ]);
  });

  it.each([
    [';', 'a;b'],
    ['\t', 'a\tb'],
    ['|', 'a|b'],
  ])('accepts %j when the contract says so', (delimiter) => {
    const text = GOOD.replace(/,/g, delimiter);
    expect(check(text, bomen({ delimiter }))).toMatchObject({ status: 'ok', delimiter, findings: [] });
  });

  it('rejects a quote that is never closed', () => {
    const result = check('ELEMENTNR,BOOMSOORT,PLANTJAAR,X,Y\n1080,"Quercus robur,1925,1,400000\n1250,Carpinus,1954,1,400000\n');
    expect(result.status).toBe('rejected');
    expect(result.findings).toEqual([
      {
        code: 'unterminated_quote',
        severity: 'reject_load',
        column: 'BOOMSOORT',
        line: 2,
        count: 1,
        examples: [{ line: 2, value: '"Quercus robur,1925,1,400000\\n1250,Carpinus,1954,1,400000\\n' }],
        message:
          'The quote (") that opens a value on line 2 of bomen.csv (in column "BOOMSOORT") is never closed, so the rest of the file would be read as one value.',
        advice: 'Remove the stray " on line 2 or add the closing one. A " inside a quoted value is written twice ("").',
      },
    ]);
  });

  it('does not blame a quoted value that runs past the end of the head', () => {
    const head = `${GOOD}1300,"Fagus sylvatica ""Atropunicea"" with a long`;
    const result = check(head, bomen(), { size: head.length + 1000 });
    expect(result.status).toBe('ok');
  });

  it('reports a line longer than the head window', () => {
    const head = `ELEMENTNR,BOOMSOORT,PLANTJAAR,X,Y\n1080,${'a'.repeat(65536 - 39)}`;
    const result = check(head, bomen(), { size: 200_000 });
    expect(head.length).toBe(65536);
    expect(result.findings.map((f) => [f.code, f.severity, f.line, f.message])).toEqual([
      ['line_too_long', 'warn', 2, 'Line 2 of bomen.csv is longer than 65,536 characters, so no rows could be checked before loading.'],
    ]);
  });

  it('rejects a header line longer than the head window', () => {
    const result = check('A'.repeat(1000), bomen(), { size: 5000 });
    expect(result.findings.map((f) => [f.code, f.severity, f.message])).toEqual([
      ['line_too_long', 'reject_load', 'Line 1 (the header) of bomen.csv is longer than 1,000 characters, so the columns cannot be checked.'],
    ]);
  });

  it('reports ragged rows with their line numbers', () => {
    const text = 'ELEMENTNR,BOOMSOORT,PLANTJAAR,X,Y\n1080,Quercus,1925,1,400000\n1250,Fagus, rood,1954,1,400000\n1300,Tilia,1960,1\n';
    const result = check(text);
    expect(result.findings).toEqual([
      {
        code: 'ragged_rows',
        severity: 'reject_load',
        line: 3,
        count: 2,
        examples: [
          { line: 3, value: '1250,Fagus, rood,1954,1,400000' },
          { line: 4, value: '1300,Tilia,1960,1' },
        ],
        message: '2 rows in bomen.csv have a different number of values than the header (5): line 3 has 6, line 4 has 4.',
        advice:
          'A value probably contains "," without quotes around it: put quotes around such values (Excel does this when it saves as CSV). Rows with fewer values are missing a column or were cut off. Correct these rows and upload the file again.',
      },
    ]);
  });

  it('ignores the last row of a head cut off by the window', () => {
    const result = check(`${GOOD}1300,Tilia,19`, bomen(), { size: 10_000 });
    expect(result.findings).toEqual([]);
  });
});

describe('precheck: header against the contract', () => {
  it('rejects a missing column, suggesting the near miss (did you mean)', () => {
    const result = check('ELEMENTNR,BOOMSORT,PLANTJAAR,X,Y\n1080,Quercus robur,1925,1,400000\n');
    expect(result.status).toBe('rejected');
    expect(result.header).toEqual(['elementnr', null, 'plantjaar', 'x', 'y']);
    expect(result.findings).toEqual([
      {
        code: 'missing_column',
        severity: 'reject_load',
        column: 'boomsoort',
        line: 1,
        count: 1,
        examples: [{ line: 1, value: 'BOOMSORT' }],
        message: 'The column "BOOMSOORT" is missing from bomen.csv. Column 2 is headed "BOOMSORT": did you mean "BOOMSOORT"?',
        advice: 'Change the heading of column 2 from "BOOMSORT" to "BOOMSOORT" and upload the file again.',
      },
    ]);
  });

  it('suggests a heading written differently (plant_jaar for PLANTJAAR)', () => {
    const result = check('ELEMENTNR,BOOMSOORT,Plant_Jaar,X,Y\n1080,Quercus robur,1925,1,400000\n');
    expect(result.findings.map((f) => f.message)).toEqual([
      'The column "PLANTJAAR" is missing from bomen.csv. Column 3 is headed "Plant_Jaar": did you mean "PLANTJAAR"?',
    ]);
  });

  it('rejects a missing column without a near miss and names the owner', () => {
    const result = check('ELEMENTNR,BOOMSOORT,PLANTJAAR,X\n1080,Quercus robur,1925,1\n');
    expect(result.findings).toEqual([
      {
        code: 'missing_column',
        severity: 'reject_load',
        column: 'y',
        line: 1,
        count: 1,
        examples: [],
        message: 'The column "Y" is missing from bomen.csv.',
        advice: 'Add a column headed "Y" and upload the file again. If this column is no longer supplied, ask the contract owner (Team Groen) to change the contract "bomen".',
      },
    ]);
  });

  it('warns about an extra column and ignores it', () => {
    const result = check('ELEMENTNR,BOOMSOORT,PLANTJAAR,X,Y,REMARK\n1080,Quercus robur,1925,1,400000,old\n');
    expect(result.status).toBe('ok');
    expect(result.header).toEqual(['elementnr', 'boomsoort', 'plantjaar', 'x', 'y', null]);
    expect(result.findings).toEqual([
      {
        code: 'extra_column',
        severity: 'warn',
        column: 'REMARK',
        line: 1,
        count: 1,
        examples: [],
        message: 'Column 6 of bomen.csv, headed "REMARK", is not in the contract; its values are ignored.',
        advice: 'Nothing to do if this column is not needed. To load it, add it to the contract "bomen".',
      },
    ]);
  });

  it('accepts differently cased or padded headings with a warning', () => {
    const result = check(' Name ,CITY\nAnna,Leeuwarden\n', people, { fileName: 'people.csv' });
    expect(result.status).toBe('ok');
    expect(result.header).toEqual(['name', 'city']);
    expect(result.findings.map((f) => [f.code, f.severity, f.column, f.message, f.advice])).toEqual([
      [
        'header_differs',
        'warn',
        'name',
        'Column 1 of people.csv is headed " Name "; the contract expects "name". It was matched anyway.',
        'Nothing to do now. Next time use the heading "name" exactly (same capitals, no spaces around it).',
      ],
      [
        'header_differs',
        'warn',
        'city',
        'Column 2 of people.csv is headed "CITY"; the contract expects "city". It was matched anyway.',
        'Nothing to do now. Next time use the heading "city" exactly (same capitals, no spaces around it).',
      ],
    ]);
  });

  it('rejects a duplicated contract heading', () => {
    const result = check('name,city,Name\nAnna,Leeuwarden,Bob\n', people, { fileName: 'people.csv' });
    expect(result.header).toEqual([null, 'city', null]);
    expect(result.findings).toEqual([
      {
        code: 'duplicate_header',
        severity: 'reject_load',
        column: 'name',
        line: 1,
        count: 2,
        examples: [],
        message: 'The heading "name" appears 2 times in people.csv (columns 1 and 3), so it is not clear which one holds "name".',
        advice: 'Keep one column headed "name": remove or rename the others, then upload the file again.',
      },
    ]);
  });

  it('warns about an empty heading (a trailing delimiter)', () => {
    const result = check('name,city,\nAnna,Leeuwarden,\n', people, { fileName: 'people.csv' });
    expect(result.status).toBe('ok');
    expect(result.header).toEqual(['name', 'city', null]);
    expect(result.findings.map((f) => [f.code, f.severity, f.message])).toEqual([
      ['empty_header', 'warn', 'Column 3 of people.csv has no heading; its values are ignored.'],
    ]);
  });

  it('gives the trailing-delimiter advice only for an empty last heading, and matches column_<n> by position', () => {
    const first = check(',name,city\n1,Anna,Leeuwarden\n', people, { fileName: 'people.csv' });
    expect(first.findings.map((f) => [f.code, f.advice])).toEqual([
      ['empty_header', 'Nothing to do if the column is not needed. If it holds data, give it the heading the contract uses, or name it column_1 in the contract (without source).'],
    ]);
    const indexed = contractSchema.parse({ ...people, columns: [{ name: 'column_1', type: 'integer' }, ...people.columns] });
    const matched = check(',name,city\n1,Anna,Leeuwarden\n', indexed, { fileName: 'people.csv' });
    expect(matched.header).toEqual(['column_1', 'name', 'city']);
    expect(matched.findings).toEqual([]);
  });

  it('treats headings with quotes, semicolons and SQL as plain text', () => {
    const evil = '"x"";DROP TABLE bomen;--",name,city\n1,Anna,Leeuwarden\n';
    const result = check(evil, people, { fileName: 'people.csv' });
    expect(result.status).toBe('ok');
    expect(result.header).toEqual([null, 'name', 'city']);
    expect(result.findings.map((f) => [f.code, f.column, f.message])).toEqual([
      ['extra_column', 'x";DROP TABLE bomen;--', 'Column 1 of people.csv, headed "x";DROP TABLE bomen;--", is not in the contract; its values are ignored.'],
    ]);
  });

  it('shows control characters in headings visibly and cuts long ones', () => {
    const result = check(`name,city,"a\u001b[31mred"\nAnna,Leeuwarden,1\n`, people, { fileName: 'people.csv' });
    expect(result.findings[0]?.message).toBe('Column 3 of people.csv, headed "a\\u001b[31mred", is not in the contract; its values are ignored.');
  });

  it('maps header-less files by position', () => {
    const result = check('1080,Quercus robur,1925,183630.4,579873.3,extra\n', bomen({ header: false }));
    expect(result.status).toBe('ok');
    expect(result.header).toEqual(['elementnr', 'boomsoort', 'plantjaar', 'x', 'y', null]);
    expect(result.findings.map((f) => [f.code, f.message])).toEqual([
      ['extra_column', 'bomen.csv has 6 columns but the contract describes 5; columns 6 to 6 are ignored.'],
    ]);
  });

  it('rejects a header-less file with too few columns', () => {
    const result = check('1080,Quercus robur,1925,183630.4\n', bomen({ header: false }));
    expect(result.findings.map((f) => [f.code, f.severity, f.message])).toEqual([
      ['missing_column', 'reject_load', 'bomen.csv has 4 columns but the contract expects 5, so "Y" (column 5) is missing.'],
    ]);
  });

  it('warns when a header-less contract gets a header', () => {
    const result = check(GOOD, bomen({ header: false }));
    expect(result.findings.map((f) => f.code)).toEqual(['unexpected_header']);
  });
});

describe('did you mean', () => {
  it('measures edits', () => {
    expect(levenshtein('BOOMSORT', 'BOOMSOORT')).toBe(1);
    expect(levenshtein('kitten', 'sitting')).toBe(3);
  });

  it('suggests near misses but not one-letter names', () => {
    expect(didYouMean('BOOMSOORT', ['ELEMENTNR', 'BOOMSORT'])).toEqual({ index: 1, text: 'BOOMSORT', distance: 1 });
    expect(didYouMean('X', ['Y'])).toBeUndefined();
    expect(didYouMean('e-mail', ['EMAIL'])).toMatchObject({ distance: 0 });
  });
});
