import { readFile } from 'node:fs/promises';
import { overrideContractKey } from '../../core/keys';
import { parseContract } from '../../core/contract/parse';
import type { ObjectStore } from '../../core/ports';

/** A contract file that does not fit the upload it is given with. */
export class ContractOverrideError extends Error {
  override name = 'ContractOverrideError';
}

/** Puts a user's own contract in front of the packs' one for this tenant and dataset (the project stays untouched). */
export async function putContractOverride(
  store: ObjectStore,
  lake: string,
  opts: { tenant: string; dataset: string; contractFile: string },
): Promise<void> {
  const text = await readFile(opts.contractFile, 'utf8');
  const contract = parseContract(text, opts.contractFile);
  if (contract.id !== opts.dataset) {
    throw new ContractOverrideError(`contract ${opts.contractFile} is for dataset "${contract.id}", not "${opts.dataset}": use --dataset ${contract.id}`);
  }
  await store.put({ bucket: lake, key: overrideContractKey(opts.tenant, opts.dataset) }, text, 'application/yaml');
}
