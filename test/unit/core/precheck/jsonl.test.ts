import { describe, expect, it } from 'vitest';
import { precheck } from '../../../../core/precheck';
import { type Contract, contract as contractSchema } from '../../../../schemas/contract';

const metingen: Contract = contractSchema.parse({
  id: 'metingen',
  title: 'Metingen',
  owner: 'Team IoT',
  source_type: 'iot',
  purpose: 'test',
  file: { format: 'jsonl' },
  columns: [
    { name: 'sensor_id', source: 'SensorID', type: 'string' },
    { name: 'gemeten', type: 'timestamp', nullable: false },
    { name: 'temperatuur', type: 'decimal' },
    { name: 'status', type: 'string' },
  ],
  keys: { primary: ['sensor_id'] },
});

const bytes = (text: string | Uint8Array) => (typeof text === 'string' ? new TextEncoder().encode(text) : text);

function check(text: string | Uint8Array, opts: { size?: number; window?: number; contract?: Contract } = {}) {
  const head = bytes(text);
  const input = { head, size: opts.size ?? head.length, fileName: 'metingen.jsonl', contract: opts.contract ?? metingen, window: opts.window };
  return precheck({ ...input, language: 'nl' });
}

const GOOD = [
  '{"SensorID": "S-001", "gemeten": "2024-05-01 10:00:00", "temperatuur": 12.5, "status": "actief"}',
  '{"SensorID": "S-002", "gemeten": "2024-05-01 10:05:00", "temperatuur": null}',
].join('\n');

const codes = (r: ReturnType<typeof check>) => r.findings.map((f) => [f.code, f.severity, f.line ?? null]);

