import type { Column } from '../../schemas/contract';
import { quoteString } from '../sql/quote';

/**
 * Masking of personal values wherever a value is shown (quarantine rows, reports, downloads of set-aside rows):
 * every letter becomes `x` and every digit `9`; spaces, punctuation, `@` and the length stay. The uploader still
 * sees the shape of what was wrong (`99999999` is a BSN one digit short, `xxx@xxxxx` lacks a domain) and finds the
 * row by its line number in their own file; nobody reading a report learns the value.
 */

export type PersonalClass = Column['personal_data'];

/** The personal-data class of a column: as the contract states it, else by its type (a BSN is direct whatever the contract says). */
export function personalClassOf(col: Pick<Column, 'personal_data' | 'type'>): PersonalClass {
  if (col.personal_data !== 'none') return col.personal_data;
  switch (col.type) {
    case 'bsn':
    case 'iban':
    case 'email':
    case 'phone_nl':
      return 'direct';
    case 'kenteken':
    case 'house_number':
      return 'indirect';
    default:
      return 'none';
  }
}

/** Is a value of this column personal data, so shown only masked? */
export function isPersonalColumn(col: Pick<Column, 'personal_data' | 'type'>): boolean {
  return personalClassOf(col) !== 'none';
}

const latinExtendedA = Array.from({ length: 0x180 - 0x100 }, (_, i) => String.fromCharCode(0x100 + i)).join('');
/** Letters masked: ASCII, Latin-1 and Latin Extended-A (every letter of a Dutch or European name). */
export const maskedLetters = `ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyzÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞßàáâãäåæçèéêëìíîïðñòóôõöøùúûüýþÿ${latinExtendedA}`;
const digits = '0123456789';
const letterSet = new Set(maskedLetters);

/** A value as it may be shown: masked when the column holds personal data, as it is otherwise. */
export function maskPersonalValue(col: Pick<Column, 'personal_data' | 'type'>, value: string | null): string | null {
  if (value === null || !isPersonalColumn(col)) return value;
  return maskText(value);
}

/** The mask itself, for any text. */
export function maskText(value: string): string {
  let out = '';
  for (const ch of value) out += letterSet.has(ch) ? 'x' : digits.includes(ch) ? '9' : ch;
  return out;
}

/** The same mask in SQL (Trino's translate; DuckDB's has the same meaning). */
export function maskTextSql(text: string): string {
  return `translate(${text}, ${quoteString(maskedLetters + digits)}, ${quoteString('x'.repeat([...maskedLetters].length) + '9'.repeat(10))})`;
}

/** SQL of a value as it may be shown: masked for personal columns. */
export function maskPersonalValueSql(col: Pick<Column, 'personal_data' | 'type'>, text: string): string {
  return isPersonalColumn(col) ? maskTextSql(text) : text;
}
