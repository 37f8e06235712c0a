import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { parseContract } from '../../../../core/contract/parse';
import { inferContract, type InferError, isBsn, snakeCase } from '../../../../core/infer';
import type { Column } from '../../../../schemas/contract';
import type { Language } from '../../../../schemas/language';

/**
 * Lines from "Monumentale en waardevolle bomen", Gemeente Leeuwarden, CC0 1.0
 * (monumentale_en_waardevolle_bomen.csv), copied as published: CRLF line endings, integers written as floats.
 */
const LEEUWARDEN = [
  'ELEMENTNR,BOOMSOORT,PLANTJAAR,STATUS,OPMERKINGE,X,Y',
  '1080.0000000000,Populus canadensis (euroamericana),1925.0000000000,waardevolle boom,,183630.428,579873.302',
  '1250.0000000000,Carpinus betulus,1954.0000000000,waardevolle boom,,183806.763,579879.142',
  '310.0000000000,Acer pseudoplatanus,1954.0000000000,waardevolle boom,,183724.519,580083.785',
  '370.0000000000,Tilia europaea (vulgaris),1954.0000000000,waardevolle boom,,183784.942,580087.657',
  '4440.0000000000,Platanus hispanica (acerifolia),1890.0000000000,monumentale boom,Zuidergrachtswal 13-14,182660.703,579199.259',
  '5800.0000000000,Quercus robur,1949.0000000000,waardevolle boom,,183477.440,578856.262',
  '5820.0000000000,"Fagus sylvatica ""Atropunicea""",1929.0000000000,waardevolle boom,,183412.279,578878.433',
  '290.0000000000,"Tilia tomentosa ""Brabant""",1970.0000000000,waardevolle boom,,182891.500,580475.839',
  '200.0000000000,Tilia europaea (vulgaris),1894.0000000000,monumentale boom,,181850.246,579850.649',
  '1010.0000000000,Tilia europaea (vulgaris),1931.0000000000,monumentale boom,Prot Kerk,182856.163,573769.526',
  '2114.0000000000,Ulmus hollandica,1949.0000000000,waardevolle boom,,184249.478,579847.637',
  '1274.0000000000,Tilia (leiboom. Linde),1950.0000000000,waardevolle boom,Tilia europaea,183858.833,574196.681',
  '400.0000000000,"Juglans regia ""Buccaneer""",2008.0000000000,gedenkboom,Klimaatbosje,181287.664,581838.145',
  '5893.0000000000,Juglans regia,2008.0000000000,gedenkboom,Klimaatboom,183126.685,578791.018',
  '95047.0000000000,Fagus sylvatica,2011.0000000000,gedenkboom,Gedenkboom aangeboden door K.v.K. 04-03-2011,180891.942,579320.172',
  '',
].join('\r\n');

const NOW = new Date('2025-06-01T00:00:00Z');
const bytes = (text: string) => new TextEncoder().encode(text);
const infer = (sample: Uint8Array | string, fileName = 'sample.csv', dataset = 'sample', language?: Language) =>
  inferContract({ sample: typeof sample === 'string' ? bytes(sample) : sample, fileName, dataset, tenant: 'leeuwarden', now: NOW, language });
/** The comment part of each line of a draft (after `#`, outside quoted values). */
const comments = (yaml: string) =>
  yaml
    .split('\n')
    .map((l) => l.replace(/"(?:[^"\\]|\\.)*"|'[^']*'/g, '""'))
    .filter((l) => l.includes('#'))
    .map((l) => l.slice(l.indexOf('#') + 1).trim());
/** What infer refuses with, in a language (its message is the Dutch). */
const refusal = (sample: string | Uint8Array, fileName: string, language: Language) => {
  try {
    infer(sample, fileName);
  } catch (error) {
    return (error as InferError).texts[language];
  }
  throw new Error('inferred');
};
const col = (columns: Column[], name: string) => columns.find((c) => c.name === name);
const summary = (columns: Column[]) => columns.map((c) => [c.name, c.type, c.nullable]);