describe('pre-check of a JSON lines head', () => {
  it('accepts objects with the contract keys; the raw table reads every contract column', () => {
    const r = check(`${GOOD}\n`);
    expect(r.status).toBe('ok');
    expect(r.findings).toEqual([]);
    expect(r.header).toEqual(['sensor_id', 'gemeten', 'temperatuur', 'status']);
  });

  it('accepts a byte order mark (the readers skip it), CRLF line ends and no line end after the last line', () => {
    const r = check(`\ufeff${GOOD.replace('\n', '\r\n')}`);
    expect(r.status).toBe('ok');
    expect(r.bom).toBe(true);
    expect(r.findings).toEqual([]);
  });

  it('rejects an empty file and a file of empty lines', () => {
    expect(codes(check(''))).toEqual([['empty_file', 'reject_load', null]]);
    expect(codes(check('\n \n\n'))).toEqual([['empty_file', 'reject_load', null]]);
  });

  it('rejects binary files, with advice for JSON lines', () => {
    const r = check(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]));
    expect(r.findings[0]).toMatchObject({
      code: 'binary_file',
      message: 'metingen.jsonl is een Excel-werkmap (.xlsx) of een ander ZIP-bestand, geen JSON lines-tekstbestand.',
      advice: 'Exporteer de gegevens als JSON lines (één JSON-object per regel, UTF-8) en lever dat bestand aan.',
    });
    expect(check(new Uint8Array([0x7b, 0x7d, 0x0a, 0x00, 0x7b])).findings[0]).toMatchObject({ code: 'binary_file', line: 2 });
  });

  it('rejects a file that is not UTF-8, naming the line', () => {
    const text = new Uint8Array([...bytes(`${GOOD}\n{"SensorID": "caf`), 0xe9, ...bytes('", "gemeten": "x"}\n')]);
    const r = check(text);
    expect(r.findings[0]).toMatchObject({ code: 'encoding_mismatch', severity: 'reject_load', line: 3 });
    expect(r.findings[0]?.message).toBe(
      'metingen.jsonl is niet opgeslagen als UTF-8: regel 3 bevat de byte 0xE9, in Windows-1252 het teken "é". In totaal 1 zo\'n byte. Een JSON lines-bestand is altijd UTF-8.',
    );
  });

  it('rejects the first line that is not JSON, saying what is wrong and where', () => {
    const r = check(`${GOOD}\n{"SensorID": "S-003", "gemeten": "2024-05-01 10:10:00", "temperatuur": 12,5}\n{"broken\n`);
    expect(r.status).toBe('rejected');
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({
      code: 'invalid_json',
      line: 3,
      message:
        'Regel 3 van metingen.jsonl is geen geldige JSON: verwacht werd een veldnaam tussen dubbele aanhalingstekens, maar er staat "5" (teken 75).',
      advice:
        'Verbeter regel 3 zodat er één volledig JSON-object op staat, zoals {"id": 1, "naam": "Eik"}, en lever het bestand opnieuw aan. Meestal ontbreekt er een komma, aanhalingsteken of haakje; tekst staat tussen dubbele aanhalingstekens.',
    });
  });

  it('rejects a line that is JSON but not an object', () => {
    const r = check(`${GOOD}\n["S-003", "2024-05-01"]\n`);
    expect(r.findings[0]).toMatchObject({
      code: 'not_json_object',
      line: 3,
      message: 'Regel 3 van metingen.jsonl is een lijst (array), geen object: elke regel van een JSON lines-bestand is één object, zoals {"id": 1, "naam": "Eik"}.',
    });
  });

  it('recognises a JSON array file and pretty-printed JSON, and says how to convert them', () => {
    const array = check('[{"SensorID": "S-001", "gemeten": "2024-05-01 10:00:00"}, {"SensorID": "S-002"}]\n');
    expect(array.findings[0]).toMatchObject({ code: 'not_json_object', line: 1 });
    expect(array.findings[0]?.advice).toMatch(/^Het bestand lijkt één JSON-document .*`jq -c '\.\[\]' in\.json > uit\.jsonl`/);
    const pretty = check('[\n  {\n    "SensorID": "S-001"\n  }\n]\n');
    expect(pretty.findings[0]).toMatchObject({ code: 'invalid_json', line: 1 });
    expect(pretty.findings[0]?.advice).toMatch(/^Het bestand lijkt één JSON-document/);
  });

  it('rejects empty lines, listing them (an empty line would be a row without values)', () => {
    const r = check(`${GOOD}\n\n${GOOD}\n   \n`);
    expect(codes(r)).toEqual([['blank_lines', 'reject_load', 3]]);
    expect(r.findings[0]?.message).toBe('metingen.jsonl heeft 2 lege regels: regel 3 en 6. In JSON lines is elke regel één object.');
  });

  it('rejects a required key that no object has, with a did-you-mean for a near miss', () => {
    const r = check('{"SensorID": "S-001", "gemetn": "2024-05-01 10:00:00"}\n{"SensorID": "S-002", "gemetn": "2024-05-01 10:05:00"}\n');
    expect(r.status).toBe('rejected');
    expect(r.findings).toEqual([
      {
        code: 'missing_key',
        severity: 'reject_load',
        column: 'gemeten',
        line: 1,
        count: 1,
        examples: [{ line: 1, value: 'gemetn' }],
        message: 'De veldnaam "gemeten" ontbreekt in metingen.jsonl: geen van de 2 objecten heeft dit veld. Regel 1 heeft de veldnaam "gemetn": bedoelde u "gemeten"?',
        advice: 'Verander de veldnaam "gemetn" in "gemeten" en lever het bestand opnieuw aan.',
      },
    ]);
  });

  it('rejects a missing primary-key key, and names the contract owner when there is no near miss', () => {
    const r = check('{"gemeten": "2024-05-01 10:00:00", "temperatuur": 3}\n');
    expect(r.findings).toMatchObject([
      {
        code: 'missing_key',
        column: 'sensor_id',
        message: 'De veldnaam "SensorID" ontbreekt in metingen.jsonl: het object heeft dit veld niet, en het veld hoort bij de sleutel van de gegevens.',
        advice: 'Geef elk object het veld "SensorID" en lever het bestand opnieuw aan. Hebben de gegevens dit veld niet meer, vraag dan de eigenaar van het contract (Team IoT) om het contract "metingen" aan te passen.',
      },
    ]);
  });

  it('says "in the first part" when the head is not the whole file, and ignores the line the head cuts off', () => {
    const line = '{"SensorID": "S-001", "gemetn": "2024-05-01 10:00:00", "padding": "xxxxxxxxxxxxxxxx"}\n';
    const text = line.repeat(5) + line.slice(0, 30);
    const r = check(text, { size: 10_000 });
    expect(r.findings.find((f) => f.code === 'missing_key')?.message).toMatch(/geen van de 5 objecten in het eerste deel van het bestand heeft dit veld/);
    expect(r.findings.some((f) => f.code === 'invalid_json')).toBe(false);
  });

  it('warns about keys the contract does not know, with a did-you-mean for an optional column no object has', () => {
    const r = check('{"SensorID": "S-001", "gemeten": "2024-05-01 10:00:00", "temperature": 3, "batterij": 80}\n{"SensorID": "S-002", "gemeten": "2024-05-01 10:05:00", "locatie": {"x": 1}}\n');
    expect(r.status).toBe('ok');
    expect(r.findings).toMatchObject([
      {
        code: 'extra_key',
        severity: 'warn',
        column: 'temperature',
        line: 1,
        message: 'De veldnaam "temperature" (regel 1 van metingen.jsonl) staat niet in het contract, en geen object heeft het veld "temperatuur" uit het contract: bedoelde u "temperatuur"? De waarden van "temperature" worden genegeerd.',
      },
      {
        code: 'extra_key',
        severity: 'warn',
        count: 2,
        line: 1,
        examples: [
          { line: 1, value: 'batterij' },
          { line: 2, value: 'locatie' },
        ],
        message: '2 veldnamen in metingen.jsonl staan niet in het contract, dus de waarden ervan worden genegeerd: "batterij" en "locatie".',
      },
    ]);
  });

  it('matches keys ignoring capitals, with a warning; a key twice in one object is refused', () => {
    const r = check('{"sensorid": "S-001", "Gemeten": "2024-05-01 10:00:00"}\n');
    expect(r.status).toBe('ok');
    expect(codes(r)).toEqual([
      ['key_differs', 'warn', 1],
      ['key_differs', 'warn', 1],
    ]);
    expect(r.findings[0]?.message).toBe(
      'De veldnaam "sensorid" (regel 1 van metingen.jsonl) verschilt alleen in hoofdletters van "SensorID" uit het contract. Bij veldnamen tellen hoofdletters niet mee, dus het veld is toch herkend.',
    );
    const twice = check('{"SensorID": "S-001", "gemeten": "2024-05-01 10:00:00"}\n{"SensorID": "S-002", "sensorId": "S-3", "gemeten": "x"}\n');
    expect(twice.findings[0]).toMatchObject({
      code: 'duplicate_key',
      severity: 'reject_load',
      line: 2,
      message:
        'Regel 2 van metingen.jsonl heeft de veldnaam "SensorID" 2 keer (als "SensorID" en "sensorId"; bij veldnamen tellen hoofdletters niet mee), dus het is niet duidelijk welke waarde geladen moet worden.',
    });
  });

  it('warns when the first line is longer than the head, and checks nothing else', () => {
    const r = check(`{"SensorID": "${'x'.repeat(200)}`, { size: 100_000, window: 200 });
    expect(codes(r)).toEqual([['line_too_long', 'warn', 1]]);
  });

  it('a contract that says geojson (not loadable by parseContract) gets a clear refusal', () => {
    const geo = contractSchema.parse({ ...metingen, file: { format: 'geojson' } });
    expect(codes(check(GOOD, { contract: geo }))).toEqual([['unsupported_format', 'reject_load', null]]);
  });
});
