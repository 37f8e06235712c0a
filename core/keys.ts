import { createHash } from 'node:crypto';
import { type AuditKind, configPart, lakePrefix, linkReportsFolder, type Zone, zone } from './names';

/**
 * Builds and parses every key of both buckets (docs/architecture.md, "Buckets, zones and keys"). Every key in the
 * lake starts with its zone (core/names.ts) and its tenant, or with config/.
 */

export class KeyError extends Error {
  override name = 'KeyError';
}

export interface LandingKey {
  tenant: string;
  dataset: string;
  fileName: string;
}

const segment = /^[a-z][a-z0-9_-]*$/;

/** Keys in the landing bucket: <tenant>/<dataset>/<file name> */
export function parseLandingKey(key: string): LandingKey {
  const parts = key.split('/');
  if (parts.length < 3) {
    throw new KeyError(
      `object key "${key}" is outside any tenant's prefix: upload to <tenant>/<dataset>/<file name> in the landing bucket`,
    );
  }
  const [tenant = '', dataset = ''] = parts;
  const fileName = parts.slice(2).join('/');
  if (!segment.test(tenant) || !segment.test(dataset) || fileName === '' || fileName.endsWith('/')) {
    throw new KeyError(
      `object key "${key}" does not name a tenant, a dataset and a file: use <tenant>/<dataset>/<file name> with lowercase tenant and dataset`,
    );
  }
  return { tenant, dataset, fileName };
}

export function landingKey(tenant: string, dataset: string, fileName: string): string {
  return `${tenant}/${dataset}/${fileName}`;
}

/** A deterministic load id: the same upload event always gives the same id. */
export function loadId(input: { bucket: string; key: string; sequencer: string; versionId?: string; time: string }): string {
  const stamp = input.time.replace(/[-:]/g, '').replace(/\.\d+/, '').replace('Z', '').slice(0, 15);
  const digest = createHash('sha256')
    .update([input.bucket, input.key, input.versionId ?? '', input.sequencer].join('\n'))
    .digest('hex')
    .slice(0, 10);
  return `${stamp.toLowerCase()}-${digest}`;
}

/** `<zone>/` (or `config/`, `athena-results/`): everything below a top folder of the lake, for grants and lists. */
export function topPrefix(name: Zone | (typeof lakePrefix)[keyof typeof lakePrefix]): string {
  return `${name}/`;
}

export function zonePrefix(zone: Zone, tenant: string, name: string): string {
  return `${zone}/${tenant}/${name}/`;
}

export function loadPrefix(zone: Zone, tenant: string, dataset: string, load: string): string {
  return `${zonePrefix(zone, tenant, dataset)}load=${load}/`;
}

/**
 * An object name the engines read: Athena (Hadoop) and DuckDB's listing skip files and folders whose name starts
 * with `_` or `.` as hidden, so a load of `_x.csv` would read as empty. Such a segment gets a visible prefix; the
 * report still names the file as uploaded.
 */
export function visibleName(fileName: string): string {
  return fileName
    .split('/')
    .map((segment) => (/^[_.]/.test(segment) ? `file${segment}` : segment))
    .join('/');
}

/** `raw/<tenant>/<dataset>/load=<id>/<file name>`: the upload as it came, the only object in its folder. */
export function rawKey(tenant: string, dataset: string, load: string, fileName: string): string {
  return `${loadPrefix(zone.raw, tenant, dataset, load)}${visibleName(fileName)}`;
}

/**
 * `curated/<tenant>/<dataset>/load=<id>/build-<n>/`: one build of a load's curated rows. A load is built again
 * when append or upsert find a newer table to build on (core/table-pointer.ts), each time in a fresh folder, as UNLOAD
 * writes only to an empty one; the table points at exactly one.
 */
export function curatedBuildPrefix(tenant: string, dataset: string, load: string, build: number): string {
  return `${loadPrefix(zone.curated, tenant, dataset, load)}build-${build}/`;
}

/**
 * `decoded/<tenant>/<dataset>/load=<id>/<file name>`: the query copy of an upload (core/query-copy.ts; the file
 * name is the copy's, `.gz` when it is gzip), alone in its folder.
 */
export function decodedKey(tenant: string, dataset: string, load: string, fileName: string): string {
  return `${loadPrefix(zone.decoded, tenant, dataset, load)}${visibleName(fileName)}`;
}

export function runPrefix(runZone: typeof zone.marts | typeof zone.results, tenant: string, name: string, run: string): string {
  return `${zonePrefix(runZone, tenant, name)}run=${run}/`;
}

