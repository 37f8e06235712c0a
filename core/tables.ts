import { tablePrefix, tenantDatabasePrefix, tenantKeyAliasPrefix, tenantRolePrefix, tenantSecretPrefix, tenantWorkgroupPrefix } from './names';

/**
 * Names of the tables in a tenant database, and of the database and workgroup themselves (docs/architecture.md,
 * "Tables"). A curated table is named after its dataset.
 */

/** `raw_<dataset>`: the load being validated, every column text. */
export const rawTableName = (dataset: string): string => `${tablePrefix.raw}${dataset}`;

/** `quarantine_<dataset>`: the rows of the load that broke its contract. */
export const quarantineTableName = (dataset: string): string => `${tablePrefix.quarantine}${dataset}`;

/** `<dataset>`: the curated, typed rows. */
export const curatedTableName = (dataset: string): string => dataset;

/** `mart_<name>`: a datamart of a pack. */
export const martTable = (name: string): string => `${tablePrefix.mart}${name}`;

/** `result_<name>`: an analysis of a pack. */
export const resultTable = (name: string): string => `${tablePrefix.result}${name}`;

/** `link_<name>`: a declared link of a pack (core/link): source key → target key, method, distance. */
export const linkTableName = (name: string): string => `${tablePrefix.link}${name}`;

/** `link_<name>_candidate`: a new link build, registered for its match report before it replaces link_<name>. */
export const linkCandidateTableName = (name: string): string => `${linkTableName(name)}_candidate`;

/** `scratch_<dataset>`: one curated load folder as a table, while an erasure rewrites it. */
export const scratchTableName = (dataset: string): string => `${tablePrefix.scratch}${dataset}`;

/** Glue database of a tenant: Glue names allow lowercase, digits and underscores. */
export function tenantDatabase(tenant: string): string {
  return `${tenantDatabasePrefix}${tenant.replace(/-/g, '_')}`;
}

export function tenantWorkgroup(tenant: string): string {
  return `${tenantWorkgroupPrefix}${tenant}`;
}

/** IAM role that reaches a tenant's data, in its stack (infra/constructs/tenant-access.ts): `polder-<tenant>-data`. */
export function tenantRoleName(tenant: string): string {
  return `${tenantRolePrefix}${tenant}-data`;
}

/** KMS alias of a tenant's key (its lake prefixes, Athena results, secret): `alias/polder/<tenant>`. */
export function tenantKeyAlias(tenant: string): string {
  return `${tenantKeyAliasPrefix}${tenant}`;
}

/** Secrets Manager name of a tenant's pseudonym key: `polder/<tenant>/pseudonym-key`. */
export function pseudonymSecretName(tenant: string): string {
  return `${tenantSecretPrefix}${tenant}/pseudonym-key`;
}
