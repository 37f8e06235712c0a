import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { Language } from '../schemas/language';
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
import { describeIssues, issueWords } from './issues';
import { configPart } from './names';
import type { ObjectStore } from './ports';
import { WordedError } from './worded-error';

/**
 * Reads the deployed configuration, which lives in the lake bucket under config/ (see docs/architecture.md).
 * "read" here means from the store; "load" in Polder means an upload.
 */

/** A deployed file that is missing or wrong: one line naming the file (and the field), in Dutch and English. */
export class ConfigError extends WordedError {
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
    const why = oneLine((error as Error).message);
    throw new ConfigError({ nl: `${key} is geen geldige YAML: ${why}`, en: `${key} is not valid YAML: ${why}` }, { cause: error });
  }
}

/** A schema's complaints about a deployed file, in Dutch (zod's nl locale) and English. */
function checked<T extends z.ZodType>(key: string, schema: T, value: unknown): z.infer<T> {
  const result = schema.safeParse(value, { error: issueWords('en') });
  if (result.success) return result.data;
  const dutch = schema.safeParse(value, { error: issueWords('nl') });
  const nl = describeIssues(dutch.success ? result.error.issues : dutch.error.issues, '(top)', 'nl');
  throw invalid(key, { nl, en: describeIssues(result.error.issues) });
}

/** YAML's messages draw the line with a caret below it: the first line says it. */
function oneLine(text: string): string {
  return text.split('\n')[0] ?? text;
}

/** One line: the file, then per problem the field and what is wrong with it. */
function invalid(key: string, problems: Record<Language, readonly string[]>, options?: ErrorOptions): ConfigError {
  return new ConfigError({ nl: `${key} klopt niet: ${problems.nl.join('; ')}`, en: `${key} is not valid: ${problems.en.join('; ')}` }, options);
}

export async function readTenant(store: ObjectStore, lake: string, tenant: string): Promise<TenantConfig> {
  const key = tenantConfigKey(tenant);
  const raw = await readYaml(store, lake, key);
  if (raw === undefined) {
    const known = (await listTenants(store, lake)).join(', ');
    throw new UnknownTenantError({
      nl: `onbekende tenant "${tenant}" (bekende tenants: ${known || 'geen'}); voeg tenants/${tenant}.yaml toe en deploy`,
      en: `unknown tenant "${tenant}" (known tenants: ${known || 'none'}); add tenants/${tenant}.yaml and deploy`,
    });
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
  if (raw === undefined) throw new ConfigError({ nl: `pakket "${packId}" is niet gedeployd (${key} ontbreekt)`, en: `pack "${packId}" is not deployed (no ${key})` });
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
      if (error instanceof ContractError) throw invalid(key, { nl: error.problemsIn('nl'), en: error.problemsIn('en') }, { cause: error });
      throw error;
    }
  }
  const packs = tenant.packs.join(', ');
  throw new UnknownDatasetError(
    tenant.packs.length > 0
      ? {
          nl: `tenant "${tenant.id}" heeft geen contract voor dataset "${dataset}": voeg contracts/${dataset}.yaml toe aan een van zijn pakketten (${packs}) of upload met --contract`,
          en: `tenant "${tenant.id}" has no contract for dataset "${dataset}": add contracts/${dataset}.yaml to one of its packs (${packs}) or upload with --contract`,
        }
      : {
          nl: `tenant "${tenant.id}" heeft geen pakketten, dus geen contract voor dataset "${dataset}": upload met --contract, of voeg een pakket toe aan tenants/${tenant.id}.yaml`,
          en: `tenant "${tenant.id}" has no packs, so no contract for dataset "${dataset}": upload with --contract, or add a pack to tenants/${tenant.id}.yaml`,
        },
  );
}
