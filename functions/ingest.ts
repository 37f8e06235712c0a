import { loadContract, loadTenant, UnknownDatasetError } from '../core/config';
import { cp1252ToUtf8Stream } from '../core/csv/cp1252';
import { decodedKey, rawKey } from '../core/keys';
import type { ObjectRef, Ports } from '../core/ports';
import { type Contract, contract as contractSchema } from '../schemas/contract';
import { type LoadInput, pipelineInput } from '../schemas/payloads';
import { awsPorts } from '../adapters/aws/ports';
import { defineFunction, edge } from './lib/edge';
import { contractSnapshotKey } from './lib/load-contract';

/**
 * The contract the load is checked against, snapshotted on the first attempt; a retry keeps the first snapshot.
 * Undefined for a dataset without a contract: the pre-check reports that, with the file kept in raw.
 */
async function snapshotContract(ports: Ports, tenant: string, dataset: string, loadId: string): Promise<Contract | undefined> {
  const snapshot = { bucket: ports.buckets.lake, key: contractSnapshotKey(tenant, dataset, loadId) };
  if (await ports.store.exists(snapshot)) {
    return contractSchema.parse(JSON.parse(new TextDecoder().decode(await ports.store.get(snapshot))));
  }
  const tenantConfig = await loadTenant(ports.store, ports.buckets.lake, tenant);
  let contract: Contract;
  try {
    contract = await loadContract(ports.store, ports.buckets.lake, tenantConfig, dataset);
  } catch (error) {
    if (error instanceof UnknownDatasetError) return undefined;
    throw error;
  }
  await ports.store.put(snapshot, JSON.stringify(contract, null, 2), 'application/json');
  return contract;
}

/**
 * Copies the upload into the immutable raw zone and snapshots the contract the load is checked against. For a
 * windows-1252 contract it also writes the UTF-8 copy the raw table reads (decoded/, core/keys.ts rawTableZone),
 * streamed a chunk at a time from the kept upload; the pre-check still reads the upload itself.
 */
export const ingest = defineFunction(pipelineInput, async (input, ports): Promise<LoadInput> => {
  const { tenant, dataset, loadId, landing } = input;
  const fileName = landing.key.split('/').slice(2).join('/');
  const raw = { bucket: ports.buckets.lake, key: rawKey(tenant, dataset, loadId, fileName) };
  // Retries and duplicate runs must not overwrite what is already kept.
  if (!(await ports.store.exists(raw))) await ports.store.copy({ bucket: landing.bucket, key: landing.key }, raw);

  const contract = await snapshotContract(ports, tenant, dataset, loadId);
  if (contract?.file.encoding === 'windows-1252') {
    const decoded = { bucket: ports.buckets.lake, key: decodedKey(tenant, dataset, loadId, fileName) };
    await writeUtf8Copy(ports, raw, decoded);
  }
  return { tenant, dataset, loadId, raw, fileName, size: landing.size };
});

/**
 * From the raw copy, not the landing object: that is what the load keeps, while the landing key may hold a newer
 * upload by now, or none. A copy already there is kept (retries); the object appears only once it is whole.
 */
async function writeUtf8Copy(ports: Ports, raw: ObjectRef, decoded: ObjectRef): Promise<void> {
  if (await ports.store.exists(decoded)) return;
  await ports.store.putStream(decoded, cp1252ToUtf8Stream(ports.store.getStream(raw)), 'text/csv; charset=utf-8');
}

export const handler = edge(ingest, awsPorts);
