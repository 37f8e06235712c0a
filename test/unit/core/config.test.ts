import { describe, expect, it } from 'vitest';
import { ConfigError, readContract, readPack, readTenant } from '../../../core/config';
import { errorText } from '../../../core/worded-error';
import type { ObjectStore } from '../../../core/ports';
import type { TenantConfig } from '../../../schemas/tenant';

/** A lake holding these config files (key → YAML). */
function lake(files: Record<string, string>): ObjectStore {
  return {
    exists: async (ref: { key: string }) => ref.key in files,
    get: async (ref: { key: string }) => new TextEncoder().encode(files[ref.key] ?? ''),
    list: async (_bucket: string, prefix: string) => Object.keys(files).filter((k) => k.startsWith(prefix)),
  } as unknown as ObjectStore;
}

async function thrown(promise: Promise<unknown>): Promise<ConfigError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ConfigError)) throw new Error(`expected a ConfigError, got ${String(error)}`);
  return error;
}

describe('Config errors: one line naming the file and the field, in Dutch and English', () => {
  it('names the file and every wrong field of a tenant', async () => {
    const store = lake({ 'config/tenants/sneek.yaml': 'id: sneek\nname: Sneek\npacks: gullies\nmin_published_count: 2\n' });
    const error = await thrown(readTenant(store, 'lake', 'sneek'));
    expect(error.message).toBe(
      'config/tenants/sneek.yaml klopt niet: packs: Ongeldige invoer: verwacht array, ontving string; min_published_count: Te klein: verwacht dat number >=5 is',
    );
    expect(errorText(error, 'en')).toBe(
      'config/tenants/sneek.yaml is not valid: packs: Invalid input: expected array, received string; min_published_count: Too small: expected number to be >=5',
    );
  });

  it('says a file that is no YAML on one line', async () => {
    const error = await thrown(readTenant(lake({ 'config/tenants/sneek.yaml': 'id: [sneek\n' }), 'lake', 'sneek'));
    expect(error.message).toMatch(/^config\/tenants\/sneek\.yaml is geen geldige YAML: [^\n]+$/);
    expect(errorText(error, 'en')).toMatch(/^config\/tenants\/sneek\.yaml is not valid YAML: [^\n]+$/);
  });

  it('names the known tenants and the missing pack', async () => {
    const store = lake({ 'config/tenants/leeuwarden.yaml': 'id: leeuwarden\nname: Leeuwarden\n' });
    const unknown = await thrown(readTenant(store, 'lake', 'sneek'));
    expect(unknown.message).toBe('onbekende tenant "sneek" (bekende tenants: leeuwarden); voeg tenants/sneek.yaml toe en deploy');
    expect(errorText(await thrown(readPack(store, 'lake', 'kolken')), 'en')).toBe('pack "kolken" is not deployed (no config/packs/kolken/pack.yaml)');
  });

  it('lets a tenant have no packs: it loads with --contract only', async () => {
    const store = lake({ 'config/tenants/sneek.yaml': 'id: sneek\nname: Sneek\n' });
    const tenant: TenantConfig = await readTenant(store, 'lake', 'sneek');
    expect(tenant.packs).toEqual([]);
    const error = await thrown(readContract(store, 'lake', tenant, 'bomen'));
    expect(error.message).toBe(
      'tenant "sneek" heeft geen pakketten, dus geen contract voor dataset "bomen": upload met --contract, of voeg een pakket toe aan tenants/sneek.yaml',
    );
  });
});