describe('inferContract: the Leeuwarden tree register', () => {
  const result = infer(LEEUWARDEN, 'monumentale_en_waardevolle_bomen.csv', 'bomen');

  it('infers the column types', () => {
    expect(summary(result.contract.columns)).toEqual([
      ['elementnr', 'integer', false],
      ['boomsoort', 'string', false],
      ['plantjaar', 'integer', false],
      ['status', 'string', false],
      ['opmerkinge', 'string', true],
      ['x', 'rd_x', false],
      ['y', 'rd_y', false],
    ]);
    expect(result.contract.columns.map((c) => c.source)).toEqual(['ELEMENTNR', 'BOOMSOORT', 'PLANTJAAR', 'STATUS', 'OPMERKINGE', 'X', 'Y']);
  });

  it('adds a year range to PLANTJAAR and the few STATUS values', () => {
    const cols = result.contract.columns;
    expect(col(cols, 'plantjaar')?.rules).toEqual([{ kind: 'range', min: 1800, max: 2025, message: 'PLANTJAAR moet een jaartal zijn' }]);
    expect(col(cols, 'status')?.rules).toEqual([
      { kind: 'accepted_values', values: ['gedenkboom', 'monumentale boom', 'waardevolle boom'], severity: 'warn' },
    ]);
    expect(col(cols, 'boomsoort')?.rules).toEqual([]);
  });

  it('reads the dialect', () => {
    expect(result.contract.file).toMatchObject({
      delimiter: ',',
      encoding: 'utf-8',
      header: true,
      decimal_separator: '.',
      null_markers: [''],
    });
    expect(result.contract.keys.primary).toEqual(['elementnr']); // unique in this sample (not in the full file: check it)
  });

  it('writes YAML that is a valid contract, with placeholders and comments in Dutch', () => {
    const parsed = parseContract(result.yaml, 'draft.yaml');
    expect(parsed).toEqual(result.contract);
    expect(parsed.owner).toBe('TODO: wie is eigenaar van deze gegevens (team of afdeling)');
    expect(parsed.purpose).toMatch(/^TODO: /); // a placeholder purpose is no purpose (core/contract/privacy.ts)
    expect(result.yaml).toContain('type: integer # geschreven als 1080.0000000000');
    expect(result.yaml).toContain('type: rd_x # waarden van 180891.942 tot 184249.478');
    expect(result.yaml).toContain('# controleer: de jaren in het voorbeeld lopen van 1890 tot 2011');
    expect(result.yaml).toContain('type: string # controleer: in vrije tekst kunnen namen of adressen staan (persoonsgegevens)');
    expect(result.yaml.startsWith('# Conceptcontract afgeleid uit monumentale_en_waardevolle_bomen.csv (tenant leeuwarden): 15 rijen in het voorbeeld.')).toBe(
      true,
    );
  });

  it('writes the draft in English on request', () => {
    const english = infer(LEEUWARDEN, 'monumentale_en_waardevolle_bomen.csv', 'bomen', 'en');
    const parsed = parseContract(english.yaml, 'draft.yaml');
    expect(parsed).toEqual(english.contract);
    expect(parsed.owner).toBe('TODO: who owns this data (team or department)');
    expect(col(parsed.columns, 'plantjaar')?.rules[0]).toMatchObject({ message: 'PLANTJAAR should be a year' });
    expect(english.yaml).toContain('type: integer # written like 1080.0000000000');
    expect(english.yaml).toContain('type: rd_x # values 180891.942 to 184249.478');
    expect(english.yaml).toContain('# check: years in the sample run from 1890 to 2011');
    expect(english.yaml).toContain('type: string # check: free text can contain names or addresses (personal data)');
    expect(english.yaml.startsWith('# Draft contract inferred from monumentale_en_waardevolle_bomen.csv (tenant leeuwarden): 15 sample rows.')).toBe(true);
    expect(english.yaml).not.toMatch(/controleer|voorbeeld|waarden/);
  });

  it('drops a last row cut off by the end of the sample', () => {
    const cut = `${LEEUWARDEN}2000.0000000000,Tilia,19`;
    expect(summary(infer(cut).contract.columns)).toEqual(summary(result.contract.columns));
  });
});