/**
 * A fresh quarantine folder per attempt of the checks (`…/load=<id>/checks-<ms>/`): UNLOAD refuses a target that
 * already holds files.
 */
export function quarantineAttemptPrefix(tenant: string, dataset: string, load: string, attemptMs: number): string {
  return `${loadPrefix(zone.quarantine, tenant, dataset, load)}checks-${attemptMs}/`;
}

/**
 * The checks write an attempt folder in two parts (one partitioned UNLOAD, core/contract/checks-query.ts):
 * `<attempt>/part=findings/`, the set-aside and warned rows (the load's quarantine table reads only this), and
 * `<attempt>/part=row_count/`, one row whose `line` is the number of data rows read (only write-report reads it).
 * `column` is the partition column of that UNLOAD; it is not in the files, only in the folder names.
 */
export const quarantinePart = { column: 'part', findings: 'findings', rowCount: 'row_count' } as const;

/** `<attempt>part=<part>/` of an attempt folder (an s3:// URI or a key ending in `/`). */
export function quarantinePartPrefix(attempt: string, part: typeof quarantinePart.findings | typeof quarantinePart.rowCount): string {
  return `${attempt.endsWith('/') ? attempt : `${attempt}/`}${quarantinePart.column}=${part}/`;
}

/** The files a load's report folder holds. */
export const reportFile = {
  json: 'report.json',
  html: 'report.html',
  contract: 'contract.json',
  intakeError: 'intake-error.json',
  failure: 'failure.json',
  setAside: 'set-aside.csv',
} as const;

/** `reports/<tenant>/<dataset>/load=<id>/<file>`: the report (JSON, HTML) and the snapshot of the contract used. */
export function reportKey(tenant: string, dataset: string, load: string, file: (typeof reportFile)[keyof typeof reportFile]): string {
  return `${loadPrefix(zone.reports, tenant, dataset, load)}${file}`;
}

/** Why ingest could not write a load's query copy (a GeoJSON file that is not GeoJSON); the pre-check reports it. */
export function intakeErrorKey(tenant: string, dataset: string, load: string): string {
  return reportKey(tenant, dataset, load, reportFile.intakeError);
}

/** The contract a load is checked against, snapshotted by ingest. */
export function contractSnapshotKey(tenant: string, dataset: string, load: string): string {
  return reportKey(tenant, dataset, load, reportFile.contract);
}

/** `config/<part>/`: deployed config (tenants, packs), user overrides and secrets. */
export function configPrefix(part?: (typeof configPart)[keyof typeof configPart]): string {
  return part ? `${topPrefix(lakePrefix.config)}${part}/` : topPrefix(lakePrefix.config);
}

/** `config/tenants/<tenant>.yaml`. */
export function tenantConfigKey(tenant: string): string {
  return `${configPrefix(configPart.tenants)}${tenant}.yaml`;
}

/** The tenant id of a key below `config/tenants/`, or undefined for anything else there. */
export function tenantOfConfigKey(key: string): string | undefined {
  const prefix = configPrefix(configPart.tenants);
  return key.startsWith(prefix) && key.endsWith('.yaml') ? key.slice(prefix.length, -'.yaml'.length) : undefined;
}

/** `config/packs/<pack>/<path>`: a deployed pack's files (pack.yaml, contracts/, models/). */
export function packKey(pack: string, path: string): string {
  return `${configPrefix(configPart.packs)}${pack}/${path}`;
}

export function packManifestKey(pack: string): string {
  return packKey(pack, 'pack.yaml');
}

export function packContractKey(pack: string, dataset: string): string {
  return packKey(pack, `contracts/${dataset}.yaml`);
}

/** `config/overrides/<tenant>/contracts/`: contracts supplied by a user (`--contract`); they win over packs. */
export function overrideContractsPrefix(tenant: string): string {
  return `${configPrefix(configPart.overrides)}${tenant}/contracts/`;
}

export function overrideContractKey(tenant: string, dataset: string): string {
  return `${overrideContractsPrefix(tenant)}${dataset}.yaml`;
}

/** Where the pseudonym key lay in the lake before the vault (adapters/local/key-vault.ts adopts it offline). */
export function legacyPseudonymKeyKey(tenant: string): string {
  return `${configPrefix(configPart.secrets)}${tenant}/pseudonym-key`;
}

