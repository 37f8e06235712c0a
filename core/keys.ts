import { createHash } from 'node:crypto';

/**
 * Every key in the lake starts with its zone and its tenant. `decoded` holds the query copy of an upload, the one
 * the raw table reads when it cannot read the upload itself (core/query-copy.ts), beside `raw`, which keeps the upload
 * byte for byte; the copy has its own zone because a table reads every object below its folder.
 */
export const zones = ['raw', 'decoded', 'quarantine', 'curated', 'marts', 'results', 'reports'] as const;
export type Zone = (typeof zones)[number];


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

export function zonePrefix(zone: Zone, tenant: string, name: string): string {
  return `${zone}/${tenant}/${name}/`;
}

export function loadPrefix(zone: Zone, tenant: string, dataset: string, load: string): string {
  return `${zonePrefix(zone, tenant, dataset)}load=${load}/`;
}

/** `raw/<tenant>/<dataset>/load=<id>/<file name>`: the upload as it came, the only object in its folder. */
export function rawKey(tenant: string, dataset: string, load: string, fileName: string): string {
  return `${loadPrefix('raw', tenant, dataset, load)}${fileName}`;
}

/**
 * `decoded/<tenant>/<dataset>/load=<id>/<file name>`: the query copy of an upload (core/query-copy.ts; the file
 * name is the copy's, `.gz` when it is gzip), alone in its folder.
 */
export function decodedKey(tenant: string, dataset: string, load: string, fileName: string): string {
  return `${loadPrefix('decoded', tenant, dataset, load)}${fileName}`;
}

export function runPrefix(zone: 'marts' | 'results', tenant: string, name: string, run: string): string {
  return `${zonePrefix(zone, tenant, name)}run=${run}/`;
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

/** Glue database of a tenant: Glue names allow lowercase, digits and underscores. */
export function tenantDatabase(tenant: string): string {
  return `polder_${tenant.replace(/-/g, '_')}`;
}

export function tenantWorkgroup(tenant: string): string {
  return `polder-${tenant}`;
}