describe('inferContract: the draft in Dutch', () => {
  /** A well export as a municipality gets it: a block above the table, an empty heading, a name, decimal commas. */
  const WELL = [
    'Peilbuis B12;',
    'Locatie;B12;',
    'Adres;Dorpsstraat 1;',
    ';;',
    'datum;meting;;naam;opmerking;wijk;postcode;jaar',
    '2024-01-05;-1,25;;Anna de Vries;;WK036301;1234;1990',
    '2024-01-06;-1,30;;Bram Smit;boom weg;WK036301;1235;1995',
    '2024-01-07;-1,35;;Carla Bos;;WK036302;1236;2001',
    '2024-01-08;-1,40;;Dirk Jansen;;WK036301;1237;2004',
    '2024-01-09;-1,45;;Eva Visser;;WK036302;1238;2010',
    '2024-01-10;-1,50;;Fleur Smit;;WK036301;1239;2012',
    '',
  ].join('\n');
  // words only English has (not "is", "of", "in": Dutch words too)
  const english = /\b(the|a|an|sample|values?|check|every|written|like|detected|looks|should|from|line|above|empty|unique|none|are|no)\b/i;

  it('has no English in its comments, placeholders or rule messages, and is a valid contract', () => {
    const { contract, yaml } = infer(WELL, 'peilbuis.csv', 'peilbuis');
    expect(contract.file).toMatchObject({ header_line: 5, decimal_separator: ',' });
    expect(contract.columns.map((c) => [c.name, c.personal_data])).toEqual([
      ['datum', 'none'],
      ['meting', 'none'],
      ['column_3', 'none'],
      ['naam', 'direct'],
      ['opmerking', 'none'],
      ['wijk', 'none'],
      ['postcode', 'none'],
      ['jaar', 'none'],
      ['locatie', 'none'],
      ['adres', 'indirect'],
    ]);
    const said = comments(yaml);
    // every kind of note is there: the block above the table, the empty heading, personal data, the decimal comma
    expect(said).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^controleer: de tabel begint op regel 5; de regels erboven zijn gegevens boven de tabel/),
        'controleer: deze kolom heeft geen kolomnaam in het bestand; controleer: altijd leeg in het voorbeeld, dus het type is geraden',
        'controleer: lijkt op persoonsgegevens (een naam)',
        'controleer: lijkt op persoonsgegevens (een adres)',
        'getallen zijn geschreven als 12,5',
        'controleer: de jaren in het voorbeeld lopen van 1990 tot 2012',
        expect.stringMatching(/^uit regel 2 boven de tabel \(Locatie;B12\): elke rij van een levering krijgt deze waarde/),
      ]),
    );
    for (const line of said) expect(line).not.toMatch(english);
    const texts = [contract.description, contract.owner, contract.purpose, ...contract.columns.flatMap((c) => c.rules.map((r) => r.message ?? ''))];
    expect(texts.filter(Boolean)).toHaveLength(5);
    for (const text of texts) expect(text.replace(/peilbuis\.csv/, '')).not.toMatch(english);
    expect(parseContract(yaml, 'peilbuis.yaml')).toEqual(contract);
  });

  it('writes the same draft in English on request', () => {
    const { contract, yaml } = infer(WELL, 'peilbuis.csv', 'peilbuis', 'en');
    expect(comments(yaml)).toEqual(
      expect.arrayContaining([
        'check: the table starts on line 5; the lines above it are a metadata block (Peilbuis B12; Locatie B12; Adres Dorpsstraat 1)',
        'check: this column has no heading in the file; check: always empty in the sample, so the type is a guess',
        'check: looks like personal data (a name)',
        'numbers are written like 12,5',
      ]),
    );
    expect(col(contract.columns, 'postcode')?.rules[0]?.message).toBe('postcode is a four-digit postcode area (PC4)');
    const dutch = infer(WELL, 'peilbuis.csv', 'peilbuis').contract;
    expect(col(dutch.columns, 'postcode')?.rules[0]?.message).toBe('postcode is een postcodegebied van vier cijfers (PC4)');
    const words = (c: typeof contract) => JSON.stringify(c, (k, v: unknown) => (['description', 'owner', 'purpose', 'message'].includes(k) ? undefined : v));
    expect(words(contract)).toBe(words(dutch));
  });
});

