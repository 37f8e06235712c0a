import { createGzip } from 'node:zlib';
import { tenantAwsPorts } from '../adapters/aws/ports';
import { readTenant } from '../core/config';
import { snapshotContract } from '../core/contract-for-load';
import { cp1252ToUtf8Stream } from '../core/csv/cp1252';
import { GeoJsonError, geojsonToJsonl } from '../core/geojson';
import { JsonDocumentError, jsonDocumentToJsonl } from '../core/json-document';
import { contractSnapshotKey, decodedKey, intakeErrorKey, rawKey } from '../core/keys';
import type { ObjectRef, Ports } from '../core/ports';
import { ByteTap, dialectOf, gunzipStream, IntakeLimitError, isZlibDataError, TextTap, through, tighter } from '../core/intake';
import { type IntakeError, isGzipName, type QueryCopy, queryCopy } from '../core/query-copy';
import { eventOrder } from '../core/table-pointer';
import type { TenantConfig } from '../schemas/tenant';
import type { Contract } from '../schemas/contract';
import { type Intake, type LoadInput, type PipelineInput, pipelineInput } from '../schemas/payloads';
import { defineFunction, edge } from './lib/edge';

/**
 * Copies the upload into the immutable raw zone and snapshots the contract the load is checked against. Then reads
 * the kept copy once (core/intake.ts): its SHA-256, its size inflated and its records counted with the contract's
 * dialect, stopping at the tenant's and contract's limits. When the raw table cannot read the upload itself the same
 * pass writes the query copy the raw table reads (decoded/, core/query-copy.ts): UTF-8 for a windows-1252 contract,
 * JSON lines for GeoJSON, gzip when the engine does not keep file order (Athena); the pre-check still reads the
 * upload itself.
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
  const target = copy && { bucket: ports.buckets.lake, key: decodedKey(tenant, dataset, loadId, copy.fileName) };
  const tenantConfig = await readTenant(ports.store, ports.buckets.lake, tenant);
  const { intake, problem } = await readUpload(ports, input, tenantConfig, raw, contract, copy && target ? { copy, target } : undefined);
  // the pre-check turns this into the report's answer; the upload stays in raw
  if (problem) await ports.store.put({ bucket: ports.buckets.lake, key: intakeErrorKey(tenant, dataset, loadId) }, JSON.stringify(problem), 'application/json');
  return { tenant, dataset, loadId, raw, fileName, size: landing.size, queryCopy: copy, intake, language: tenantConfig.language };
});

/**
 * One pass over the kept upload: hash the bytes, inflate a gzip upload, turn GeoJSON into rows, count records, and
 * feed the query copy when it is made from the text (a copy that is only the bytes renamed is copied by the store).
 */
async function readUpload(
  ports: Ports,
  input: PipelineInput,
  tenantConfig: TenantConfig,
  raw: ObjectRef,
  contract: Contract | undefined,
  queryCopyTo: { copy: QueryCopy; target: ObjectRef } | undefined,
): Promise<{ intake: Intake; problem?: IntakeError }> {
  const limits = {
    maxBytes: tighter(tenantConfig.limits.max_bytes, contract?.load.max_bytes),
    maxRows: tighter(tenantConfig.limits.max_rows, contract?.load.max_rows),
  };
  const copy = queryCopyTo?.copy;
  const bytes = new ByteTap();
  const text = new TextTap(dialectOf(contract), limits);
  const gzip = isGzipName(input.landing.key);
  let chunks: AsyncIterable<Uint8Array> = bytes.pass(ports.store.getStream(raw));
  if (gzip) chunks = gunzipStream(chunks);
  // GeoJSON is counted as what the engine reads: one row per feature
  if (copy?.features) chunks = geojsonToJsonl(chunks);
  if (copy?.document) chunks = jsonDocumentToJsonl(chunks);
  chunks = text.pass(chunks);
  let limit: Intake['limit'];
  let damaged = false;
  let problem: IntakeError | undefined;
  try {
    if (queryCopyTo && copy && (copy.transcode || copy.features || copy.document || (copy.gzip && !gzip))) await writeQueryCopy(ports, chunks, queryCopyTo.target, copy);
    else {
      // only a new name (a gzip upload named .GZ): the bytes as they are
      if (queryCopyTo && !(await ports.store.exists(queryCopyTo.target))) await ports.store.copy(raw, queryCopyTo.target);
      for await (const _ of chunks) void _;
    }
  } catch (error) {
    if (error instanceof IntakeLimitError) limit = { kind: error.kind, max: error.max };
    else if (gzip && isZlibDataError(error)) damaged = true;
    else if (error instanceof GeoJsonError || error instanceof JsonDocumentError) problem = { problem: error.problem, said: error.said, line: error.line };
    else throw error;
  }
  const intake: Intake = {
    order: eventOrder({ receivedAt: input.receivedAt, sequencer: input.landing.sequencer, loadId: input.loadId }),
    sha256: bytes.digest(),
    bytes: bytes.bytes,
    inflatedBytes: text.bytes,
    records: text.counter.records,
    emptyLines: text.counter.emptyLines,
    ...(limit ? { limit } : {}),
    ...(damaged ? { damaged } : {}),
  };
  return { intake, ...(problem ? { problem } : {}) };
}

/**
 * The query copy from the text of the raw copy, not the landing object: that is what the load keeps, while the
 * landing key may hold a newer upload by now, or none. A copy already there is kept (retries), the text is then
 * only read for the intake; the object appears only once it is whole. An upload named .gz that does not inflate
 * gets no copy: the pre-check rejects it (gzip_unreadable) from its head.
 */
async function writeQueryCopy(ports: Ports, text: AsyncIterable<Uint8Array>, target: ObjectRef, copy: QueryCopy): Promise<void> {
  if (await ports.store.exists(target)) {
    for await (const _ of text) void _;
    return;
  }
  let chunks = text;
  if (copy.transcode) chunks = cp1252ToUtf8Stream(chunks);
  // level 1: ~75 MB/s on one core against ~28 MB/s at the default, for a copy ~13 % larger
  if (copy.gzip) chunks = through(chunks, createGzip({ level: 1 }));
  await ports.store.putStream(target, chunks, copy.contentType);
}

export const handler = edge(ingest, (input) => tenantAwsPorts(input));
