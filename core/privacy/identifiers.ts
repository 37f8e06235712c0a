/**
 * Recognisers for Dutch personal identifiers, in plain TypeScript. The contract types of the same names
 * (core/contract/personal-types.ts) check exactly these rules in SQL; test/unit/core/privacy checks that both agree.
 */

/** BSN: nine digits (kept as text: leading zeros count) passing the 11-check with weights 9…2 and −1; not 000000000. */
export function isBsn(value: string): boolean {
  if (!/^\d{9}$/.test(value) || value === '000000000') return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(value[i]) * (9 - i);
  sum -= Number(value[8]);
  return sum % 11 === 0;
}

/** IBAN without spaces, upper case. */
export function normaliseIban(value: string): string {
  return value.replace(/ /g, '').toUpperCase();
}

/** IBAN (ISO 13616): country, two check digits, 11–30 letters and digits; mod-97 of the rearranged number is 1. */
export function isIban(value: string): boolean {
  const s = normaliseIban(value);
  if (!/^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$/.test(s)) return false;
  const digits = (s.slice(4) + s.slice(0, 4)).replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let rest = 0;
  for (const d of digits) rest = (rest * 10 + Number(d)) % 97;
  return rest === 1;
}

export const emailRegex = '^[^@\\s]+@[^@\\s]+\\.[A-Za-z]{2,}$';
export function isEmail(value: string): boolean {
  return new RegExp(emailRegex).test(value);
}

/** A Dutch phone number: 0, +31 or 0031, then nine digits not starting with 0; spaces, dashes and (0) allowed. */
export function normalisePhoneNl(value: string): string {
  return value.replace(/[ ()-]/g, '');
}
export const phoneNlRegex = '^(\\+31|0031|0)[1-9][0-9]{8}$';
export function isPhoneNl(value: string): boolean {
  return new RegExp(phoneNlRegex).test(normalisePhoneNl(value).replace(/^\+310/, '+31'));
}

/**
 * Dutch licence plates (kentekens), side codes 1–14 as RDW issues them: letters (L) and digits (9) in groups, with
 * or without dashes. `0363 5F3A 5684 6750 D14D` (a holiday-rental registration number) is none of them.
 */
export const kentekenSidecodes = [
  'LL-99-99', '99-99-LL', '99-LL-99', 'LL-99-LL', 'LL-LL-99', '99-LL-LL', '99-LLL-9',
  '9-LLL-99', 'LL-999-L', 'L-999-LL', 'LLL-99-L', 'L-99-LLL', '9-LL-999', '999-LL-9',
];
/** One regex for every side code: dashes optional, but the groups as the side code has them. */
export const kentekenRegex = `^(${kentekenSidecodes
  .map((code) =>
    code
      .split('-')
      .map((g) => (g[0] === 'L' ? `[A-Z]{${g.length}}` : `[0-9]{${g.length}}`))
      .join('-?'),
  )
  .join('|')})$`;
export function normaliseKenteken(value: string): string {
  return value.toUpperCase().replace(/ /g, '-');
}
export function isKenteken(value: string): boolean {
  return new RegExp(kentekenRegex).test(normaliseKenteken(value));
}

/** A house number with an optional letter or addition: 12, 12a, 12 A, 12-2, 12-hs, 12 bis, 101-III. */
export const houseNumberRegex = '^[1-9][0-9]{0,4}([ -]?[A-Za-z]{1,4}|[ -][0-9]{1,4}|-[A-Za-z0-9]{1,4})?$';
export function isHouseNumber(value: string): boolean {
  return new RegExp(houseNumberRegex).test(value);
}