describe('inferContract: dialect', () => {
  it('finds semicolons, decimal commas, null markers and Windows-1252', () => {
    // prepare: "Café" with é as 0xE9
    const text = 'wijk;naam;inwoners;dichtheid\nWK008000;Caf\u00e9buurt;1200;12,5\nWK008001;Oost;NA;-99999999\nWK008002;West;.;3,75\n';
    const sample = new Uint8Array([...text].map((c) => c.charCodeAt(0)));
    // act
    const { contract, yaml } = infer(sample);
    // assess
    expect(contract.file).toMatchObject({ delimiter: ';', encoding: 'windows-1252', decimal_separator: ',' });
    expect(contract.file.null_markers).toEqual(['', 'NA', '.', '-99999999']);
    expect(summary(contract.columns)).toEqual([
      ['wijk', 'cbs_wijk', false],
      ['naam', 'string', false],
      ['inwoners', 'integer', true],
      ['dichtheid', 'decimal', true],
    ]);
    expect(col(contract.columns, 'dichtheid')?.scale).toBe(2);
    expect(yaml).toContain('encoding: windows-1252 # herkend aan de bytes (geen geldige UTF-8)');
    expect(yaml).toContain('delimiter: ; # herkend: ";" (puntkomma)');
    expect(yaml).toContain('decimal_separator: "," # getallen zijn geschreven als 12,5');
  });

  it('notes a byte order mark and reads tabs', () => {
    const sample = new Uint8Array([0xef, 0xbb, 0xbf, ...bytes('id\tvalue\n1\t2.5\n2\t3.5\n')]);
    const { contract, yaml } = infer(sample);
    expect(contract.file.delimiter).toBe('\t');
    expect(yaml).toContain('encoding: utf-8 # het voorbeeld begint met een byte order mark (BOM); dat is goed');
    expect(contract.keys.primary).toEqual(['id']);
  });

  it('detects a file without a header', () => {
    const { contract } = infer('1,2020-01-05,3.5\n2,2020-02-06,4.5\n3,2020-03-07,5.5\n');
    expect(contract.file.header).toBe(false);
    expect(summary(contract.columns)).toEqual([
      ['column_1', 'integer', false],
      ['column_2', 'date', false],
      ['column_3', 'decimal', false],
    ]);
  });

  it('refuses binary files', () => {
    expect(() => infer(new Uint8Array([0x50, 0x4b, 0x03, 0x04]), 'bomen.xlsx')).toThrow('bomen.xlsx is geen CSV-tekstbestand (zip): sla het eerst op als CSV.');
    expect(refusal(new Uint8Array([0x50, 0x4b, 0x03, 0x04]), 'bomen.xlsx', 'en')).toBe('bomen.xlsx is not a CSV text file (zip): save it as CSV first.');
    expect(() => inferContract({ sample: new Uint8Array([0x50, 0x4b, 0x03, 0x04]), fileName: 'bomen.xlsx', dataset: 'x', language: 'en' })).toThrow(
      'bomen.xlsx is not a CSV text file (zip): save it as CSV first.',
    );
    expect(() => infer('', 'leeg.csv')).toThrow('leeg.csv is leeg: er is niets om een contract uit af te leiden.');
  });
});

describe('inferContract: types', () => {
  it('knows Dutch domain types, dates, booleans and numbers', () => {
    const text = [
      'gemeente,buurt,postcode,pand_id,lat,lon,datum,gemeten,actief,bedrag,factor,code',
      'GM0080,BU00800000,8911 AB,0080100000000001,53.2012,5.7999,2024-01-31,2024-01-31 12:00:00,ja,12.50,1e-3,0012',
      'GM0080,BU00800001,8912AC,0080100000000002,53.1987,5.8123,2024-02-01,2024-02-01 13:30:05,nee,3.25,2.5E2,0013',
    ].join('\n');
    const { contract } = infer(text);
    expect(contract.columns.map((c) => [c.name, c.type])).toEqual([
      ['gemeente', 'cbs_gemeente'],
      ['buurt', 'cbs_buurt'],
      ['postcode', 'postcode'],
      ['pand_id', 'bag_id'],
      ['lat', 'latitude'],
      ['lon', 'longitude'],
      ['datum', 'date'],
      ['gemeten', 'timestamp'],
      ['actief', 'boolean'],
      ['bedrag', 'decimal'],
      ['factor', 'double'],
      ['code', 'string'],
    ]);
    expect(contract.file).toMatchObject({ date_format: '%Y-%m-%d', timestamp_format: '%Y-%m-%d %H:%M:%S' });
  });

  it('reads Dutch dates', () => {
    const { contract } = infer('meetdatum,waarde\n31-01-2024,1\n01-02-2024,2\n');
    expect(col(contract.columns, 'meetdatum')?.type).toBe('date');
    expect(contract.file.date_format).toBe('%d-%m-%Y');
  });

  it('makes snake_case names and keeps the heading as source', () => {
    expect(snakeCase('Plant Jaar (oud)')).toBe('plant_jaar_oud');
    expect(snakeCase('Straße')).toBe('strasse');
    expect(snakeCase('BouwJaar')).toBe('bouw_jaar');
    expect(snakeCase('2020')).toBe('col_2020');
    const { contract } = infer('Aantal Bomen,aantal bomen\n1,2\n');
    expect(contract.columns.map((c) => [c.name, c.source])).toEqual([
      ['aantal_bomen', 'Aantal Bomen'],
      ['aantal_bomen_2', 'aantal bomen'],
    ]);
  });
});

