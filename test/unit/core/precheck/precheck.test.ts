import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../../core/csv';
import { precheck } from '../../../../core/precheck';
import { didYouMean, levenshtein } from '../../../../core/precheck/did-you-mean';
import { type Contract, contract as contractSchema } from '../../../../schemas/contract';
import type { Language } from '../../../../schemas/language';

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

function check(head: Uint8Array | string, contract: Contract = bomen(), extra: { size?: number; fileName?: string; gzip?: boolean; language?: Language } = {}) {
  const b = typeof head === 'string' ? bytes(head) : head;
  const input = { head: b, size: extra.size ?? b.length, fileName: extra.fileName ?? 'bomen.csv', contract, gzip: extra.gzip };
  return precheck({ ...input, language: extra.language ?? 'nl' });
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
        message: 'bomen.csv is leeg (0 bytes).',
        advice: 'Controleer of u de juiste gegevens heeft geëxporteerd en lever het bestand opnieuw aan.',
      },
    ]);
  });

  it('rejects a file with only empty lines', () => {
    const result = check('\r\n\r\n  \n');
    expect(result.findings.map((f) => [f.code, f.message])).toEqual([
      ['empty_file', 'bomen.csv bevat geen gegevens, alleen lege regels of spaties.'],
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
        message: 'bomen.csv heeft een kopregel, maar geen rijen met gegevens.',
        advice: 'Exporteer het bestand opnieuw, met de rijen. Een leeg bestand laden zou de huidige gegevens door niets vervangen.',
      },
    ]);
    expect(result.header).toEqual(['elementnr', 'boomsoort', 'plantjaar', 'x', 'y']);
  });

  it.each([
    ['an xlsx workbook', [0x50, 0x4b, 0x03, 0x04, 0x14, 0x00], 'bomen.csv is een Excel-werkmap (.xlsx) of een ander ZIP-bestand, geen CSV-tekstbestand.'],
    ['an old xls workbook', [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0], 'bomen.csv is een oude Excel-werkmap (.xls), geen CSV-tekstbestand.'],
    ['a PDF', [...bytes('%PDF-1.7\n%')], 'bomen.csv is een PDF-document, geen CSV-tekstbestand.'],
    ['a gzip file without .gz', [0x1f, 0x8b, 0x08, 0x00], 'bomen.csv is ingepakt met gzip, maar de naam eindigt niet op .gz.'],
    ['NUL bytes', [...bytes('ELEMENTNR,BOOMSOORT\n1,a\0b\n')], 'bomen.csv is geen tekstbestand: er staan NUL-bytes in (de eerste op regel 2, byte 24).'],
  ])('rejects %s', (_, head, message) => {
    const result = check(new Uint8Array(head));
    expect(result.status).toBe('rejected');
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]).toMatchObject({ code: 'binary_file', severity: 'reject_load', message });
  });

  it('gives Excel advice for a workbook', () => {
    const [f] = check(new Uint8Array([0x50, 0x4b, 0x03, 0x04])).findings;
    expect(f?.advice).toBe('Open het in Excel en kies Bestand > Opslaan als, met als bestandstype \'CSV UTF-8 (door komma\'s gescheiden) (*.csv)\'. Lever daarna het .csv-bestand aan.');
  });

  it('reads a .gz file the caller decompressed', () => {
    const result = check(GOOD, bomen(), { fileName: 'bomen.csv.gz', gzip: true, size: gzipSync(GOOD).length });
    expect(result.status).toBe('ok');
  });

  it('rejects a .gz file that could not be decompressed', () => {
    const result = check(gzipSync(GOOD).subarray(0, 10), bomen(), { fileName: 'bomen.csv.gz', gzip: true });
    expect(result.findings.map((f) => [f.code, f.message])).toEqual([
      ['gzip_unreadable', 'bomen.csv.gz kan niet worden uitgepakt: de gzip-gegevens zijn beschadigd of onvolledig.'],
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
        message: 'bomen.csv is opgeslagen als UTF-16 (\'Unicode-tekst\'); zo kan het niet worden gelezen.',
        advice: 'Sla het opnieuw op als UTF-8: kies in Excel Bestand > Opslaan als, met als bestandstype \'CSV UTF-8 (door komma\'s gescheiden) (*.csv)\' (niet \'Unicode-tekst\'), en lever het bestand opnieuw aan.',
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
        message: 'bomen.csv is niet opgeslagen als UTF-8: regel 2 (kolom "BOOMSOORT") bevat de byte 0xE9, in Windows-1252 het teken "é". In totaal 1 zo\'n byte.',
        advice: 'Sla het bestand op als UTF-8 (in Excel: Bestand > Opslaan als, \'CSV UTF-8 (door komma\'s gescheiden) (*.csv)\'), of zet file.encoding: windows-1252 in het contract.',
      },
    ]);
  });

  it('names no column for an odd byte in the lines above the table (file.header_line)', () => {
    const head = new Uint8Array([...bytes('Locatie;D06170\nx-co'), 0xf6, ...bytes('rdinaat;121951\n\nELEMENTNR;BOOMSOORT;PLANTJAAR;X;Y\n1;Eik;1925;1;2\n')]);
    const [f] = check(head, bomen({ delimiter: ';', header_line: 4 })).findings;
    expect(f).toMatchObject({ code: 'encoding_mismatch', line: 2, column: undefined });
    expect(f?.message).toBe('bomen.csv is niet opgeslagen als UTF-8: regel 2 bevat de byte 0xF6, in Windows-1252 het teken "ö". In totaal 1 zo\'n byte.');
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
        'bomen.csv is opgeslagen als UTF-8, maar volgens het contract is het Windows-1252: regel 2 (kolom "BOOMSOORT") bevat "é" in UTF-8.',
        'Zet file.encoding: utf-8 in het contract (aangeraden), of sla het bestand op als Windows-1252 (in Excel: \'CSV (gescheiden door lijstscheidingsteken) (*.csv)\').',
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
        message: 'bomen.csv heeft ";" (puntkomma) tussen de kolommen, maar het contract verwacht "," (komma).',
        advice: 'Sla het bestand op met "," (komma) tussen de kolommen, of zet file.delimiter: ";" in het contract.',
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
          'Het aanhalingsteken (") dat een waarde opent op regel 2 van bomen.csv (in kolom "BOOMSOORT") wordt nooit gesloten, waardoor de rest van het bestand als één waarde gelezen zou worden.',
        advice: 'Haal het losse " op regel 2 weg of zet het sluitende " erbij. Een " in een waarde tussen aanhalingstekens schrijft u dubbel ("").',
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
      ['line_too_long', 'warn', 2, 'Regel 2 van bomen.csv is langer dan 65.536 tekens, dus er konden vóór het laden geen rijen worden gecontroleerd.'],
    ]);
  });

  it('rejects a header line longer than the head window', () => {
    const result = check('A'.repeat(1000), bomen(), { size: 5000 });
    expect(result.findings.map((f) => [f.code, f.severity, f.message])).toEqual([
      ['line_too_long', 'reject_load', 'Regel 1 (de kopregel) van bomen.csv is langer dan 1.000 tekens, dus de kolommen kunnen niet worden gecontroleerd.'],
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
        message: '2 rijen in bomen.csv hebben een ander aantal waarden dan de kopregel (5): regel 3 heeft er 6, regel 4 heeft er 4.',
        advice:
          'Waarschijnlijk staat er in een waarde een "," zonder aanhalingstekens eromheen: zet zulke waarden tussen aanhalingstekens (Excel doet dat vanzelf bij opslaan als CSV). In rijen met minder waarden ontbreekt een kolom, of de rij is afgebroken. Verbeter deze rijen en lever het bestand opnieuw aan.',
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
        message: 'De kolom "BOOMSOORT" ontbreekt in bomen.csv. Kolom 2 heet "BOOMSORT": bedoelde u "BOOMSOORT"?',
        advice: 'Verander de naam van kolom 2 van "BOOMSORT" in "BOOMSOORT" en lever het bestand opnieuw aan.',
      },
    ]);
  });

  it('suggests a heading written differently (plant_jaar for PLANTJAAR)', () => {
    const result = check('ELEMENTNR,BOOMSOORT,Plant_Jaar,X,Y\n1080,Quercus robur,1925,1,400000\n');
    expect(result.findings.map((f) => f.message)).toEqual([
      'De kolom "PLANTJAAR" ontbreekt in bomen.csv. Kolom 3 heet "Plant_Jaar": bedoelde u "PLANTJAAR"?',
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
        message: 'De kolom "Y" ontbreekt in bomen.csv.',
        advice: 'Voeg een kolom toe met de naam "Y" en lever het bestand opnieuw aan. Wordt deze kolom niet meer geleverd, vraag dan de eigenaar van het contract (Team Groen) om het contract "bomen" aan te passen.',
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
        message: 'Kolom 6 van bomen.csv, met de naam "REMARK", staat niet in het contract; de waarden erin worden genegeerd.',
        advice: 'U hoeft niets te doen als deze kolom niet nodig is. Wilt u hem laden, voeg hem dan toe aan het contract "bomen".',
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
        'Kolom 1 van people.csv heet " Name "; het contract verwacht "name". De kolom is toch herkend.',
        'U hoeft nu niets te doen. Gebruik de volgende keer precies de kolomnaam "name" (dezelfde hoofdletters, geen spaties ervoor of erna).',
      ],
      [
        'header_differs',
        'warn',
        'city',
        'Kolom 2 van people.csv heet "CITY"; het contract verwacht "city". De kolom is toch herkend.',
        'U hoeft nu niets te doen. Gebruik de volgende keer precies de kolomnaam "city" (dezelfde hoofdletters, geen spaties ervoor of erna).',
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
        message: 'De kolomnaam "name" komt 2 keer voor in people.csv (kolom 1 en 3), dus het is niet duidelijk welke kolom "name" bevat.',
        advice: 'Houd één kolom met de naam "name" over: haal de andere weg of geef ze een andere naam, en lever het bestand opnieuw aan.',
      },
    ]);
  });

  it('warns about an empty heading (a trailing delimiter)', () => {
    const result = check('name,city,\nAnna,Leeuwarden,\n', people, { fileName: 'people.csv' });
    expect(result.status).toBe('ok');
    expect(result.header).toEqual(['name', 'city', null]);
    expect(result.findings.map((f) => [f.code, f.severity, f.message])).toEqual([
      ['empty_header', 'warn', 'Kolom 3 van people.csv heeft geen kolomnaam; de waarden erin worden genegeerd.'],
    ]);
  });

  it('names the cause of an empty heading by its place: a trailing delimiter (last), an exported index (first), and matches column_<n> by position', () => {
    const advice = (head: string, language: Language) => check(head, people, { fileName: 'people.csv', language }).findings.map((f) => [f.code, f.message, f.advice]);
    expect(advice(',name,city\n1,Anna,Leeuwarden\n', 'nl')).toEqual([
      [
        'empty_header',
        'Kolom 1 van people.csv heeft geen kolomnaam; de waarden erin worden genegeerd.',
        'U hoeft niets te doen als de kolom niet nodig is. Staan er wel gegevens in, geef de kolom dan de naam die het contract gebruikt, of noem hem column_1 in het contract (zonder source). Een eerste kolom zonder naam is meestal een volgnummer (index) dat het exportprogramma heeft meegeschreven.',
      ],
    ]);
    expect(advice('name,city,\nAnna,Leeuwarden,\n', 'nl')[0]?.[2]).toMatch(/noem hem column_3 in het contract \(zonder source\)\. Een lege laatste kolom betekent meestal dat elke regel eindigt op een extra scheidingsteken\.$/);
    expect(advice('name,,city\nAnna,x,Leeuwarden\n', 'nl')[0]?.[2]).toMatch(/\(zonder source\)\.$/);
    expect(advice(',name,city\n1,Anna,Leeuwarden\n', 'en')[0]?.[2]).toMatch(/\(without source\)\. A first column without a heading is usually a row number \(an index\)/);
    expect(advice('name,city,\nAnna,Leeuwarden,\n', 'en')[0]?.[2]).toMatch(/\(without source\)\. An empty last column usually means every line ends with an extra delimiter\.$/);
    expect(advice('name,,city\nAnna,x,Leeuwarden\n', 'en')[0]?.[2]).toMatch(/\(without source\)\.$/);
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
      ['extra_column', 'x";DROP TABLE bomen;--', 'Kolom 1 van people.csv, met de naam "x";DROP TABLE bomen;--", staat niet in het contract; de waarden erin worden genegeerd.'],
    ]);
  });

  it('shows control characters in headings visibly and cuts long ones', () => {
    const result = check(`name,city,"a\u001b[31mred"\nAnna,Leeuwarden,1\n`, people, { fileName: 'people.csv' });
    expect(result.findings[0]?.message).toBe('Kolom 3 van people.csv, met de naam "a\\u001b[31mred", staat niet in het contract; de waarden erin worden genegeerd.');
  });

  it('maps header-less files by position', () => {
    const result = check('1080,Quercus robur,1925,183630.4,579873.3,extra\n', bomen({ header: false }));
    expect(result.status).toBe('ok');
    expect(result.header).toEqual(['elementnr', 'boomsoort', 'plantjaar', 'x', 'y', null]);
    expect(result.findings.map((f) => [f.code, f.message])).toEqual([
      ['extra_column', 'bomen.csv heeft 6 kolommen, maar het contract beschrijft er 5; kolom 6 wordt genegeerd.'],
    ]);
  });

  it('rejects a header-less file with too few columns', () => {
    const result = check('1080,Quercus robur,1925,183630.4\n', bomen({ header: false }));
    expect(result.findings.map((f) => [f.code, f.severity, f.message])).toEqual([
      ['missing_column', 'reject_load', 'bomen.csv heeft 4 kolommen, maar het contract verwacht er 5, dus "Y" (kolom 5) ontbreekt.'],
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
