import { describe, expect, it } from 'vitest';
import { decodedKey } from '../../../core/keys';
import { describeQueryCopy, isGzipName, queryCopy } from '../../../core/query-copy';

const ordered = { keepsFileOrder: true };
const unordered = { keepsFileOrder: false };

describe('queryCopy: what the raw table reads instead of the upload', () => {

  it('GeoJSON: always a JSON lines copy with a row per feature; gzip when the engine does not keep order', () => {
    const file = { format: 'geojson', encoding: 'utf-8' } as const;
    expect(queryCopy(file, 'buurt.geojson', ordered)).toEqual({ fileName: 'buurt.geojson.jsonl', gunzip: false, transcode: false, features: true, gzip: false, contentType: 'application/x-ndjson' });
    expect(queryCopy(file, 'buurt.geojson', unordered)).toMatchObject({ fileName: 'buurt.geojson.jsonl.gz', gzip: true, contentType: 'application/gzip' });
    expect(queryCopy(file, 'buurt.geojson.gz', ordered)).toMatchObject({ fileName: 'buurt.geojson.jsonl', gunzip: true, gzip: false });
    expect(describeQueryCopy(queryCopy(file, 'b.geojson', ordered)!)).toMatch(/JSON lines copy of the GeoJSON upload/);
  });
  // encoding × engine × upload name × format → the copy (undefined: the raw table reads raw/)
  const cases = [
    // utf-8: a copy only to make a plain file gzip on an engine that does not keep file order
    ['utf-8', ordered, 'f.csv', undefined],
    ['utf-8', ordered, 'f.csv.gz', undefined],
    ['utf-8', unordered, 'f.csv', { fileName: 'f.csv.gz', gunzip: false, transcode: false, gzip: true }],
    ['utf-8', unordered, 'f.csv.gz', undefined],
    // windows-1252: always a UTF-8 copy; gzip when the engine does not keep order, or the upload was gzip
    ['windows-1252', ordered, 'f.csv', { fileName: 'f.csv', gunzip: false, transcode: true, gzip: false }],
    ['windows-1252', ordered, 'f.csv.gz', { fileName: 'f.csv.gz', gunzip: true, transcode: true, gzip: true }],
    ['windows-1252', unordered, 'f.csv', { fileName: 'f.csv.gz', gunzip: false, transcode: true, gzip: true }],
    ['windows-1252', unordered, 'f.csv.gz', { fileName: 'f.csv.gz', gunzip: true, transcode: true, gzip: true }],
  ] as const;

  for (const format of ['csv', 'jsonl'] as const) {
    for (const [encoding, engine, csvName, expected] of cases) {
      const fileName = format === 'jsonl' ? csvName.replace('.csv', '.jsonl') : csvName;
      const order = engine.keepsFileOrder ? 'ordered' : 'unordered';
      it(`${format}, ${encoding}, ${order} engine, ${fileName}`, () => {
        const copy = queryCopy({ format, encoding }, fileName, engine);
        if (expected === undefined) {
          expect(copy).toBeUndefined();
          return;
        }
        const text = format === 'jsonl' ? 'application/x-ndjson' : 'text/csv; charset=utf-8';
        expect(copy).toEqual({
          ...expected,
          fileName: format === 'jsonl' ? expected.fileName.replace('.csv', '.jsonl') : expected.fileName,
          contentType: expected.gzip ? 'application/gzip' : text,
        });
      });
    }
  }

  it('takes a .gz name in any case as gzip, as the pre-check does, and names a gzip copy exactly .gz (as Trino needs)', () => {
    expect(isGzipName('EXPORT.CSV.GZ')).toBe(true);
    expect(isGzipName('export.gzip')).toBe(false);
    // offline the upload is read as it is, as before
    expect(queryCopy({ format: 'csv', encoding: 'utf-8' }, 'EXPORT.CSV.GZ', ordered)).toBeUndefined();
    // on Athena: its bytes under a name Trino recognises
    const renamed = queryCopy({ format: 'csv', encoding: 'utf-8' }, 'EXPORT.CSV.GZ', unordered);
    expect(renamed).toEqual({ fileName: 'EXPORT.CSV.gz', gunzip: false, transcode: false, gzip: false, contentType: 'application/gzip' });
    expect(renamed && describeQueryCopy(renamed)).toBe('copy of the gzip upload named .gz (how Athena recognises gzip)');
    for (const engine of [ordered, unordered]) {
      expect(queryCopy({ format: 'csv', encoding: 'windows-1252' }, 'EXPORT.CSV.GZ', engine)).toMatchObject({
        fileName: 'EXPORT.CSV.gz',
        gunzip: true,
        transcode: true,
        gzip: true,
      });
    }
  });

  it('names the copy by what it is, and keys it in decoded/ under its own file name', () => {
    const gz = queryCopy({ format: 'csv', encoding: 'utf-8' }, 'sub/f.csv', unordered);
    expect(gz && decodedKey('t', 'd', '1', gz.fileName)).toBe('decoded/t/d/load=1/sub/f.csv.gz');
    expect(gz && describeQueryCopy(gz)).toBe('gzip-compressed copy of the upload (read in file order on Athena)');
    const utf8 = queryCopy({ format: 'csv', encoding: 'windows-1252' }, 'f.csv', ordered);
    expect(utf8 && describeQueryCopy(utf8)).toBe('UTF-8 copy of a windows-1252 upload');
    const both = queryCopy({ format: 'csv', encoding: 'windows-1252' }, 'f.csv', unordered);
    expect(both && describeQueryCopy(both)).toBe('gzip-compressed UTF-8 copy of a windows-1252 upload');
  });
});
