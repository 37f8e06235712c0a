import { type Contract, contract as contractSchema } from '../schemas/contract';
import { readContract, readTenant, UnknownDatasetError } from './config';
import { contractSnapshotKey } from './keys';
import type { Ports } from './ports';

/** The contract a load was ingested with; falls back to the deployed one for loads started elsewhere. */
export async function contractForLoad(ports: Ports, tenant: string, dataset: string, loadId: string): Promise<Contract> {
  const snapshot = { bucket: ports.buckets.lake, key: contractSnapshotKey(tenant, dataset, loadId) };
  if (await ports.store.exists(snapshot)) {
    return contractSchema.parse(JSON.parse(new TextDecoder().decode(await ports.store.get(snapshot))));
  }
  const tenantConfig = await readTenant(ports.store, ports.buckets.lake, tenant);
  return readContract(ports.store, ports.buckets.lake, tenantConfig, dataset);
}

/**
 * The contract the load is checked against, snapshotted on the first attempt; a retry keeps the first snapshot.
 * Undefined for a dataset without a contract: the pre-check reports that, with the file kept in raw.
 */
export async function snapshotContract(ports: Ports, tenant: string, dataset: string, loadId: string): Promise<Contract | undefined> {
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
