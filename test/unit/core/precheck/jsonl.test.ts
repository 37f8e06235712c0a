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
  return precheck({ head, size: opts.size ?? head.length, fileName: 'metingen.jsonl', contract: opts.contract ?? metingen, window: opts.window });
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
      message: 'metingen.jsonl is an Excel workbook (.xlsx) or another ZIP file, not a JSON lines text file.',
      advice: 'Export the data as JSON lines (one JSON object per line, UTF-8) and upload that file.',
    });
    expect(check(new Uint8Array([0x7b, 0x7d, 0x0a, 0x00, 0x7b])).findings[0]).toMatchObject({ code: 'binary_file', line: 2 });
  });

  it('rejects a file that is not UTF-8, naming the line', () => {
    const text = new Uint8Array([...bytes(`${GOOD}\n{"SensorID": "caf`), 0xe9, ...bytes('", "gemeten": "x"}\n')]);
    const r = check(text);
    expect(r.findings[0]).toMatchObject({ code: 'encoding_mismatch', severity: 'reject_load', line: 3 });
    expect(r.findings[0]?.message).toBe(
      'metingen.jsonl is not saved as UTF-8: line 3 has the byte 0xE9, which is "é" in Windows-1252. 1 such byte. JSON lines files are always UTF-8.',
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
        'Line 3 of metingen.jsonl is not valid JSON: expected a key in double quotes, found "5" (character 75).',
      advice:
        'Fix line 3 so that it holds one complete JSON object, such as {"id": 1, "naam": "Eik"}, and upload the file again. A missing comma, quote or bracket is the usual cause; text values go in double quotes.',
    });
  });

  it('rejects a line that is JSON but not an object', () => {
    const r = check(`${GOOD}\n["S-003", "2024-05-01"]\n`);
    expect(r.findings[0]).toMatchObject({
      code: 'not_json_object',
      line: 3,
      message: 'Line 3 of metingen.jsonl is a JSON array, not an object: each line of a JSON lines file is one object, such as {"id": 1, "naam": "Eik"}.',
    });
  });

  it('recognises a JSON array file and pretty-printed JSON, and says how to convert them', () => {
    const array = check('[{"SensorID": "S-001", "gemeten": "2024-05-01 10:00:00"}, {"SensorID": "S-002"}]\n');
    expect(array.findings[0]).toMatchObject({ code: 'not_json_object', line: 1 });
    expect(array.findings[0]?.advice).toMatch(/^The file looks like one JSON document .*`jq -c '\.\[\]' in\.json > out\.jsonl`/);
    const pretty = check('[\n  {\n    "SensorID": "S-001"\n  }\n]\n');
    expect(pretty.findings[0]).toMatchObject({ code: 'invalid_json', line: 1 });
    expect(pretty.findings[0]?.advice).toMatch(/^The file looks like one JSON document/);
  });

  it('rejects empty lines, listing them (an empty line would be a row without values)', () => {
    const r = check(`${GOOD}\n\n${GOOD}\n   \n`);
    expect(codes(r)).toEqual([['blank_lines', 'reject_load', 3]]);
    expect(r.findings[0]?.message).toBe('2 empty lines in metingen.jsonl: line 3 and 6. In JSON lines every line is one object.');
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
        message: 'The key "gemeten" is missing from metingen.jsonl: none of its 2 objects has it. Line 1 has the key "gemetn": did you mean "gemeten"?',
        advice: 'Rename the key "gemetn" to "gemeten" and upload the file again.',
      },
    ]);
  });

  it('rejects a missing primary-key key, and names the contract owner when there is no near miss', () => {
    const r = check('{"gemeten": "2024-05-01 10:00:00", "temperatuur": 3}\n');
    expect(r.findings).toMatchObject([
      {
        code: 'missing_key',
        column: 'sensor_id',
        message: 'The key "SensorID" is missing from metingen.jsonl: its one object does not have it, and it is part of the primary key.',
        advice: 'Give every object the key "SensorID" and upload the file again. If the data no longer has it, ask the contract owner (Team IoT) to change the contract "metingen".',
      },
    ]);
  });

  it('says "in the first part" when the head is not the whole file, and ignores the line the head cuts off', () => {
    const line = '{"SensorID": "S-001", "gemetn": "2024-05-01 10:00:00", "padding": "xxxxxxxxxxxxxxxx"}\n';
    const text = line.repeat(5) + line.slice(0, 30);
    const r = check(text, { size: 10_000 });
    expect(r.findings.find((f) => f.code === 'missing_key')?.message).toMatch(/none of the 5 objects in the first part of the file has it/);
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
        message: 'The key "temperature" (line 1 of metingen.jsonl) is not in the contract, and no object has the contract\'s "temperatuur": did you mean "temperatuur"? Its values are ignored.',
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
        message: '2 keys in metingen.jsonl are not in the contract, so their values are ignored: "batterij" and "locatie".',
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
      'The key "sensorid" (line 1 of metingen.jsonl) differs from the contract\'s "SensorID" only in capitals. Keys are matched ignoring capitals, so it was matched anyway.',
    );
    const twice = check('{"SensorID": "S-001", "gemeten": "2024-05-01 10:00:00"}\n{"SensorID": "S-002", "sensorId": "S-3", "gemeten": "x"}\n');
    expect(twice.findings[0]).toMatchObject({
      code: 'duplicate_key',
      severity: 'reject_load',
      line: 2,
      message:
        'Line 2 of metingen.jsonl has the key "SensorID" 2 times (as "SensorID" and "sensorId"; keys are matched ignoring capitals), so it is not clear which value to load.',
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
