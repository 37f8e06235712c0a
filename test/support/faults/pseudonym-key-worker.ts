import { readFile } from 'node:fs/promises';
import { LocalCatalog } from '../../../adapters/local/local-catalog';
import { LocalKeyVault } from '../../../adapters/local/key-vault';
import { tenantDatabase } from '../../../core/tables';
import { whenGo } from './worker';

const [workspace, tenant] = process.argv.slice(2) as [string, string];
const vault = new LocalKeyVault(workspace, new LocalCatalog(workspace));
// The key each process ends up with, read back from the vault (the port itself never returns it).
await whenGo(async () => {
  await vault.pseudonymKeyTable(tenant, tenantDatabase(tenant));
  return (await readFile(vault.keyFile(tenant), 'utf8')).trim().split('\n')[1];
});
