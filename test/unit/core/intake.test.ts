import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ByteTap, gunzipStream, type IntakeDialect, IntakeLimitError, lineOfRecord, RecordCounter, TextTap } from '../../../core/intake';

const csv: IntakeDialect = { format: 'csv', quote: '"', delimiter: ',', headerRows: 1 };
const jsonl: IntakeDialect = { format: 'jsonl', quote: '"', delimiter: ',', headerRows: 0 };

function count(text: string, dialect = csv, chunk = 3) {
  const counter = new RecordCounter(dialect);
  const bytes = Buffer.from(text);
  // small chunks: a CRLF or a "" split over two chunks must count the same
  for (let i = 0; i < bytes.length; i += chunk) counter.push(bytes.subarray(i, i + chunk));
  counter.end();
  return { records: counter.records, empty: counter.emptyLines, last: counter.lastRecordLine };
}

async function* chunks(...parts: (string | Uint8Array)[]) {
  for (const p of parts) yield typeof p === 'string' ? Buffer.from(p) : p;
}

describe('core/intake: RecordCounter', () => {
  it('counts records after the header, with or without a final line break', () => {
    expect(count('a,b\n1,2\n3,4\n')).toEqual({ records: 2, empty: 0, last: 3 });
    expect(count('a,b\n1,2\n3,4')).toEqual({ records: 2, empty: 0, last: 3 });
    expect(count('a,b\n')).toEqual({ records: 0, empty: 0, last: undefined });
  });

  it('treats CRLF and a lone CR as one line break', () => {
    expect(count('a,b\r\n1,2\r\n3,4\r\n', csv, 1)).toEqual({ records: 2, empty: 0, last: 3 });
    expect(count('a,b\r1,2\r3,4\r')).toEqual({ records: 2, empty: 0, last: 3 });
  });

  it('does not end a record at a line break inside quotes, also after "" and with the quote later in a field', () => {
    expect(count('a,b\n1,"x\ny"\n2,"he said ""hi""\nthere"\n3,4\n', csv, 2)).toEqual({ records: 3, empty: 0, last: 6 });
    // a quote inside an unquoted value is a plain character
    expect(count('a,b\n1,x"y\n2,3\n')).toEqual({ records: 2, empty: 0, last: 3 });
    // no quoting at all
    expect(count('a,b\n1,"x\n2,3\n', { ...csv, quote: '' })).toEqual({ records: 2, empty: 0, last: 3 });
  });

  it('counts empty lines apart (DuckDB skips them in CSV, Athena reads a row of NULLs)', () => {
    expect(count('a,b\n1,2\n\n3,4\n\n')).toEqual({ records: 2, empty: 2, last: 4 });
  });

  it('reads JSON lines as one record per line, with no header', () => {
    expect(count('{"a":"x\\ny"}\n{"a":"\\""}\n', jsonl)).toEqual({ records: 2, empty: 0, last: 2 });
  });

  it('finds the line a given record starts on', async () => {
    const text = 'a,b\n1,"x\ny"\n2,3\n4,5\n';
    expect(await lineOfRecord(chunks(text), csv, 2)).toBe(4);
    expect(await lineOfRecord(chunks(text), csv, 3)).toBe(5);
    expect(await lineOfRecord(chunks(text), csv, 4)).toBeUndefined();
  });
});

describe('core/intake: taps', () => {
  it('hashes the bytes as uploaded and counts the inflated text', async () => {
    const text = 'a,b\n1,2\n3,4\n';
    const gz = gzipSync(text);
    const bytes = new ByteTap();
    const tap = new TextTap(csv);
    for await (const _ of tap.pass(gunzipStream(bytes.pass(chunks(gz))))) void _;
    expect(bytes.bytes).toBe(gz.length);
    expect(bytes.digest()).toMatch(/^[0-9a-f]{64}$/);
    expect(tap.bytes).toBe(text.length);
    expect(tap.counter.records).toBe(2);
  });

  it('stops at the row limit and at the byte limit', async () => {
    const drain = async (tap: TextTap, text: string) => {
      for await (const _ of tap.pass(chunks(text))) void _;
    };
    await expect(drain(new TextTap(csv, { maxRows: 2 }), 'a,b\n1,2\n3,4\n5,6\n')).rejects.toEqual(new IntakeLimitError('rows', 2));
    await expect(drain(new TextTap(csv, { maxRows: 2 }), 'a,b\n1,2\n3,4\n')).resolves.toBeUndefined();
    await expect(drain(new TextTap(csv, { maxBytes: 5 }), 'a,b\n1,2\n')).rejects.toBeInstanceOf(IntakeLimitError);
  });
});
