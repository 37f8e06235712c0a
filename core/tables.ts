import type { ModelKind } from '../schemas/model';
import { quarantinePart } from './keys';
import { stage, tablePrefix, tenantDatabasePrefix, tenantKeyAliasPrefix, tenantRolePrefix, tenantSecretPrefix, tenantWorkgroupPrefix, zone } from './names';

/**
 * Names of the tables in a tenant database, and of the database and workgroup themselves (docs/architecture.md,
 * "Tables"). A load is an island until it is published: validate and integrate read tables named for the load
 * (`raw_<dataset>__<load>`, `quarantine_<dataset>__<load>`), created for that load only and dropped when it is done,
 * so no other load can re-point what a running load reads. The published names (`<dataset>`, `mart_<name>`,
 * `result_<name>`) are pointers that move in one atomic catalog update (core/table-pointer.ts).
 */

/** Separates the dataset from the load in a load's own table names. */
const loadSeparator = '__';

/** A load id as a table-name part: Glue names take lowercase letters, digits and underscores. */
function loadPart(loadId: string): string {
  return loadId.toLowerCase().replace(/[^a-z0-9_]/g, '_');
}

/** `raw_<dataset>__<load>`: the upload of one load, every column text. */
export const rawTableName = (dataset: string, loadId: string): string => `${tablePrefix.raw}${dataset}${loadSeparator}${loadPart(loadId)}`;

/** `quarantine_<dataset>__<load>`: the rows of one load that broke its contract, with the reason. */
export const quarantineTableName = (dataset: string, loadId: string): string =>
  `${tablePrefix.quarantine}${dataset}${loadSeparator}${loadPart(loadId)}`;

/**
 * `quarantine_<dataset>__<load>__row_count`: the number of data rows the checks read (their row count part,
 * core/keys.ts quarantinePart). Internal: write-report registers it, reads it and drops it.
 */
export const rowCountTableName = (dataset: string, loadId: string): string =>
  `${quarantineTableName(dataset, loadId)}${loadSeparator}${quarantinePart.rowCount}`;

/** The tables of one load that exist only while it is validated and integrated. */
export function loadTables(dataset: string, loadId: string): string[] {
  return [rawTableName(dataset, loadId), quarantineTableName(dataset, loadId), rowCountTableName(dataset, loadId)];
}

/** `<dataset>`: the curated, typed rows; a pointer to the curated folder of one load. */
export const curatedTableName = (dataset: string): string => dataset;

/** `mart_<name>`: a datamart of a pack. */
export const martTable = (name: string): string => `${tablePrefix.mart}${name}`;

/** `result_<name>`: an analysis or score of a pack. */
export const resultTable = (name: string): string => `${tablePrefix.result}${name}`;

/** `link_<name>`: a declared link of a pack (core/link): source key → target key, method, distance. */
export const linkTableName = (name: string): string => `${tablePrefix.link}${name}`;

/** `link_<name>_candidate`: a new link build, registered for its match report before it replaces link_<name>. */
export const linkCandidateTableName = (name: string): string => `${linkTableName(name)}_candidate`;
/** The table of a model: marts `mart_<name>`, analyses and scores `result_<name>`. */
export function modelTable(kind: ModelKind, name: string): string {
  return kind === 'mart' ? martTable(name) : resultTable(name);
}

/** The lake zone a model's builds go to. */
export function modelZone(kind: ModelKind): typeof zone.marts | typeof zone.results {
  return kind === 'mart' ? zone.marts : zone.results;
}

/** Which stage builds a kind: marts in datamart, analyses and scores in analyze. */
export function stageOfKind(kind: ModelKind): typeof stage.datamart | typeof stage.analyze {
  return kind === 'mart' ? stage.datamart : stage.analyze;
}

/** A score model also publishes its coefficients (with metrics) and its calibration table. */
export function scoreTables(name: string): { coefficients: string; calibration: string } {
  return { coefficients: resultTable(`${name}_coefficients`), calibration: resultTable(`${name}_calibration`) };
}

/** The table a new build is registered as while its data tests run; the current table is untouched until it passes. */
export function candidateTable(table: string): string {
  return `${table}${tablePrefix.candidateSuffix}`;
}

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
