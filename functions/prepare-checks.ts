import { checksQuery, rawTable } from '../core/contract/compile';
import { decodedKey, loadPrefix, rawTableZone, s3Uri, tenantDatabase, tenantWorkgroup } from '../core/keys';
import type { Catalog } from '../core/ports';
import type { Contract } from '../schemas/contract';
import { precheckOutput } from '../schemas/payloads';
import { awsPorts } from '../adapters/aws/ports';
import { defineFunction, edge } from './lib/edge';
import { contractForLoad } from './lib/load-contract';

export const rawTableName = (dataset: string) => `raw_${dataset}`;
export const quarantineTableName = (dataset: string) => `quarantine_${dataset}`;

export class MissingUtf8CopyError extends Error {
  override name = 'MissingUtf8CopyError';
}

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

/**
 * Points the raw table at this load and compiles the contract's rules into one SQL pass. A windows-1252 load is
 * read through the UTF-8 copy ingest wrote to decoded/, so the table is plain UTF-8 CSV (with quotes) everywhere.
 */
export const prepareChecks = defineFunction(precheckOutput, async (input, ports) => {
  const { tenant, dataset, loadId } = input;
  const contract = await contractForLoad(ports, tenant, dataset, loadId);
  const database = tenantDatabase(tenant);
  const zone = rawTableZone(contract.file.encoding);
  if (zone === 'decoded') {
    // Without it the table would be empty and the load "accepted" with no rows (e.g. ingested before decoded/ existed).
    const copy = { bucket: input.raw.bucket, key: decodedKey(tenant, dataset, loadId, input.fileName) };
    if (!(await ports.store.exists(copy))) {
      throw new MissingUtf8CopyError(`the UTF-8 copy of a windows-1252 upload, s3://${copy.bucket}/${copy.key}, is missing: ingest writes it`);
    }
  }
  const folder = s3Uri(input.raw.bucket, loadPrefix(zone, tenant, dataset, loadId));
  const table = rawTable(contract, { database, location: folder, header: input.header });
  // What the table reads is UTF-8 either way: the upload itself, or ingest's copy of a windows-1252 one.
  const storage = table.storage.format === 'csv' ? { ...table.storage, encoding: 'utf-8' as const } : table.storage;
  await ports.catalog.putTable({ ...table, name: rawTableName(dataset), storage });
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
