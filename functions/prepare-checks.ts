import { tenantAwsPorts } from '../adapters/aws/ports';
import { checksQuery } from '../core/contract/checks-query';
import { rawTable } from '../core/contract/raw-table';
import { contractForLoad } from '../core/contract-for-load';
import { decodedKey, loadPrefix, quarantineAttemptPrefix, s3Uri } from '../core/keys';
import { zone } from '../core/names';
import type { Catalog } from '../core/ports';
import { describeQueryCopy } from '../core/query-copy';
import { rawTableName, tenantDatabase, tenantWorkgroup } from '../core/tables';
import type { Contract } from '../schemas/contract';
import { precheckOutput } from '../schemas/payloads';
import { defineFunction, edge } from './lib/edge';

/** The load needs a query copy (core/query-copy.ts) and ingest has not written it. */
export class MissingQueryCopyError extends Error {
  override name = 'MissingQueryCopyError';
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
 * Registers this load's raw table and compiles the contract's rules into one SQL pass. When the load has a query
 * copy (core/query-copy.ts: the UTF-8 copy of a windows-1252 upload, gzip on an engine that does not keep file
 * order) the table reads that, in decoded/, so the table is plain UTF-8 (CSV with quotes, or JSON lines) everywhere.
 */
export const prepareChecks = defineFunction(precheckOutput, async (input, ports) => {
  const { tenant, dataset, loadId } = input;
  const contract = await contractForLoad(ports, tenant, dataset, loadId);
  const database = tenantDatabase(tenant);
  // what ingest wrote for the table to read (core/query-copy.ts), not decided again here
  const copy = input.queryCopy;
  if (copy) {
    // Without it the table would be empty and the load "accepted" with no rows (e.g. ingested before the copy existed).
    const ref = { bucket: input.raw.bucket, key: decodedKey(tenant, dataset, loadId, copy.fileName) };
    if (!(await ports.store.exists(ref))) {
      throw new MissingQueryCopyError(`the ${describeQueryCopy(copy)}, s3://${ref.bucket}/${ref.key}, is missing: ingest writes it`);
    }
  }
  const folder = s3Uri(input.raw.bucket, loadPrefix(copy ? zone.decoded : zone.raw, tenant, dataset, loadId));
  // named for this load: no other load can re-point what this load's checks and integrate read
  const rawName = rawTableName(dataset, loadId);
  const table = rawTable(contract, { database, location: folder, header: input.header, name: rawName });
  // What the table reads is UTF-8 either way: the upload itself, or ingest's query copy of a windows-1252 one.
  const storage = table.storage.format === 'csv' ? { ...table.storage, encoding: 'utf-8' as const } : table.storage;
  await ports.catalog.putTable({ ...table, storage });
  // A fresh folder per attempt: UNLOAD refuses a target that already holds files.
  const quarantine = s3Uri(ports.buckets.lake, quarantineAttemptPrefix(tenant, dataset, loadId, ports.clock.now().getTime()));
  const query = checksQuery(contract, {
    rawTable: rawName,
    quarantineUri: quarantine,
    header: input.header,
    preamble: input.preamble,
    referenceTables: await referenceTables(ports.catalog, database, contract),
    language: input.language,
  });
  return { ...input, query, quarantine, database, workgroup: tenantWorkgroup(tenant) };
});

export const handler = edge(prepareChecks, (input) => tenantAwsPorts(input));
