import { Readable, type Transform, pipeline } from 'node:stream';
import { createGunzip, createGzip } from 'node:zlib';
import { tenantAwsPorts } from '../adapters/aws/ports';
import { UnknownDatasetError } from '../core/config';
import { contractForLoad } from '../core/contract-for-load';
import { cp1252ToUtf8Stream } from '../core/csv/cp1252';
import { GeoJsonError, geojsonToJsonl } from '../core/geojson';
import { contractSnapshotKey, decodedKey, intakeErrorKey, rawKey } from '../core/keys';
import type { ObjectRef, Ports } from '../core/ports';
import { type IntakeError, type QueryCopy, queryCopy } from '../core/query-copy';
import { type Contract, contract as contractSchema } from '../schemas/contract';
import { type LoadInput, pipelineInput } from '../schemas/payloads';
import { defineFunction, edge } from './lib/edge';

/**
 * The contract the load is checked against, snapshotted on the first attempt; a retry keeps the first snapshot.
 * Undefined for a dataset without a contract: the pre-check reports that, with the file kept in raw.
 */
async function snapshotContract(ports: Ports, tenant: string, dataset: string, loadId: string): Promise<Contract | undefined> {
  let contract: Contract;
  try {
    contract = await contractForLoad(ports, tenant, dataset, loadId);
  } catch (error) {
    if (error instanceof UnknownDatasetError) return undefined;
    throw error;
  }
  const snapshot = { bucket: ports.buckets.lake, key: contractSnapshotKey(tenant, dataset, loadId) };
  // Create-once: a concurrent attempt (retry, duplicate run) may have snapshotted first; the load keeps that one.
  const { created, body } = await ports.store.putIfAbsent(snapshot, JSON.stringify(contract, null, 2), 'application/json');
  return created ? contract : contractSchema.parse(JSON.parse(new TextDecoder().decode(body)));
}

/**
 * Copies the upload into the immutable raw zone and snapshots the contract the load is checked against. When the
 * raw table cannot read the upload itself it also writes the query copy the raw table reads (decoded/,
 * core/query-copy.ts): UTF-8 for a windows-1252 contract, gzip when the engine does not keep file order (Athena),
 * streamed a chunk at a time from the kept upload; the pre-check still reads the upload itself.
 */
export const ingest = defineFunction(pipelineInput, async (input, ports): Promise<LoadInput> => {
  const { tenant, dataset, loadId, landing } = input;
  const fileName = landing.key.split('/').slice(2).join('/');
  const raw = { bucket: ports.buckets.lake, key: rawKey(tenant, dataset, loadId, fileName) };
  // Retries and duplicate runs must not overwrite what is already kept.
  // The version the event names: a second upload to the same file name before this one is ingested must not
  // replace these bytes (S3 CopySource ?versionId=; offline the version kept at upload).
  const upload = { bucket: landing.bucket, key: landing.key, ...(landing.versionId ? { versionId: landing.versionId } : {}) };
  if (!(await ports.store.exists(raw))) await ports.store.copy(upload, raw);

  const contract = await snapshotContract(ports, tenant, dataset, loadId);
  // decided here once: prepare-checks points the raw table at what this says
  const copy = (contract && queryCopy(contract.file, fileName, ports.engine)) ?? null;
  if (copy) {
    const target = { bucket: ports.buckets.lake, key: decodedKey(tenant, dataset, loadId, copy.fileName) };
    const problem = await writeQueryCopy(ports, raw, target, copy);
    // the pre-check turns this into the report's answer; the upload stays in raw
    if (problem) await ports.store.put({ bucket: ports.buckets.lake, key: intakeErrorKey(tenant, dataset, loadId) }, JSON.stringify(problem), 'application/json');
  }
  return { tenant, dataset, loadId, raw, fileName, size: landing.size, queryCopy: copy };
});

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
async function writeQueryCopy(ports: Ports, raw: ObjectRef, target: ObjectRef, copy: QueryCopy): Promise<IntakeError | undefined> {
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

export const handler = edge(ingest, (input) => tenantAwsPorts(input));
