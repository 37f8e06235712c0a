import { readFile } from 'node:fs/promises';
import { overrideContractKey, overrideContractsPrefix } from '../../core/keys';
import { checksSelect } from '../../core/contract/checks-query';
import { typedSelect } from '../../core/contract/curated-query';
import { ContractError, parseContract } from '../../core/contract/parse';
import { fileColumns } from '../../core/contract/preamble';
import type { ObjectStore } from '../../core/ports';
import { quarantineTableName, rawTableName } from '../../core/tables';
import type { Contract } from '../../schemas/contract';
import { WordedError } from '../../core/worded-error';

/** A contract file that does not fit the upload it is given with. */
export class ContractOverrideError extends WordedError {
  override name = 'ContractOverrideError';
}

/**
 * Compiles the contract as a load would (the checks and the curated query), so what would only fail at the first
 * upload (a pattern that is no regular expression, an expression that is not Trino, a range on a text column) is
 * refused now, before it is stored.
 */
function compiles(contract: Contract, source: string): void {
  const header = fileColumns(contract).map((c) => c.name);
  try {
    const loadId = 'check';
    const rawTable = rawTableName(contract.id, loadId);
    checksSelect(contract, { rawTable, header, referenceTables: {} });
    typedSelect(contract, { rawTable, quarantineTable: quarantineTableName(contract.id, loadId), pseudonymKeyTable: rawTableName(contract.id, 'key'), loadId });
  } catch (error) {
    if (error instanceof ContractError) throw error.about(source);
    throw error;
  }
}

/**
 * Puts a user's own contract in front of the packs' one for this tenant and dataset (the project stays untouched).
 * A contract that does not parse, validate or compile is refused and nothing is stored: the override in place, if
 * any, stays as it was.
 */
export async function putContractOverride(
  store: ObjectStore,
  lake: string,
  opts: { tenant: string; dataset: string; contractFile: string },
): Promise<void> {
  const text = await readFile(opts.contractFile, 'utf8');
  const contract = parseContract(text, opts.contractFile);
  if (contract.id !== opts.dataset) {
    throw new ContractOverrideError({
      nl: `contract ${opts.contractFile} is voor dataset "${contract.id}", niet voor "${opts.dataset}": gebruik --dataset ${contract.id}`,
      en: `contract ${opts.contractFile} is for dataset "${contract.id}", not "${opts.dataset}": use --dataset ${contract.id}`,
    });
  }
  compiles(contract, opts.contractFile);
  await store.put({ bucket: lake, key: overrideContractKey(opts.tenant, opts.dataset) }, text, 'application/yaml');
}

export interface OverrideEntry {
  tenant: string;
  dataset: string;
  key: string;
}

/** The overrides of one tenant, by dataset. */
export async function listOverrides(store: ObjectStore, lake: string, tenant: string): Promise<OverrideEntry[]> {
  const prefix = overrideContractsPrefix(tenant);
  return (await store.list(lake, prefix))
    .filter((key) => key.endsWith('.yaml'))
    .map((key) => ({ tenant, dataset: key.slice(prefix.length, -'.yaml'.length), key }));
}
