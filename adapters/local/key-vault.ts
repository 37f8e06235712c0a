import { randomBytes } from 'node:crypto';
import { chmod, link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { legacyPseudonymKeyKey, s3Uri } from '../../core/keys';
import { bucket, localVaultBucket, pseudonymKeyTableName as PSEUDONYM_KEY_TABLE } from '../../core/names';
import type { Catalog, CsvStorage, KeyVault } from '../../core/ports';

/** The local vault: a bucket folder of its own beside landing and lake, never under the lake. */
export const VAULT_BUCKET = localVaultBucket;

const keyStorage: CsvStorage = { format: 'csv', delimiter: ',', quote: '"', encoding: 'utf-8', headerRows: 1 };

/**
 * Offline stand-in for Secrets Manager: `<workspace>/buckets/vault/<tenant>/pseudonym-key.csv`, mode 0600 in a 0700
 * folder, outside the lake (so no lake table, copy or listing reaches it). Created whole or not at all: written to a
 * private temp file and hard-linked into place, which fails if the key exists (O_EXCL semantics), so two processes
 * starting at once end up with one key. The key table is a catalog entry over that folder; the key is never returned.
 */
export class LocalKeyVault implements KeyVault {
  constructor(
    private readonly workspace: string,
    private readonly catalog: Catalog,
  ) {}

  /** Same layout as the local buckets (FsObjectStore): `<workspace>/buckets/<bucket>/<key>`. */
  private bucketPath(name: string, key: string): string {
    return join(this.workspace, 'buckets', name, ...key.split('/'));
  }

  keyFile(tenant: string): string {
    return this.bucketPath(VAULT_BUCKET, `${tenant}/pseudonym-key.csv`);
  }

  async pseudonymKeyTable(tenant: string, database: string): Promise<string> {
    await this.ensureKey(tenant);
    const table = {
      database,
      name: PSEUDONYM_KEY_TABLE,
      columns: [{ name: 'key', type: 'varchar' }],
      locations: [s3Uri(VAULT_BUCKET, `${tenant}/`)],
      storage: keyStorage,
      description: `pseudonym key of ${tenant}; readable only with the tenant's credentials, refused to queries and models`,
    };
    const current = await this.catalog.getTable(database, PSEUDONYM_KEY_TABLE);
    if (JSON.stringify(current) !== JSON.stringify(table)) await this.catalog.putTable(table);
    return PSEUDONYM_KEY_TABLE;
  }

  private async ensureKey(tenant: string): Promise<void> {
    const file = this.keyFile(tenant);
    await mkdir(dirname(file), { recursive: true, mode: 0o700 });
    const temp = join(dirname(file), `.pseudonym-key.${randomBytes(6).toString('hex')}.tmp`);
    // Before this vault existed the key lay in the lake; it is adopted so pseudonyms stay the same.
    const legacy = this.bucketPath(bucket.lake, legacyPseudonymKeyKey(tenant));
    const key = (await readFile(legacy, 'utf8').catch(() => undefined))?.trim() || randomBytes(32).toString('hex');
    try {
      await writeFile(temp, `key\n${key}\n`, { mode: 0o600, flag: 'wx' });
      await link(temp, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      await rm(temp, { force: true });
    }
    await chmod(file, 0o600);
    await rm(dirname(legacy), { recursive: true, force: true });
  }
}