describe('inferContract: personal data', () => {
  it('flags personal data by name and content, with a privacy suggestion', () => {
    const text = [
      'naam,e-mail,telefoon,bsn,geboortedatum,adres,huisnummer,postcode,iban,kenteken,straatnaam,contact',
      'Anna de Vries,anna@example.nl,0612345678,111222333,1980-05-01,Ossekop 1,1,8911 AB,NL91ABNA0417164300,AB-123-C,Ossekop,info@example.nl',
      'Bram Smit,bram@example.nl,0587654321,123456782,1975-11-30,Wirdumerdijk 2,2,8911 AC,NL20INGB0001234567,12-ABC-3,Wirdumerdijk,post@example.nl',
    ].join('\n');
    const { contract, yaml } = infer(text);
    expect(contract.columns.map((c) => [c.name, c.personal_data, c.privacy])).toEqual([
      ['naam', 'direct', 'drop'],
      ['e_mail', 'direct', 'drop'],
      ['telefoon', 'direct', 'drop'],
      ['bsn', 'direct', 'pseudonymise'],
      ['geboortedatum', 'indirect', 'generalise'],
      ['adres', 'indirect', 'pseudonymise'],
      ['huisnummer', 'indirect', 'drop'],
      ['postcode', 'indirect', 'generalise'],
      ['iban', 'direct', 'drop'],
      ['kenteken', 'indirect', 'pseudonymise'],
      ['straatnaam', 'indirect', 'keep'],
      ['contact', 'direct', 'drop'],
    ]);
    expect(yaml).toContain('personal_data: direct # controleer: lijkt op persoonsgegevens (een naam)');
    expect(yaml).toContain('personal_data: direct # controleer: lijkt op persoonsgegevens (een e-mailadres)');
    expect(parseContract(yaml, 'draft.yaml').columns).toHaveLength(12);
  });

  it('does not take tree or street names for people', () => {
    const { contract } = infer('boomnaam,gemeentenaam\nEik,Leeuwarden\nBeuk,Leeuwarden\n');
    expect(contract.columns.map((c) => c.personal_data)).toEqual(['none', 'none']);
  });

  it('recognises BSNs by the 11-test', () => {
    expect(isBsn('111222333')).toBe(true);
    expect(isBsn('111222334')).toBe(false);
    const { contract } = infer('nummer\n111222333\n123456782\n999999990\n100000009\n010000008\n');
    expect(contract.columns[0]).toMatchObject({ personal_data: 'direct', privacy: 'pseudonymise' });
  });

  it('produces YAML the yaml library reads back', () => {
    const { yaml } = infer(LEEUWARDEN);
    expect(parseYaml(yaml)).toMatchObject({ id: 'sample', file: { delimiter: ',' } });
  });
});

