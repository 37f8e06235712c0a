import { positionalName } from '../precheck/match-header';
import { say } from '../worded-error';
import type { Language } from '../../schemas/language';

/** Column names for a draft contract: snake_case of the heading, valid per `sqlName`, unique. */

export function snakeCase(text: string): string {
  const s = text
    .replace(/ß/g, 'ss')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2') // camelCase → camel_case (ALLCAPS stays one word)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (s === '') return '';
  return (/^[a-z]/.test(s) ? s : `col_${s}`).slice(0, 63).replace(/_+$/, '');
}

/** One name per heading; empty headings become column_<n>, repeats get _2, _3. */
export function columnNames(headings: readonly string[]): string[] {
  const seen = new Set<string>();
  return headings.map((h, i) => {
    const base = snakeCase(h) || positionalName(i);
    let name = base;
    for (let k = 2; seen.has(name); k++) name = `${base.slice(0, 60)}_${k}`;
    seen.add(name);
    return name;
  });
}

/** A dataset id as sqlName: `Bomen-Leeuwarden` → `bomen_leeuwarden`. */
export function datasetId(text: string): string {
  return snakeCase(text) || 'dataset';
}

/** File name → a title: `monumentale_en_waardevolle_bomen.csv` → `Monumentale en waardevolle bomen`. */
export function titleFromFileName(fileName: string, language: Language = 'nl'): string {
  const base = fileName.replace(/\.(gz)$/i, '').replace(/\.[a-z0-9]{1,5}$/i, '');
  const words = base.replace(/[_\-.]+/g, ' ').replace(/\s+/g, ' ').trim();
  if (words === '') return say('TODO: a title people recognise', 'TODO: een titel die mensen herkennen')[language];
  return words.charAt(0).toUpperCase() + words.slice(1);
}
