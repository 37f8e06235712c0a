import type { QueryCopy } from '../schemas/payloads';
import type { CsvStorage } from './ports';
import type { Texts } from './worded-error';

/**
 * The query copy: what the raw table reads instead of the upload, when the upload itself will not do. Ingest writes
 * it to decoded/ (core/keys.ts decodedKey, under the file name given here), streamed, never rewritten; prepare-checks
 * registers the raw table over its folder. Two reasons for one:
 *
 * - windows-1252: Athena's CSV SerDe that handles quotes (OpenCSVSerde) reads only UTF-8, and DuckDB's CSV reader
 *   has no windows-1252, so the copy is the upload transcoded to UTF-8 (core/csv/cp1252.ts), on both engines.
 * - read order: quarantine line numbers come from `row_number() over ()` in read order (docs/architecture.md, "Line
 *   numbers"). Athena (Trino) reads a large plain file in several splits, in no promised order; a gzip file cannot be
 *   split, so it is read whole, in order (and Athena scans fewer bytes). On an engine that does not keep file order
 *   the copy is therefore gzip, named `.gz`: Athena recognises the compression by the extension (OpenCSVSerde and the
 *   OpenX JSON SerDe both read through TextInputFormat). An upload that is gzip already, named `.gz`, needs no copy for this.
 *
 * The same for CSV and JSON lines (a JSON lines contract is always UTF-8: core/contract/parse.ts refuses anything else).
 */
export type { QueryCopy };

/** Why ingest could not write the copy (a GeoJSON upload that is not GeoJSON), kept for the pre-check to report. */
export interface IntakeError {
  /** What is wrong, in English. */
  problem: string;
  /** What is wrong, in each language (the report says it in the load's). */
  said?: Texts;
  /** 1-based line in the upload. */
  line: number;
}

/** What the engine that reads the raw table promises; the `QueryEngine` port's `keepsFileOrder`. */
export interface ReadOrder {
  keepsFileOrder: boolean;
}

/** A name ending in `.gz`, in any case: the pre-check's test for a gzip upload (functions/precheck.ts, adapters/local/jsonl-copy.ts). */
export function isGzipName(fileName: string): boolean {
  return fileName.toLowerCase().endsWith('.gz');
}

/**
 * Whether the load needs a query copy, and which: from the contract's file settings, the upload's file name (as
 * the load input carries it) and the engine's read order. Undefined: the raw table reads raw/, the upload itself.
 *
 * Trino finds a file's compression by its extension, exactly `.gz` (case-sensitive, trino-hive-formats
 * CompressionKind.forFile), so a gzip copy is always named `….gz`, and on Athena an upload named `….GZ` gets a copy
 * of its bytes under the name `….gz` (read as one split, in order, like any gzip file).
 */
export function queryCopy(file: { encoding: CsvStorage['encoding']; format: string }, fileName: string, engine: ReadOrder): QueryCopy | undefined {
  const gzipped = isGzipName(fileName);
  if (file.format === 'geojson' || file.format === 'json') {
    // JSON lines rows (core/geojson: one per feature; core/json-document), always: no engine reads these as rows
    const rows = `${gzipped ? fileName.slice(0, -'.gz'.length) : fileName}.jsonl`;
    const gzip = !engine.keepsFileOrder;
    const kind = file.format === 'geojson' ? { features: true } : { document: true };
    return { fileName: gzip ? `${rows}.gz` : rows, gunzip: gzipped, transcode: false, ...kind, gzip, contentType: gzip ? 'application/gzip' : 'application/x-ndjson' };
  }
  const transcode = file.encoding === 'windows-1252';
  // What the raw table reads is gzip when the upload is (DuckDB reads .gz as well), or to keep file order.
  const copyIsGzip = gzipped || !engine.keepsFileOrder;
  const copyName = copyIsGzip ? `${gzipped ? fileName.slice(0, -'.gz'.length) : fileName}.gz` : fileName;
  // UTF-8: read as it is on an engine that keeps order, and on Athena when it is gzip already, named `.gz`
  if (!transcode && (engine.keepsFileOrder || copyName === fileName)) return undefined;
  const text = file.format === 'jsonl' ? 'application/x-ndjson' : 'text/csv; charset=utf-8';
  return {
    fileName: copyName,
    // without transcoding, the bytes of a gzip upload pass through unchanged (only the name changes)
    gunzip: gzipped && transcode,
    transcode,
    gzip: copyIsGzip && (transcode || !gzipped),
    contentType: copyIsGzip ? 'application/gzip' : text,
  };
}

/** The copy as the error messages name it. */
export function describeQueryCopy(copy: QueryCopy): string {
  if (copy.features) return 'JSON lines copy of the GeoJSON upload (one row per feature)';
  if (copy.document) return 'JSON lines copy of the JSON document (one row per object)';
  if (!copy.gunzip && !copy.transcode && !copy.gzip) return 'copy of the gzip upload named .gz (how Athena recognises gzip)';
  if (copy.transcode) return `${copy.contentType === 'application/gzip' ? 'gzip-compressed ' : ''}UTF-8 copy of a windows-1252 upload`;
  return 'gzip-compressed copy of the upload (read in file order on Athena)';
}
