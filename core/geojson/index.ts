/**
 * GeoJSON intake (`file.format: geojson`): a FeatureCollection, or GeoJSON lines (one Feature per line), becomes a
 * JSON lines query copy with one row per feature (core/geojson/rows.ts), streamed in bounded memory. The raw table,
 * the pre-check, the checks and `contract infer` then read that copy exactly as they read a JSON lines upload, on
 * Athena and DuckDB alike; the line of a row is the feature's position in the file.
 */
import { featureRow, namedCrs } from './rows';
import { FeatureSplitter, GeoJsonError, type RawFeature } from './split';

export { featureRow, geometryKeys, namedCrs, RD_NEW, WGS84, wkt, writeJson } from './rows';
export { FeatureSplitter, GeoJsonError } from './split';

/** Output is handed on in pieces of about this many bytes. */
const FLUSH_BYTES = 1 << 20;

/** A GeoJSON file (as chunks of bytes) → its JSON lines rows (as chunks of UTF-8 bytes). Throws GeoJsonError. */
export async function* geojsonToJsonl(chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): AsyncIterable<Uint8Array> {
  const splitter = new FeatureSplitter();
  let out: string[] = [];
  let size = 0;
  const rows = (features: RawFeature[]) => {
    const crs = namedCrs(splitter.collection);
    for (const f of features) {
      const line = `${featureRow(f, crs)}\n`;
      out.push(line);
      size += line.length;
    }
  };
  for await (const chunk of chunks) {
    rows(splitter.push(chunk));
    if (size >= FLUSH_BYTES) {
      yield Buffer.from(out.join(''), 'utf8');
      out = [];
      size = 0;
    }
  }
  splitter.end();
  if (out.length > 0) yield Buffer.from(out.join(''), 'utf8');
}

/**
 * The rows of the first part of a GeoJSON file (a sample that may stop inside a feature): the features that are
 * whole, as JSON lines text. `complete` says the sample is the whole file.
 */
export function geojsonSampleRows(sample: Uint8Array, complete: boolean): { text: string; features: number } {
  const splitter = new FeatureSplitter();
  // a cut-off sample ends inside a feature: only a whole file is checked to its end
  const features = splitter.push(sample);
  if (complete) splitter.end();
  const crs = namedCrs(splitter.collection);
  const lines = features.map((f) => featureRow(f, crs));
  return { text: lines.map((l) => `${l}\n`).join(''), features: lines.length };
}

/** A file that looks like GeoJSON: by its name, or a JSON object whose head names a FeatureCollection or Feature. */
export function looksLikeGeojson(fileName: string, head: string): boolean {
  if (/\.geo(json|jsonl|jsonseq)(\.gz)?$/i.test(fileName)) return true;
  return /^[\s\u001e\ufeff]*\{/.test(head) && /"type"\s*:\s*"(FeatureCollection|Feature)"/.test(head.slice(0, 4096));
}
