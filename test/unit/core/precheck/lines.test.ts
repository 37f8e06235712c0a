import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../../core/csv';
import { splitLines } from '../../../../core/jsonl';
import { lineOfByte } from '../../../../core/precheck/lines';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('lineOfByte', () => {
  it('ends a line at LF, at CRLF and at a lone CR, as the CSV reader and the line readers do', () => {
    // prepare: line 1 ends LF, line 2 CRLF, line 3 a lone CR, line 4 has X
    const text = 'a\nb\r\nc\rX';
    // act
    const line = lineOfByte(bytes(text), text.indexOf('X'));
    // assess
    expect(line).toBe(4);
    expect(lineOfByte(bytes(text), 0)).toBe(1);
    // the CR of a CRLF is still on line 2
    expect(lineOfByte(bytes(text), text.indexOf('\r'))).toBe(2);
  });

  it('numbers lines as the CSV parser and the JSON lines splitter number them', () => {
    const text = 'a\nb\r\nc\rd\n';
    const csvLines = parseCsv(text, { delimiter: ',' }).records.map((r) => r.line);
    const jsonLines = ['a', 'b', 'c', 'd'].map((c) => splitLines(text).findIndex((l) => l.text === c) + 1);
    const byteLines = ['a', 'b', 'c', 'd'].map((c) => lineOfByte(bytes(text), text.indexOf(c)));
    expect(byteLines).toEqual([1, 2, 3, 4]);
    expect(csvLines).toEqual(byteLines);
    expect(jsonLines).toEqual(byteLines);
  });
});
