import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse } from 'yaml';
import { describeIssues } from '../core/issues';
import { type TenantConfig, tenantConfig } from '../schemas/tenant';
import { projectFolder } from '../core/names';

export class TenantFileError extends Error {
  override name = 'TenantFileError';
}

/**
 * Reads and checks tenants/*.yaml, sorted by file name. The file name must be the tenant id: functions load
 * `config/tenants/<tenant>.yaml` from the lake (core/keys.ts tenantConfigKey).
 */
export function readTenants(projectRoot: string): TenantConfig[] {
  const dir = join(projectRoot, projectFolder.tenants);
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort();
  return files.map((file) => {
    const result = tenantConfig.safeParse(parse(readFileSync(join(dir, file), 'utf8')));
    if (!result.success) {
      const issues = describeIssues(result.error.issues, '(file)').join('; ');
      throw new TenantFileError(`tenants/${file} is not a valid tenant: ${issues}`);
    }
    const id = basename(file, '.yaml');
    if (result.data.id !== id) {
      throw new TenantFileError(`tenants/${file} has id "${result.data.id}"; rename the file to ${result.data.id}.yaml or fix the id`);
    }
    return result.data;
  });
}
