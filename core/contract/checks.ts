import type { Column, Contract, Rule, Severity } from '../../schemas/contract';
import type { Language } from '../../schemas/language';
import { numberLiteral, quoteIdent as id, quoteString as lit } from '../sql/quote';
import { maskPersonalValueSql } from '../privacy/mask';
import { expressionProblems } from './expression';
import { ContractError } from './parse';
import { typePlan } from './types';
import { preambleSource } from './preamble';
import type { PreambleValue } from '../../schemas/payloads';

/** Stable rule codes in quarantine.rule (and findings). */
export type RuleCode =
  | 'not_null'
  | 'type'
  | 'range'
  | 'accepted_values'
  | 'pattern'
  | 'unique'
  | 'reference'
  | 'expression';

/** One check: a SQL condition that is TRUE for a violating row. */
export interface Check {
  column: string;
  rule: RuleCode;
  severity: Severity;
  violated: string;
  value: string;
  message: string;
  /**
   * Set checks (unique, reference) look beyond the row: they run after the rows are numbered, against key counts
   * and reference tables, and read the typed value and raw text of these columns on every row. Row checks
   * (the rest) run first, and only violating rows carry their raw text further.
   */
  set?: ColumnSlot[];
}

/** Rows per key value, for unique checks: `name` is the count column the checks read (NULL when the key is unique). */
export interface KeyCount {
  name: string;
  keys: ColumnSlot[];
}

/** A column of the contract as the query sees it; internal names start with `_` so they never clash. */
export interface ColumnSlot {
  col: Column;
  i: number;
  /** Header text for messages (what the data owner sees in the file). */
  label: string;
  /** The raw text as read (`_r<i>`), the cleaned text (`_c<i>`) and the typed value (contract name). */
  raw: string;
  clean: string;
  typed: string;
  present: boolean;
  /**
   * A preamble column (`preamble: <key>`): the line and text of its value, the same on every row; null when the file
   * lacks the key (the pre-check says so). Undefined for a column of the table.
   */
  preamble?: { line: number; value: string } | null;
}

export interface ReferenceJoin {
  alias: string;
  table: string;
  column: string;
  slot: ColumnSlot;
}

export interface CheckPlan {
  checks: Check[];
  counts: KeyCount[];
  joins: ReferenceJoin[];
  /** Reference rules whose table is missing: reported once, not per row. */
  skipped: { column: string; dataset: string; column_ref: string; severity: Severity }[];
}

/** The columns as the queries see them; `preamble`: the pre-check's preamble lines, naming the columns they become. */
export function slotsOf(contract: Contract, header: readonly (string | null)[], preamble?: readonly PreambleValue[]): ColumnSlot[] {
  const present = new Set(header.filter((h): h is string => h !== null));
  return contract.columns.map((col, i) => ({
    col,
    i,
    // what the data owner sees: the CSV heading (upper case names when none is given), the preamble key, or the JSON key
    label: col.source ?? col.preamble ?? (contract.file.format === 'csv' ? col.name.toUpperCase() : col.name),
    raw: id(`_r${i}`),
    clean: id(`_c${i}`),
    typed: id(col.name),
    present: present.has(col.name),
    ...(col.preamble !== undefined ? { preamble: preambleSource(col, preamble) ?? null } : {}),
  }));
}

/**
 * The words of the checks' messages, one per violating row: they go into quarantine, the report's examples and the
 * set-aside CSV, so they are written in the load's language. Each is said after the column's heading and value:
 * `PLANTJAAR "19x4" is geen geheel getal`.
 */
export interface CheckWords {
  range(bounds: { min?: number; max?: number }, dated: boolean): string;
  notAccepted(values: readonly string[]): string;
  pattern(regex: string): string;
  /** `appears ` … count … ` times`. */
  times: [string, string];
  reference(column: string, dataset: string): string;
  expressionFalse(sql: string): string;
  empty: string;
  notInFile: string;
  primaryKey(labels: string): string;
  referenceSkipped(dataset: string, column: string): string;
}

const listed = (values: readonly string[], many: (n: number) => string) => (values.length <= 10 ? `: ${values.join(', ')}` : many(values.length));

/** A bound as Dutch readers write a number: a decimal comma, no thousands dots (years stay 1900). */
const dutchNumber = (x: number | undefined) => String(x).replace('.', ',');

