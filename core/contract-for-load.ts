import { type Contract, contract as contractSchema } from '../schemas/contract';
import { readContract, readTenant } from './config';
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