/** When a load was received: its id starts with the event time, `yyyymmddthhmmss` (see loadId). */
export function loadTimeOf(load: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})t(\d{2})(\d{2})(\d{2})/.exec(load);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m;
  const time = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}Z`);
  return Number.isNaN(time.getTime()) ? undefined : time;
}

/** `<zone>/<tenant>/<name>/load=<id>/…` or `…/run=<id>/…` → its parts, or undefined for any other key. */
export function parseZoneKey(key: string): { zone: string; tenant: string; name: string; kind: 'load' | 'run'; id: string } | undefined {
  const m = /^([a-z-]+)\/([^/]+)\/([^/]+)\/(load|run)=([^/]+)\//.exec(key);
  if (!m) return undefined;
  return { zone: m[1] ?? '', tenant: m[2] ?? '', name: m[3] ?? '', kind: m[4] as 'load' | 'run', id: m[5] ?? '' };
}

/** `audit/<tenant>/<kind>/<id>.json`: the audit record of a retention run or an erasure. */
export function auditKey(tenant: string, kind: AuditKind, id: string): string {
  return `${topPrefix(lakePrefix.audit)}${tenant}/${kind}/${id}.json`;
}

/** `reports/<tenant>/privacy/register.<md|html|json>`: the tenant's privacy register (AVG art. 30). */
export function privacyRegisterKey(tenant: string, format: 'md' | 'html' | 'json'): string {
  return `${topPrefix(zone.reports)}${tenant}/privacy/register.${format}`;
}

/** Step Functions execution names: at most 80 characters of [A-Za-z0-9-_]. */
export function executionName(...parts: string[]): string {
  const name = parts.join('-').replace(/[^A-Za-z0-9_-]/g, '_');
  if (name.length <= 80) return name;
  const digest = createHash('sha256').update(name).digest('hex').slice(0, 12);
  return `${name.slice(0, 67)}-${digest}`;
}

export function s3Uri(bucket: string, key: string): string {
  return `s3://${bucket}/${key}`;
}

export function parseS3Uri(uri: string): { bucket: string; key: string } {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(uri);
  if (!m) throw new KeyError(`not an s3:// URI: ${uri}`);
  return { bucket: m[1] ?? '', key: m[2] ?? '' };
}

/** `reports/<tenant>/links/<link>/run=<id>/<file>`: the match report of a link build (JSON, HTML). */
export function linkReportKey(tenant: string, link: string, run: string, file: typeof reportFile.json | typeof reportFile.html): string {
  return `${linkReportsPrefix(tenant)}${link}/run=${run}/${file}`;
}

/** The link and run of a key below linkReportsPrefix(tenant), when it is a link's report.json. */
export function parseLinkReportKey(tenant: string, key: string): { link: string; run: string } | undefined {
  const prefix = linkReportsPrefix(tenant);
  if (!key.startsWith(prefix)) return undefined;
  const m = /^([^/]+)\/run=([^/]+)\/(.+)$/.exec(key.slice(prefix.length));
  return m && m[3] === reportFile.json ? { link: m[1] ?? '', run: m[2] ?? '' } : undefined;
}

/** The parts of a per-load key `<zone>/<tenant>/<dataset>/load=<id>/<file>`, or undefined for any other key. */
export function parseLoadKey(key: string): { zone: string; tenant: string; dataset: string; load: string; file: string } | undefined {
  const m = /^([^/]+)\/([^/]+)\/([^/]+)\/load=([^/]+)\/(.+)$/.exec(key);
  if (!m) return undefined;
  const [, zoneName = '', tenant = '', dataset = '', load = '', file = ''] = m;
  return { zone: zoneName, tenant, dataset, load, file };
}

/** `reports/<tenant>/links/`: the match reports of every link of a tenant. */
export function linkReportsPrefix(tenant: string): string {
  return zonePrefix(zone.reports, tenant, linkReportsFolder);
}

/** `key-tables/<tenant>/pseudonym/`: the key table Athena reads (AWS), a copy of the tenant's secret under its KMS key. */
export function pseudonymKeyPrefix(tenant: string): string {
  return `${topPrefix(lakePrefix.keyTables)}${tenant}/pseudonym/`;
}

/** `reports/<tenant>/runs/run=<runId>/<stage>.json`: a datamart/analyze stage's run report (counts, tests, reconciliations). */
export function runReportKey(tenant: string, run: string, stage: string): string {
  return `${zone.reports}/${tenant}/runs/run=${run}/${stage}.json`;
}

/** `reports/<tenant>/versions/<table>.json`: every build of a mart or result table and which one is current. */
export function versionsKey(tenant: string, table: string): string {
  return `${zone.reports}/${tenant}/versions/${table}.json`;
}

/** `config/packs/<pack>/models/`: the pack's model files (<name>.sql beside <name>.yaml). */
export function packModelsPrefix(pack: string): string {
  return packKey(pack, 'models/');
}
