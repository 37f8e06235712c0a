import { parse as parseYaml } from 'yaml';
import { type Contract, contract as contractSchema } from '../schemas/contract';
import { type Pack, pack as packSchema } from '../schemas/pack';
import { type TenantConfig, tenantConfig } from '../schemas/tenant';
import { crossChecks } from './contract/load';
import type { ObjectStore } from './ports';

/** Deployed configuration lives in the lake bucket under config/ (see docs/architecture.md). */

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

async function readYaml(store: ObjectStore, bucket: string, key: string): Promise<unknown | undefined> {
  if (!(await store.exists({ bucket, key }))) return undefined;
  const text = decoder.decode(await store.get({ bucket, key }));
  try {
    return parseYaml(text);
  } catch (error) {
    throw new ConfigError(`${key} is not valid YAML: ${(error as Error).message}`, { cause: error });
  }
}

function checked<T>(key: string, schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } }, value: unknown): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${i.path.map(String).join('.') || '(top)'}: ${i.message}`);
  throw new ConfigError(`${key} is not valid:\n- ${problems.join('\n- ')}`);
}

export async function loadTenant(store: ObjectStore, lake: string, tenant: string): Promise<TenantConfig> {
  const key = `config/tenants/${tenant}.yaml`;
  const raw = await readYaml(store, lake, key);
  if (raw === undefined) {
    const known = (await listTenants(store, lake)).join(', ') || 'none';
    throw new UnknownTenantError(`unknown tenant "${tenant}" (known tenants: ${known}); add tenants/${tenant}.yaml and deploy`);
  }
  return checked(key, tenantConfig, raw);
}

export async function listTenants(store: ObjectStore, lake: string): Promise<string[]> {
  const keys = await store.list(lake, 'config/tenants/');
  return keys.filter((k) => k.endsWith('.yaml')).map((k) => k.slice('config/tenants/'.length, -'.yaml'.length));
}

export async function loadPack(store: ObjectStore, lake: string, packId: string): Promise<Pack> {
  const key = `config/packs/${packId}/pack.yaml`;
  const raw = await readYaml(store, lake, key);
  if (raw === undefined) throw new ConfigError(`pack "${packId}" is not deployed (no ${key})`);
  return checked(key, packSchema, raw);
}

export async function loadPackSql(store: ObjectStore, lake: string, packId: string, file: string): Promise<string> {
  return decoder.decode(await store.get({ bucket: lake, key: `config/packs/${packId}/sql/${file}` }));
}

export function overrideContractKey(tenant: string, dataset: string): string {
  return `config/overrides/${tenant}/contracts/${dataset}.yaml`;
}

/** A user-supplied contract for the tenant wins; otherwise the first of the tenant's packs that has one. */
export async function loadContract(store: ObjectStore, lake: string, tenant: TenantConfig, dataset: string): Promise<Contract> {
  const candidates = [
    overrideContractKey(tenant.id, dataset),
    ...tenant.packs.map((p) => `config/packs/${p}/contracts/${dataset}.yaml`),
  ];
  for (const key of candidates) {
    const raw = await readYaml(store, lake, key);
    if (raw === undefined) continue;
    const contract = checked(key, contractSchema, raw);
    // what parseContract checks beyond the schema (names used twice, file dialects that cannot be read, …)
    const problems = crossChecks(contract);
    if (problems.length > 0) throw new ConfigError(`${key} is not valid:\n- ${problems.join('\n- ')}`);
    return contract;
  }
  throw new UnknownDatasetError(
    `tenant "${tenant.id}" has no contract for dataset "${dataset}": add contracts/${dataset}.yaml to one of its packs (${tenant.packs.join(', ')}) or upload with --contract`,
  );
}