export const checkWords: Record<Language, CheckWords> = {
  nl: {
    range: ({ min, max }, dated) =>
      min !== undefined && max !== undefined
        ? dated
          ? `valt niet in de jaren ${min} tot en met ${max}`
          : `ligt niet tussen ${dutchNumber(min)} en ${dutchNumber(max)}`
        : min !== undefined
          ? dated
            ? `valt in een jaar voor ${min}`
            : `is kleiner dan ${dutchNumber(min)}`
          : dated
            ? `valt in een jaar na ${max}`
            : `is groter dan ${dutchNumber(max)}`,
    notAccepted: (values) => `staat niet in de lijst van toegestane waarden${listed(values, (n) => ` (${n} waarden)`)}`,
    pattern: (regex) => `is niet geschreven zoals afgesproken (patroon ${regex})`,
    times: ['komt ', ' keer voor'],
    reference: (column, dataset) => `komt niet voor als ${column} in de gegevens ${dataset}`,
    expressionFalse: (sql) => `voldoet niet aan ${sql}`,
    empty: 'is leeg',
    notInFile: 'ontbreekt in het bestand',
    primaryKey: (labels) => `sleutel (${labels})`,
    referenceSkipped: (dataset, column) =>
      `controle overgeslagen: de gegevens ${dataset} (kolom ${column}) zijn nog niet geladen, dus deze waarden zijn niet vergeleken`,
  },
  en: {
    range: ({ min, max }, dated) =>
      `is not ${dated ? 'in a year ' : ''}${
        min !== undefined && max !== undefined ? `between ${min} and ${max}` : min !== undefined ? `at least ${min}` : `at most ${max}`
      }`,
    notAccepted: (values) => `is not one of the accepted values${listed(values, (n) => ` (${n} values)`)}`,
    pattern: (regex) => `does not match the pattern ${regex}`,
    times: ['appears ', ' times'],
    reference: (column, dataset) => `is not a known ${column} in dataset ${dataset}`,
    expressionFalse: (sql) => `${sql} is false`,
    empty: 'is empty',
    notInFile: 'is not in the file',
    primaryKey: (labels) => `primary key (${labels})`,
    referenceSkipped: (dataset, column) => `reference check skipped: dataset ${dataset} (column ${column}) has no curated table yet`,
  },
};

/** `'PLANTJAAR "' || coalesce(_r, '') || '" …'` — message text, built only for violating rows (raw text as in the file). */
function quoted(label: string, text: string, rest: string): string {
  return `${lit(`${label} "`)} || coalesce(${text}, '') || ${lit(`" ${rest}`)}`;
}

function ruleChecks(
  contract: Contract,
  slot: ColumnSlot,
  rule: Rule,
  n: number,
  plan: CheckPlan,
  referenceTables: Record<string, string>,
  words: CheckWords,
): void {
  const { col, label, clean, typed, raw } = slot;
  // a personal value is shown masked, in the value and in the message (core/privacy/mask.ts)
  const masked = maskPersonalValueSql(col, raw);
  const severity = rule.severity ?? col.severity;
  const where = `columns[${slot.i}].rules[${n}]`;
  const base = { column: col.name, severity, value: masked };
  const fail = (problem: string): never => {
    throw new ContractError(contract.id, [`${where}: ${problem}`]);
  };
  switch (rule.kind) {
    case 'range': {
      const numeric = ['integer', 'decimal', 'double', 'rd_x', 'rd_y', 'latitude', 'longitude'].includes(col.type);
      const dated = col.type === 'date' || col.type === 'timestamp';
      if (!numeric && !dated) fail(`range needs a number or date column, ${col.name} is ${col.type}`);
      if (rule.min === undefined && rule.max === undefined) fail('range needs min, max or both');
      const value = dated ? `year(${typed})` : typed;
      const parts: string[] = [];
      if (rule.min !== undefined) parts.push(`${value} < ${numberLiteral(rule.min)}`);
      if (rule.max !== undefined) parts.push(`${value} > ${numberLiteral(rule.max)}`);
      plan.checks.push({
        ...base,
        rule: 'range',
        violated: `coalesce(${parts.join(' or ')}, false)`,
        message: quoted(label, masked, words.range({ min: rule.min, max: rule.max }, dated)),
      });
      return;
    }
    case 'accepted_values': {
      let list: string;
      if (col.type === 'integer') {
        const bad = rule.values.find((v) => !/^[+-]?[0-9]+$/.test(v));
        if (bad !== undefined) fail(`"${bad}" is not a whole number, but ${col.name} is an integer column`);
        list = rule.values.map((v) => numberLiteral(Number(v))).join(', ');
      } else if (col.type === 'decimal' || col.type === 'double') {
        const bad = rule.values.find((v) => !Number.isFinite(Number(v)) || v.trim() === '');
        if (bad !== undefined) fail(`"${bad}" is not a number, but ${col.name} is a ${col.type} column`);
        list = rule.values.map((v) => numberLiteral(Number(v))).join(', ');
      } else if (['string', 'postcode', 'cbs_gemeente', 'cbs_wijk', 'cbs_buurt', 'bag_id'].includes(col.type)) {
        list = rule.values.map(lit).join(', ');
      } else {
        return fail(`accepted_values is for text and number columns, ${col.name} is ${col.type}`);
      }
      plan.checks.push({
        ...base,
        rule: 'accepted_values',
        violated: `coalesce(${typed} not in (${list}), false)`,
        message: quoted(label, masked, words.notAccepted(rule.values)),
      });
      return;
    }
    case 'pattern': {
      try {
        new RegExp(rule.regex);
      } catch (error) {
        fail(`pattern is not a regular expression: ${(error as Error).message}`);
      }
      plan.checks.push({
        ...base,
        rule: 'pattern',
        violated: `coalesce(not regexp_like(${clean}, ${lit(rule.regex)}), false)`,
        message: quoted(label, masked, words.pattern(rule.regex)),
      });
      return;
    }
    case 'unique': {
      const count = id(`_u${slot.i}`);
      if (!plan.counts.some((c) => c.name === count)) plan.counts.push({ name: count, keys: [slot] });
      plan.checks.push({
        ...base,
        rule: 'unique',
        violated: `(${typed} is not null and ${count} > 1)`,
        message: `${quoted(label, masked, words.times[0])} || cast(${count} as varchar) || ${lit(words.times[1])}`,
        set: [slot],
      });
      return;
    }
    case 'reference': {
      const table = referenceTables[rule.dataset];
      if (table === undefined) {
        plan.skipped.push({ column: col.name, dataset: rule.dataset, column_ref: rule.column, severity: 'warn' });
        return;
      }
      const alias = id(`_ref${plan.joins.length}`);
      plan.joins.push({ alias, table, column: rule.column, slot });
      plan.checks.push({
        ...base,
        rule: 'reference',
        violated: `(${typed} is not null and ${alias}.${id('_key')} is null)`,
        message: quoted(label, masked, words.reference(rule.column, rule.dataset)),
        set: [slot],
      });
      return;
    }
    case 'expression': {
      const problems = expressionProblems(rule.sql);
      if (problems.length > 0) fail(`expression ${problems.join('; ')}`);
      plan.checks.push({
        ...base,
        rule: 'expression',
        // NULL (e.g. an empty column) passes, like an SQL CHECK constraint
        violated: `not coalesce((${rule.sql}), true)`,
        // the rule's own message is a sentence of its own; the finding adds where the first one is
        message: lit(`${label}: ${rule.message?.replace(/[.\s]+$/, '') ?? words.expressionFalse(rule.sql)}`),
      });
      return;
    }
  }
}

