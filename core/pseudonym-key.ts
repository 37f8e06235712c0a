import { randomBytes } from 'node:crypto';
import { pseudonymKeyKey } from './keys';
import type { Ports } from './ports';

/**
 * The tenant's key for keyed pseudonyms (HMAC). Created on first use and kept in the lake's config
 * prefix, so pseudonyms stay stable across loads and differ between tenants. Created conditionally: of several
 * concurrent first uses one key wins and every caller gets that one, or rows would never join again.
 */
export async function pseudonymKey(ports: Ports, tenant: string): Promise<string> {
  const ref = { bucket: ports.buckets.lake, key: pseudonymKeyKey(tenant) };
  if (await ports.store.exists(ref)) return new TextDecoder().decode(await ports.store.get(ref)).trim();
  const { body } = await ports.store.putIfAbsent(ref, randomBytes(32).toString('hex'), 'text/plain');
  return new TextDecoder().decode(body).trim();
}
