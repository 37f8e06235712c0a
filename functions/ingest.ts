import { tenantAwsPorts } from '../adapters/aws/ports';
import { snapshotContract } from '../core/contract-for-load';
import { decodedKey, intakeErrorKey, rawKey } from '../core/keys';
import { queryCopy } from '../core/query-copy';
import { writeQueryCopy } from '../core/write-query-copy';
import { type LoadInput, pipelineInput } from '../schemas/payloads';
import { defineFunction, edge } from './lib/edge';

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

export const handler = edge(ingest, (input) => tenantAwsPorts(input));
