import { checksQuery, rawTable } from '../core/contract/compile';
import { loadPrefix, s3Uri, tenantDatabase, tenantWorkgroup } from '../core/keys';
import type { Catalog } from '../core/ports';
import type { Contract } from '../schemas/contract';
import { precheckOutput } from '../schemas/payloads';
import { awsPorts } from '../adapters/aws/ports';
import { defineFunction, edge } from './lib/edge';
import { contractForLoad } from './lib/load-contract';

export const rawTableName = (dataset: string) => `raw_${dataset}`;
export const quarantineTableName = (dataset: string) => `quarantine_${dataset}`;

/** Reference rules can only be checked against datasets that have been loaded. */
async function referenceTables(catalog: Catalog, database: string, contract: Contract): Promise<Record<string, string>> {
  const tables: Record<string, string> = {};
  for (const column of contract.columns) {
    for (const rule of column.rules) {
      if (rule.kind !== 'reference' || rule.dataset in tables) continue;
      if (await catalog.getTable(database, rule.dataset)) tables[rule.dataset] = rule.dataset;
    }
  }
  return tables;
}

/** Points the raw table at this load and compiles the contract's rules into one SQL pass. */
export const prepareChecks = defineFunction(precheckOutput, async (input, ports) => {
  const { tenant, dataset, loadId } = input;
  const contract = await contractForLoad(ports, tenant, dataset, loadId);
  const database = tenantDatabase(tenant);
  const rawFolder = s3Uri(input.raw.bucket, loadPrefix('raw', tenant, dataset, loadId));
  const table = rawTable(contract, { database, location: rawFolder, header: input.header });
  await ports.catalog.putTable({ ...table, name: rawTableName(dataset) });
  // A fresh folder per attempt: UNLOAD refuses a target that already holds files.
  const quarantine = s3Uri(
    ports.buckets.lake,
    `${loadPrefix('quarantine', tenant, dataset, loadId)}checks-${ports.clock.now().getTime()}/`,
  );
  const query = checksQuery(contract, {
    rawTable: rawTableName(dataset),
    quarantineUri: quarantine,
    header: input.header,
    referenceTables: await referenceTables(ports.catalog, database, contract),
  });
  return { ...input, query, quarantine, database, workgroup: tenantWorkgroup(tenant) };
});

export const handler = edge(prepareChecks, awsPorts);