describe('inferContract: JSON lines', () => {
  const SENSORS = [
    '{"SensorID": "S-001", "gemeten": "2024-05-01 10:00:00", "temp": 12.50, "batterij": 80, "actief": true, "wijk": "WK008000", "meta": {"fw": "1.2"}}',
    '{"SensorID": "S-002", "gemeten": "2024-05-01 10:05:00", "temp": -3.25, "batterij": 75, "actief": false, "wijk": "WK008001", "meta": null}',
    '',
    '{"sensorid": "S-003", "gemeten": "2024-05-01 10:10:00", "temp": null, "batterij": 60, "actief": true, "wijk": "WK008002", "Extra": "x"}',
    '{"SensorID": "S-004", "gemeten": "2024-05-01 10:15:00", "temp": 8, "batterij": 55, "actief": true, "wijk": "WK008003"}',
  ].join('\n');

  it('takes keys as columns (matched ignoring capitals), types from the values, and writes a jsonl file block', () => {
    const { contract, yaml } = infer(`${SENSORS}\n`, 'metingen.jsonl', 'metingen');
    expect(contract.file).toMatchObject({ format: 'jsonl', encoding: 'utf-8', timestamp_format: '%Y-%m-%d %H:%M:%S' });
    expect(summary(contract.columns)).toEqual([
      ['sensor_id', 'string', false],
      ['gemeten', 'timestamp', false],
      ['temp', 'decimal', true],
      ['batterij', 'integer', false],
      ['actief', 'boolean', false],
      ['wijk', 'cbs_wijk', false],
      ['meta', 'string', true],
      ['extra', 'string', true],
    ]);
    expect(col(contract.columns, 'sensor_id')?.source).toBe('SensorID');
    expect(col(contract.columns, 'temp')?.scale).toBe(2);
    expect(contract.keys.primary).toEqual(['sensor_id']);
    expect(yaml).toContain('format: jsonl # JSON lines: één object per regel; kolommen worden gelezen op sleutel, hoofdletters tellen niet');
    expect(yaml).not.toMatch(/delimiter|decimal_separator|header:/);
    expect(parseContract(yaml, 'draft.yaml').file.format).toBe('jsonl');
  });

  it('recognises JSON lines by content too, drops a last line the sample cut off, and names a line that is not JSON', () => {
    const { contract } = infer(`${SENSORS}\n{"SensorID": "S-0`, 'export.txt');
    expect(contract.file.format).toBe('jsonl');
    expect(contract.columns).toHaveLength(8);
    expect(() => infer('{"a": 1}\n{"a": 2,}\n{"a": 3}\n', 'x.jsonl')).toThrow(
      'regel 2 van x.jsonl is geen geldige JSON: een komma vóór "}" (haal de laatste komma weg) (teken 9). Verbeter die regel (of laat hem weg uit het voorbeeld) en probeer het opnieuw.',
    );
    expect(refusal('{"a": 1}\n{"a": 2,}\n{"a": 3}\n', 'x.jsonl', 'en')).toBe(
      'line 2 of x.jsonl is not valid JSON: a comma before "}" (remove the last comma) (character 9). Fix it (or leave it out of the sample) and try again.',
    );
    expect(() => infer('{"a": 1}\n[1, 2]\n', 'x.jsonl')).toThrow('regel 2 van x.jsonl is een lijst (array), geen object');
    expect(refusal('{"a": 1}\n[1, 2]\n', 'x.jsonl', 'en')).toMatch(/^line 2 of x\.jsonl is a JSON array, not an object/);
  });
});

describe('inferContract: the lines above the table as columns of every row', () => {
  const block = [
    'Meetreeks B12;;',
    'Locatie;B12;',
    'Datum;meting;', // a key that is also a heading of the table
    'Locatie;B13;', // a key seen before
    'Status;-;',
    'Geplaatst;2019-03-01 10:00;',
    'Eigenaar e-mail;j.jansen@example.nl;',
    'y;497310;',
    'x;115420;',
    ';;',
  ];
  const rows = ['datum;meting', '2022-02-02 11:31;-1,83', '2022-01-17 12:31;-1,68', '2021-12-21 14:31;-1,62', '2021-11-22 16:31;-1,47', '2021-10-23 18:31;-1,40'];
  const { contract, yaml } = inferContract({ sample: new TextEncoder().encode(`${[...block, ...rows].join('\n')}\n`), fileName: 'b12.csv', dataset: 'gw', now: new Date('2026-12-01') });

  it('proposes one column per key;value line: unique names, types from the value, personal data as for any column', () => {
    expect(contract.file.header_line).toBe(11);
    const proposed = contract.columns.filter((c) => c.preamble !== undefined);
    expect(proposed.map((c) => [c.name, c.preamble, c.type, c.nullable])).toEqual([
      ['locatie', 'Locatie', 'string', false],
      ['datum_2', 'Datum', 'string', false],
      ['status', 'Status', 'string', true],
      ['geplaatst', 'Geplaatst', 'timestamp', false],
      ['eigenaar_e_mail', 'Eigenaar e-mail', 'email', false],
      ['y', 'y', 'rd_y', false],
      ['x', 'x', 'rd_x', false],
    ]);
    expect(proposed.find((c) => c.name === 'eigenaar_e_mail')).toMatchObject({ personal_data: 'direct', privacy: 'drop' });
    // the draft is a valid contract as written
    expect(() => parseContract(yaml, 'gw.yaml')).not.toThrow();
    expect(yaml).toContain('# uit regel 2 boven de tabel (Locatie;B12): elke rij van een levering krijgt deze waarde');
  });
});
