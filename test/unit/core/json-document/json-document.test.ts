import { describe, expect, it } from 'vitest';
import { documentToJsonl, JsonDocumentError, jsonDocumentToJsonl, looksLikeJsonDocument } from '../../../../core/json-document';

const rows = (text: string) => documentToJsonl(text).trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

describe('a JSON document as rows', () => {
  it('gives a row per innermost object, with the keys above it as key_1, key_2 (a pretty-printed safety index)', () => {
    const text = JSON.stringify({ Criminality: { Centrum: { 2014: 124, 2015: 124 }, West: { 2014: 91, 2015: 85 } }, Nuisance: { Centrum: { 2014: 140, 2015: 138 } } }, null, 2);
    expect(rows(text)).toEqual([
      { key_1: 'Criminality', key_2: 'Centrum', 2014: 124, 2015: 124 },
      { key_1: 'Criminality', key_2: 'West', 2014: 91, 2015: 85 },
      { key_1: 'Nuisance', key_2: 'Centrum', 2014: 140, 2015: 138 },
    ]);
  });

  it('gives a row per element of an array, keeping numbers as written', () => {
    expect(documentToJsonl('[{"a": 1.50}, {"a": 2}, 3]')).toBe('{"a":1.50}\n{"a":2}\n{"value":3}\n');
  });

  it('refuses GeoJSON, broken JSON (naming the line) and a lone value', async () => {
    expect(() => documentToJsonl('{"type": "FeatureCollection", "features": []}')).toThrow(/use file.format: geojson/);
    const broken = '{\n  "a": {\n    "b": 1,\n  }\n}';
    expect(() => documentToJsonl(broken)).toThrow(JsonDocumentError);
    expect(() => documentToJsonl(broken)).toThrow(/\(line 4\)$/);
    expect(() => documentToJsonl('42')).toThrow(/a JSON number, not an object/);
    let out = '';
    for await (const b of jsonDocumentToJsonl([new TextEncoder().encode('[{"a":'), new TextEncoder().encode('1}]')])) out += new TextDecoder().decode(b);
    expect(out).toBe('{"a":1}\n');
  });

  it('tells a JSON document from JSON lines', () => {
    expect(looksLikeJsonDocument('{\n  "a": 1\n}')).toBe(true);
    expect(looksLikeJsonDocument('[{"a": 1}]')).toBe(true);
    expect(looksLikeJsonDocument('{"a": 1}\n{"a": 2}\n')).toBe(false);
  });
});
