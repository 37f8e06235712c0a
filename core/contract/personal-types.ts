import type { ColumnType } from '../../schemas/contract';
import { quoteString } from '../sql/quote';
import { emailRegex, houseNumberRegex, kentekenRegex, phoneNlRegex } from '../privacy/identifiers';
import type { TypePlan } from './types';

/**
 * The types of Dutch personal identifiers: each one a guard (regular expression, plus the check digits of a BSN or
 * IBAN) and a normal form, all kept as text (a BSN's leading zero counts). The same rules as
 * core/privacy/identifiers.ts; the SQL runs as written on Trino and on DuckDB.
 */
export const personalTypes = ['bsn', 'iban', 'email', 'phone_nl', 'kenteken', 'house_number'] as const;
export type PersonalType = (typeof personalTypes)[number];

export function isPersonalType(type: ColumnType): type is PersonalType {
  return (personalTypes as readonly string[]).includes(type);
}

function guarded(text: string, regex: string, then: string): string {
  return `case when regexp_like(${text}, ${quoteString(regex)}) then ${then} end`;
}

/** 11-check: digits 1–8 weighted 9…2, the ninth −1; the sum divisible by 11. */
function bsnSum(t: string): string {
  const terms = Array.from({ length: 9 }, (_, i) => `cast(substr(${t}, ${i + 1}, 1) as integer) * ${i < 8 ? 9 - i : -1}`);
  return `(${terms.join(' + ')})`;
}

/** Letters of an IBAN as numbers (A = 10 … Z = 35), as mod-97 reads them. */
function lettersAsDigits(s: string): string {
  let out = s;
  for (let c = 0; c < 26; c++) out = `replace(${out}, '${String.fromCharCode(65 + c)}', '${c + 10}')`;
  return out;
}

/**
 * mod-97 of a number of up to 72 digits, written as text: left-padded to 72, cut into eight 9-digit parts, each
 * times 10^(9·k) mod 97. No part sum overflows a bigint (8 · 10^9 · 96).
 */
function mod97(digits: string): string {
  const padded = `lpad(${digits}, 72, '0')`;
  const terms: string[] = [];
  for (let j = 0; j < 8; j++) {
    let weight = 1;
    for (let k = 0; k < 9 * (7 - j); k++) weight = (weight * 10) % 97;
    terms.push(`cast(substr(${padded}, ${9 * j + 1}, 9) as bigint) * ${weight}`);
  }
  return `((${terms.join(' + ')}) % 97)`;
}

export function personalTypePlan(type: PersonalType): TypePlan {
  switch (type) {
    case 'bsn':
      return {
        sqlType: 'varchar',
        convert: (t) => guarded(t, '^[0-9]{9}$', `case when ${t} <> '000000000' and ${bsnSum(t)} % 11 = 0 then ${t} end`),
        expected: { nl: 'is geen BSN (negen cijfers die de elfproef doorstaan)', en: 'is not a BSN (nine digits that pass the 11-check)' },
      };
    case 'iban': {
      const s = (t: string) => `upper(replace(${t}, ' ', ''))`;
      return {
        sqlType: 'varchar',
        convert: (t) =>
          guarded(
            s(t),
            '^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$',
            `case when ${mod97(lettersAsDigits(`substr(${s(t)}, 5) || substr(${s(t)}, 1, 4)`))} = 1 then ${s(t)} end`,
          ),
        expected: { nl: 'is geen IBAN (met kloppende controlecijfers)', en: 'is not an IBAN (with valid check digits)' },
      };
    }
    case 'email':
      return { sqlType: 'varchar', convert: (t) => guarded(t, emailRegex, `lower(${t})`), expected: { nl: 'is geen e-mailadres', en: 'is not an e-mail address' } };
    case 'phone_nl': {
      const stripped = (t: string) => `replace(replace(replace(replace(${t}, ' ', ''), '-', ''), '(', ''), ')', '')`;
      // +31 (0)20 …: the trunk 0 after the country code is left out
      const n = (t: string) => `case when ${stripped(t)} like '+310%' then '+31' || substr(${stripped(t)}, 5) else ${stripped(t)} end`;
      const e164 = (t: string) =>
        `case when ${n(t)} like '+31%' then ${n(t)} when ${n(t)} like '0031%' then '+' || substr(${n(t)}, 3) else '+31' || substr(${n(t)}, 2) end`;
      return {
        sqlType: 'varchar',
        convert: (t) => guarded(n(t), phoneNlRegex, e164(t)),
        expected: { nl: 'is geen Nederlands telefoonnummer (06 12345678, 020-1234567, +31 20 1234567)', en: 'is not a Dutch phone number (06 12345678, 020-1234567, +31 20 1234567)' },
      };
    }
    case 'kenteken': {
      const k = (t: string) => `replace(upper(${t}), ' ', '-')`;
      return {
        sqlType: 'varchar',
        convert: (t) => guarded(k(t), kentekenRegex, `replace(${k(t)}, '-', '')`),
        expected: { nl: 'is geen Nederlands kenteken (bijvoorbeeld 12-ABC-3)', en: 'is not a Dutch licence plate (kenteken, e.g. 12-ABC-3)' },
      };
    }
    case 'house_number':
      return {
        sqlType: 'varchar',
        convert: (t) => guarded(t, houseNumberRegex, t),
        expected: {
          nl: 'is geen huisnummer met eventueel een toevoeging (12, 12a, 12-2, 12 bis)',
          en: 'is not a house number with an optional addition (12, 12a, 12-2, 12 bis)',
        },
      };
  }
}
