import { loadContract, loadTenant } from '../../core/config';
import { loadPrefix } from '../../core/keys';
import type { Ports } from '../../core/ports';
import { type Contract, contract as contractSchema } from '../../schemas/contract';

export function contractSnapshotKey(tenant: string, dataset: string, loadId: string): string {
  return `${loadPrefix('reports', tenant, dataset, loadId)}contract.json`;
}

/** The contract a load was ingested with; falls back to the deployed one for loads started elsewhere. */
export async function contractForLoad(ports: Ports, tenant: string, dataset: string, loadId: string): Promise<Contract> {
  const snapshot = { bucket: ports.buckets.lake, key: contractSnapshotKey(tenant, dataset, loadId) };
  if (await ports.store.exists(snapshot)) {
    return contractSchema.parse(JSON.parse(new TextDecoder().decode(await ports.store.get(snapshot))));
  }
  const tenantConfig = await loadTenant(ports.store, ports.buckets.lake, tenant);
  return loadContract(ports.store, ports.buckets.lake, tenantConfig, dataset);
}
