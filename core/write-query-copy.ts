import { Readable, type Transform, pipeline } from 'node:stream';
import { createGunzip, createGzip } from 'node:zlib';
import { cp1252ToUtf8Stream } from './csv/cp1252';
import { GeoJsonError, geojsonToJsonl } from './geojson';
import type { ObjectRef, Ports } from './ports';
import type { IntakeError, QueryCopy } from './query-copy';

/** Ingest's writing of the query copy (core/query-copy.ts decides which), streamed through the ports. */

/** zlib's errors for data that is not (whole) gzip: Z_DATA_ERROR, Z_BUF_ERROR ("unexpected end of file"), … */
function isZlibDataError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^Z_/.test(code);
}

/** The chunks of `source` through a zlib transform; an error on either side ends the iteration with that error. */
function through(source: AsyncIterable<Uint8Array>, transform: Transform): AsyncIterable<Uint8Array> {
  // pipeline destroys every stream with the first error, so iterating the transform throws it
  return pipeline(Readable.from(source, { objectMode: false }), transform, () => undefined);
}

/**
 * From the raw copy, not the landing object: that is what the load keeps, while the landing key may hold a newer
 * upload by now, or none. A copy already there is kept (retries); the object appears only once it is whole.
 * An upload named .gz that does not inflate gets no copy: the pre-check rejects it (gzip_unreadable) from its head,
 * and prepare-checks, should it get that far, fails on the missing copy.
 */
export async function writeQueryCopy(ports: Ports, raw: ObjectRef, target: ObjectRef, copy: QueryCopy): Promise<IntakeError | undefined> {
  if (await ports.store.exists(target)) return;
  // only a new name (a gzip upload named .GZ): the bytes as they are
  if (!copy.gunzip && !copy.transcode && !copy.gzip && !copy.features) {
    await ports.store.copy(raw, target);
    return;
  }
  let chunks: AsyncIterable<Uint8Array> = ports.store.getStream(raw);
  if (copy.gunzip) chunks = through(chunks, createGunzip());
  if (copy.transcode) chunks = cp1252ToUtf8Stream(chunks);
  if (copy.features) chunks = geojsonToJsonl(chunks);
  // level 1: ~75 MB/s on one core against ~28 MB/s at the default, for a copy ~13 % larger
  if (copy.gzip) chunks = through(chunks, createGzip({ level: 1 }));
  try {
    await ports.store.putStream(target, chunks, copy.contentType);
  } catch (error) {
    if (copy.gunzip && isZlibDataError(error)) return;
    if (error instanceof GeoJsonError) return { problem: error.problem, line: error.line };
    throw error;
  }
}
