import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { FsObjectStore } from '../../../adapters/local/fs-object-store';
import { LocalKeyVault } from '../../../adapters/local/key-vault';
import { LocalCatalog } from '../../../adapters/local/local-catalog';
import { whenGo } from './worker';

/**
 * First use of a create-once object in this process; prints a hash of what it got (never the key itself):
 * `key` — the tenant's pseudonym key through the local key vault; `object` — ObjectStore.putIfAbsent of a random body.
 */
const [workspace, what] = process.argv.slice(2) as [string, 'key' | 'object'];
const sha = (text: string | Uint8Array) => createHash('sha256').update(text).digest('hex');
await whenGo(async () => {
  if (what === 'key') {
    const vault = new LocalKeyVault(workspace, new LocalCatalog(workspace));
    await vault.pseudonymKeyTable('gemeente-a', 'polder_gemeente_a');
    return sha(await readFile(vault.keyFile('gemeente-a'), 'utf8'));
  }
  const store = new FsObjectStore(workspace);
  const { body } = await store.putIfAbsent({ bucket: 'lake', key: 'reports/a/d/load=1/contract.json' }, randomBytes(16).toString('hex'));
  return sha(body);
});
