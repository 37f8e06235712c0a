import type { Texts } from '../worded-error';
import type { Column, Contract } from '../../schemas/contract';
import type { PreambleValue } from '../../schemas/payloads';
import { isPersonalColumn, maskText } from '../privacy/mask';

/**
 * Preamble columns: contract columns with `preamble: <key>` take the value of a `key;value` line above the table
 * (file.header_line) into every row of the load. The pre-check reads the lines and names the column each value
 * becomes (`PreambleValue.column`); the checks and the curated query put the value in as a typed constant.
 */

/** The columns the table of the file holds (in contract order): every column that is not a preamble column. */
export function fileColumns(contract: Contract): Column[] {
  return contract.columns.filter((c) => c.preamble === undefined);
}

/** Keys are compared trimmed and ignoring capitals, as headings are. */
function sameKey(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/** The preamble lines, each naming the contract column its value becomes (the first line with the column's key). */
export function withColumns(contract: Contract, values: readonly PreambleValue[]): PreambleValue[] {
  const taken = new Set<string>();
  return values.map(({ column: _, ...value }) => {
    const col = contract.columns.find((c) => c.preamble !== undefined && !taken.has(c.name) && sameKey(c.preamble, value.key));
    if (!col) return value;
    taken.add(col.name);
    return { ...value, column: col.name };
  });
}

/** The preamble columns that no line of the preamble gives a value. */
export function missingPreambleColumns(contract: Contract, values: readonly PreambleValue[]): Column[] {
  const found = new Set(withColumns(contract, values).flatMap((v) => (v.column ? [v.column] : [])));
  return contract.columns.filter((c) => c.preamble !== undefined && !found.has(c.name));
}

/** Where a preamble column's value comes from: its line and text; undefined when the file lacks its key. */
export function preambleSource(col: Column, values: readonly PreambleValue[] | undefined): { line: number; value: string } | undefined {
  const found = (values ?? []).find((v) => v.column === col.name);
  return found && { line: found.line, value: found.value };
}

/** What a contract's preamble columns cannot be (parse.ts crossChecks), in both languages. */
export function preambleProblems(c: Contract): Texts[] {
  const problems: Texts[] = [];
  const keys = new Map<string, number>();
  c.columns.forEach((col, i) => {
    if (col.preamble === undefined) return;
    const at = `columns[${i}]`;
    if (c.file.format !== 'csv') {
      problems.push({
        nl: `${at}.preamble: alleen een CSV-bestand heeft regels boven de tabel; een ${c.file.format}-bestand niet: haal preamble weg`,
        en: `${at}.preamble: only a CSV file has lines above its table; ${c.file.format} files have none`,
      });
    } else if (c.file.header_line === 1) {
      problems.push({
        nl: `${at}.preamble: de tabel begint op regel 1 (file.header_line), dus er staan geen regels boven om "${col.preamble}" uit te halen; zet file.header_line op de regel met de kolomnamen`,
        en: `${at}.preamble: the table starts on line 1 (file.header_line), so there are no lines above it to take "${col.preamble}" from; set file.header_line to the line of the column names`,
      });
    }
    if (col.source !== undefined) {
      problems.push({
        nl: `${at}: een kolom komt uit de tabel (source) of uit de regels erboven (preamble), niet uit allebei; haal er een weg`,
        en: `${at}: a column comes from the table (source) or from the lines above it (preamble), not both`,
      });
    }
    const key = col.preamble.trim().toLowerCase();
    const twice = keys.get(key);
    if (twice !== undefined) {
      problems.push({
        nl: `${at}.preamble: "${col.preamble}" is ook de sleutel van columns[${twice}]; haal een van beide weg`,
        en: `${at}.preamble: "${col.preamble}" is also the key of columns[${twice}]`,
      });
    }
    keys.set(key, i);
    col.rules.forEach((r, k) => {
      if (r.kind === 'unique') {
        problems.push({
          nl: `${at}.rules[${k}]: een waarde uit de regels boven de tabel is in elke rij van een levering gelijk, dus nooit uniek; haal de regel weg`,
          en: `${at}.rules[${k}]: a preamble value is the same on every row of a load, so it cannot be unique; remove the rule`,
        });
      }
    });
  });
  if (c.keys.primary.length > 0 && c.keys.primary.every((k) => c.columns.find((col) => col.name === k)?.preamble !== undefined)) {
    problems.push({
      nl: 'keys.primary: waarden uit de regels boven de tabel zijn in elke rij van een levering gelijk, dus wijzen ze alleen geen rij aan; voeg een kolom van de tabel toe',
      en: 'keys.primary: preamble values are the same on every row of a load, so they cannot identify a row alone; add a column of the table',
    });
  }
  if (c.columns.every((col) => col.preamble !== undefined)) {
    problems.push({ nl: 'columns: minstens één kolom moet uit de tabel zelf komen (zonder preamble)', en: 'columns: at least one column must come from the table itself' });
  }
  return problems;
}

/** The preamble lines as a report shows them: the value (and note) of a personal preamble column masked. */
export function shownPreamble(contract: Contract, values: readonly PreambleValue[]): PreambleValue[] {
  return values.map((v) => {
    const col = v.column === undefined ? undefined : contract.columns.find((c) => c.name === v.column);
    if (!col || !isPersonalColumn(col)) return v;
    return { ...v, value: maskText(v.value), ...(v.note !== undefined ? { note: maskText(v.note) } : {}) };
  });
}
