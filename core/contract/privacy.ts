import type { Column } from '../../schemas/contract';
import { quoteString } from '../sql/quote';

export type PrivacyAction = 'keep' | 'pseudonymise' | 'drop' | 'generalise';

/**
 * What reaches the curated table. An explicit `privacy` wins. Without one: direct and special personal data are
 * pseudonymised (they identify a person or are special-category, AVG art. 9); indirect data is kept, because the
 * dataset's purpose (contract.purpose) is what justifies keeping it and it is often the join key (postcode, address);
 * `none` is kept.
 */
export function privacyOf(col: Column): PrivacyAction {
  if (col.privacy) return col.privacy;
  return col.personal_data === 'direct' || col.personal_data === 'special' ? 'pseudonymise' : 'keep';
}

/** HMAC-SHA256 with the tenant's key, hex: stable per tenant (joins still work), not reversible without the key. */
export function pseudonymSql(value: string, key: string): string {
  return `to_hex(hmac_sha256(to_utf8(cast(${value} as varchar)), to_utf8(${quoteString(key)})))`;
}

/** Postcode 1234AB → 1234 (the "PC4" area, ~4,000 inhabitants on average). */
export function generaliseSql(value: string): string {
  return `substr(${value}, 1, 4)`;
}
