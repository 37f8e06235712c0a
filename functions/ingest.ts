import { loadContract, loadTenant, UnknownDatasetError } from '../core/config';
import { loadPrefix } from '../core/keys';
import { type LoadInput, pipelineInput } from '../schemas/payloads';
import { awsPorts } from '../adapters/aws/ports';
import { defineFunction, edge } from './lib/edge';
import { contractSnapshotKey } from './lib/load-contract';

/** Copies the upload into the immutable raw zone and snapshots the contract the load is checked against. */
export const ingest = defineFunction(pipelineInput, async (input, ports): Promise<LoadInput> => {
  const { tenant, dataset, loadId, landing } = input;
  const fileName = landing.key.split('/').slice(2).join('/');
  const raw = { bucket: ports.buckets.lake, key: `${loadPrefix('raw', tenant, dataset, loadId)}${fileName}` };
  // Retries and duplicate runs must not overwrite what is already kept.
  if (!(await ports.store.exists(raw))) await ports.store.copy({ bucket: landing.bucket, key: landing.key }, raw);

  const tenantConfig = await loadTenant(ports.store, ports.buckets.lake, tenant);
  try {
    const contract = await loadContract(ports.store, ports.buckets.lake, tenantConfig, dataset);
    const snapshot = { bucket: ports.buckets.lake, key: contractSnapshotKey(tenant, dataset, loadId) };
    if (!(await ports.store.exists(snapshot))) {
      await ports.store.put(snapshot, JSON.stringify(contract, null, 2), 'application/json');
    }
  } catch (error) {
    // An unknown dataset is reported by the pre-check, with the file kept in raw.
    if (!(error instanceof UnknownDatasetError)) throw error;
  }
  return { tenant, dataset, loadId, raw, fileName, size: landing.size };
});

export const handler = edge(ingest, awsPorts);
