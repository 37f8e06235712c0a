import { randomBytes } from 'node:crypto';
import { pseudonymKeyKey } from './keys';
import type { Ports } from './ports';

/**
 * The tenant's key for keyed pseudonyms (HMAC). Created on first use and kept in the lake's config
 * prefix, so pseudonyms stay stable across loads and differ between tenants.
 */
export async function pseudonymKey(ports: Ports, tenant: string): Promise<string> {
  const ref = { bucket: ports.buckets.lake, key: pseudonymKeyKey(tenant) };
  if (await ports.store.exists(ref)) return new TextDecoder().decode(await ports.store.get(ref)).trim();
  const key = randomBytes(32).toString('hex');
  await ports.store.put(ref, key, 'text/plain');
  return key;
}