/** All checks of a contract, in contract order: per column not_null, type, then its rules; then the primary key. */
export function planChecks(
  contract: Contract,
  slots: ColumnSlot[],
  referenceTables: Record<string, string>,
  language: Language = 'nl',
): CheckPlan {
  const words = checkWords[language];
  const plan: CheckPlan = { checks: [], counts: [], joins: [], skipped: [] };
  const primary = new Set(contract.keys.primary);
  for (const slot of slots) {
    const { col, label, clean, typed, raw } = slot;
    const masked = maskPersonalValueSql(col, raw);
    const base = { column: col.name, severity: col.severity, value: masked };
    if (!col.nullable || primary.has(col.name)) {
      plan.checks.push({
        ...base,
        rule: 'not_null',
        violated: `${clean} is null`,
        message: slot.present || slot.preamble
          ? `${lit(`${label} ${words.empty}`)} || coalesce(' ("' || ${masked} || '")', '')`
          : lit(`${label} ${words.notInFile}`),
      });
    }
    if (col.type !== 'string') {
      plan.checks.push({
        ...base,
        rule: 'type',
        violated: `(${clean} is not null and ${typed} is null)`,
        message: quoted(label, masked, typePlan(col, contract.file).expected[language]),
      });
    }
    col.rules.forEach((rule, n) => ruleChecks(contract, slot, rule, n, plan, referenceTables, words));
  }
  // primary key: unique combination (a single-column key with its own unique rule is already covered)
  const keySlots = slots.filter((s) => primary.has(s.col.name));
  const covered = keySlots.length === 1 && keySlots[0]?.col.rules.some((r) => r.kind === 'unique');
  if (keySlots.length > 0 && !covered) {
    const count = id('_pk');
    plan.counts.push({ name: count, keys: keySlots });
    const labels = keySlots.map((s) => s.label).join(', ');
    const values = keySlots.map((s) => `coalesce(${maskPersonalValueSql(s.col, s.raw)}, '')`).join(` || ' | ' || `);
    plan.checks.push({
      column: keySlots.map((s) => s.col.name).join(','),
      rule: 'unique',
      severity: 'reject_row',
      violated: `(${keySlots.map((s) => `${s.typed} is not null`).join(' and ')} and ${count} > 1)`,
      value: values,
      message: `${lit(`${words.primaryKey(labels)} "`)} || ${values} || ${lit(`" ${words.times[0]}`)} || cast(${count} as varchar) || ${lit(words.times[1])}`,
      set: keySlots,
    });
  }
  return plan;
}
