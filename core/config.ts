import { parse as parseYaml } from 'yaml';
import type { Contract } from '../schemas/contract';
import { type Pack, pack as packSchema } from '../schemas/pack';
import { type TenantConfig, tenantConfig } from '../schemas/tenant';
import { ContractError, parseContract } from './contract/parse';
import {
  configPrefix,
  overrideContractKey,
  packContractKey,
  packManifestKey,
  tenantConfigKey,
  tenantOfConfigKey,
} from './keys';
import { describeIssues, type Issue } from './issues';
import { configPart } from './names';
import type { ObjectStore } from './ports';

/**
 * Reads the deployed configuration, which lives in the lake bucket under config/ (see docs/architecture.md).
 * "read" here means from the store; "load" in Polder means an upload.
 */

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export class UnknownTenantError extends ConfigError {
  override name = 'UnknownTenantError';
}

export class UnknownDatasetError extends ConfigError {
  override name = 'UnknownDatasetError';
}

const decoder = new TextDecoder();

async function readText(store: ObjectStore, bucket: string, key: string): Promise<string | undefined> {
  if (!(await store.exists({ bucket, key }))) return undefined;
  return decoder.decode(await store.get({ bucket, key }));
}

async function readYaml(store: ObjectStore, bucket: string, key: string): Promise<unknown | undefined> {
  const text = await readText(store, bucket, key);
  if (text === undefined) return undefined;
  try {
    return parseYaml(text);
  } catch (error) {
    throw new ConfigError(`${key} is not valid YAML: ${(error as Error).message}`, { cause: error });
  }
}

function checked<T>(key: string, schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: Issue[] } } }, value: unknown): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = describeIssues(result.error.issues);
  throw new ConfigError(`${key} is not valid:\n- ${problems.join('\n- ')}`);
}

export async function readTenant(store: ObjectStore, lake: string, tenant: string): Promise<TenantConfig> {
  const key = tenantConfigKey(tenant);
  const raw = await readYaml(store, lake, key);
  if (raw === undefined) {
    const known = (await listTenants(store, lake)).join(', ') || 'none';
    throw new UnknownTenantError(`unknown tenant "${tenant}" (known tenants: ${known}); add tenants/${tenant}.yaml and deploy`);
  }
  return checked(key, tenantConfig, raw);
}

export async function listTenants(store: ObjectStore, lake: string): Promise<string[]> {
  const keys = await store.list(lake, configPrefix(configPart.tenants));
  return keys.map(tenantOfConfigKey).filter((t): t is string => t !== undefined);
}

/** The tenants that have a dataset: one of their packs lists it. */
export async function tenantsWithDataset(store: ObjectStore, lake: string, dataset: string): Promise<string[]> {
  const owners: string[] = [];
  for (const id of await listTenants(store, lake)) {
    const tenant = await readTenant(store, lake, id);
    for (const pack of tenant.packs) {
      if ((await readPack(store, lake, pack)).datasets.includes(dataset)) {
        owners.push(id);
        break;
      }
    }
  }
  return owners;
}

export async function readPack(store: ObjectStore, lake: string, packId: string): Promise<Pack> {
  const key = packManifestKey(packId);
  const raw = await readYaml(store, lake, key);
  if (raw === undefined) throw new ConfigError(`pack "${packId}" is not deployed (no ${key})`);
  return checked(key, packSchema, raw);
}

/** A user-supplied contract for the tenant wins; otherwise the first of the tenant's packs that has one. */
export async function readContract(store: ObjectStore, lake: string, tenant: TenantConfig, dataset: string): Promise<Contract> {
  const candidates = [overrideContractKey(tenant.id, dataset), ...tenant.packs.map((p) => packContractKey(p, dataset))];
  for (const key of candidates) {
    const text = await readText(store, lake, key);
    if (text === undefined) continue;
    try {
      return parseContract(text, key);
    } catch (error) {
      // deployed config: a ConfigError, as for tenants and packs
      if (error instanceof ContractError) throw new ConfigError(`${key} is not valid:\n- ${error.problems.join('\n- ')}`, { cause: error });
      throw error;
    }
  }
  throw new UnknownDatasetError(
    tenant.packs.length > 0
      ? `tenant "${tenant.id}" has no contract for dataset "${dataset}": add contracts/${dataset}.yaml to one of its packs (${tenant.packs.join(', ')}) or upload with --contract`
      : `tenant "${tenant.id}" has no packs, so no contract for dataset "${dataset}": upload with --contract, or add a pack to tenants/${tenant.id}.yaml`,
  );
}
