import type { Texts } from '../worded-error';
import type { Column, Contract } from '../../schemas/contract';
import { personalClassOf } from '../privacy/mask';
import { quoteIdent } from '../sql/quote';

export type PrivacyAction = 'keep' | 'pseudonymise' | 'drop' | 'generalise';

/**
 * What reaches the curated table. An explicit `privacy` wins. Without one: direct and special personal data are
 * pseudonymised (they identify a person or are special-category, AVG art. 9) — also a column whose type is a
 * personal identifier (bsn, iban, email, phone_nl) without a stated class; indirect data is kept, because the
 * dataset's purpose (contract.purpose) is what justifies keeping it and it is often the join key (postcode,
 * address); `none` is kept.
 */
export function privacyOf(col: Column): PrivacyAction {
  if (col.privacy) return col.privacy;
  const cls = personalClassOf(col);
  return cls === 'direct' || cls === 'special' ? 'pseudonymise' : 'keep';
}

/**
 * HMAC-SHA256 with the tenant's key, hex: stable per tenant (joins still work), not reversible without the key.
 * The key is read from the tenant's key table (one row, column `key`), never written into the statement: the text
 * of a statement travels in state payloads and stays in Athena's query history, the key table can only be read with
 * the tenant's credentials (docs/architecture.md, "Pseudonym key").
 */
export function pseudonymSql(value: string, keyTable: string): string {
  return `to_hex(hmac_sha256(to_utf8(cast(${value} as varchar)), (select to_utf8(${quoteIdent('key')}) from ${quoteIdent(keyTable)})))`;
}

/**
 * Generalisation per type: a postcode 1234AB → 1234 (the "PC4" area, ~4,000 inhabitants on average); a date → its
 * year (a birth date becomes a birth year); WGS84 coordinates → 3 decimals (~100 m); RD coordinates → 100 m.
 */
export const generalisable: Partial<Record<Column['type'], { sqlType: string; sql: (v: string) => string }>> = {
  postcode: { sqlType: 'varchar', sql: (v) => `substr(${v}, 1, 4)` },
  date: { sqlType: 'bigint', sql: (v) => `cast(year(${v}) as bigint)` },
  timestamp: { sqlType: 'bigint', sql: (v) => `cast(year(${v}) as bigint)` },
  latitude: { sqlType: 'double', sql: (v) => `round(${v}, 3)` },
  longitude: { sqlType: 'double', sql: (v) => `round(${v}, 3)` },
  rd_x: { sqlType: 'double', sql: (v) => `round(${v} / 100) * 100` },
  rd_y: { sqlType: 'double', sql: (v) => `round(${v} / 100) * 100` },
};

export function generaliseSql(col: Column, value: string): string {
  const plan = generalisable[col.type];
  if (!plan) throw new Error(`generalise is not defined for type ${col.type}`);
  return plan.sql(value);
}

const article6 = 'consent, contract, legal_obligation, vital_interests, public_task of legitimate_interests';
const article9 =
  'explicit_consent, employment_social_protection, vital_interests, not_for_profit_members, made_public, legal_claims, substantial_public_interest, health_care, public_health of archiving_research_statistics';

/** A purpose that is still the draft's placeholder does not count as one. */
export function hasPurpose(c: Contract): boolean {
  return c.purpose.trim() !== '' && !/^TODO\b/i.test(c.purpose.trim());
}

/**
 * Privacy by default (AVG art. 25), as contract problems for the person who edits the contract (Dutch and English):
 * `keep` on a direct identifier needs a purpose and a legal basis (art. 6); a special-category column (art. 9) needs
 * the art. 9 exception unless it is dropped; generalise only where it is defined.
 */
export function privacyProblems(c: Contract): Texts[] {
  const problems: Texts[] = [];
  c.columns.forEach((col, i) => {
    const cls = personalClassOf(col);
    const action = privacyOf(col);
    const at = `columns[${i}].privacy`;
    if (action === 'generalise' && !generalisable[col.type]) {
      const types = Object.keys(generalisable).join(', ');
      problems.push({
        nl: `${at}: generalise bestaat alleen voor de types ${types}; ${col.name} is ${col.type}. Kies pseudonymise of drop.`,
        en: `${at}: generalise exists only for the types ${types}; ${col.name} is ${col.type}. Choose pseudonymise or drop.`,
      });
    }
    if (cls === 'direct' && action === 'keep') {
      const purpose = !hasPurpose(c);
      const basis = !c.legal_basis;
      if (purpose || basis) {
        const nl = [...(purpose ? ['een doel (purpose)'] : []), ...(basis ? [`een grondslag (legal_basis: ${article6})`] : [])];
        const en = [...(purpose ? ['a purpose'] : []), ...(basis ? [`a legal basis (legal_basis: ${article6})`] : [])];
        problems.push({
          nl:
            `${at}: "keep" bewaart ${col.name}, een direct identificerend persoonsgegeven, leesbaar in de curated tabel. ` +
            `Dat mag alleen als het doel het nodig heeft: voeg ${nl.join(' en ')} toe aan het contract (AVG art. 6), of kies privacy: pseudonymise of drop.`,
          en:
            `${at}: "keep" stores ${col.name}, a direct personal identifier, readable in the curated table. ` +
            `That is allowed only when the purpose needs it: add ${en.join(' and ')} to the contract (GDPR art. 6), or choose privacy: pseudonymise or drop.`,
        });
      }
    }
    if (cls === 'special' && action !== 'drop' && !c.special_category_basis) {
      problems.push({
        nl:
          `${at}: ${col.name} is een bijzonder persoonsgegeven (AVG art. 9). Verwerken mag alleen met een uitzondering uit art. 9 lid 2: ` +
          `voeg special_category_basis toe (${article9}), of kies privacy: drop.`,
        en:
          `${at}: ${col.name} is a special category of personal data (GDPR art. 9). Processing it needs an exception of art. 9(2): ` +
          `add special_category_basis (${article9}), or choose privacy: drop.`,
      });
    }
    if (cls === 'special' && action === 'keep' && (!hasPurpose(c) || !c.legal_basis)) {
      problems.push({
        nl: `${at}: "keep" op een bijzonder persoonsgegeven (${col.name}) vraagt ook een doel (purpose) en een grondslag (legal_basis: ${article6}).`,
        en: `${at}: "keep" on a special category of personal data (${col.name}) also needs a purpose and a legal basis (legal_basis: ${article6}).`,
      });
    }
  });
  return problems;
}
