import type { SummaryGroup } from '../contract/quarantine';
import type { Language } from '../../schemas/language';
import type { Finding, PreambleValue } from '../../schemas/payloads';
import { q } from '../precheck/text';

const words = {
  nl: {
    what: (line: number, key: string, check: string, column: string, warn: boolean) =>
      `Regel ${line} boven de tabel (${q(key)}): ${check}. Elke rij krijgt deze waarde in kolom ${column}, dus ${warn ? 'de rijen zijn geladen met een opmerking' : 'het bestand is tegengehouden'}.`,
    advice: (line: number, key: string) => `Verbeter de waarde op regel ${line} (${q(key)}) boven de tabel en lever het bestand opnieuw aan.`,
  },
  en: {
    what: (line: number, key: string, check: string, column: string, warn: boolean) =>
      `Line ${line} above the table (${q(key)}): ${check}. Every row gets this value in column ${column}, so ${warn ? 'the rows were loaded with a warning' : 'the file was stopped'}.`,
    advice: (line: number, key: string) => `Correct the value on line ${line} (${q(key)}) above the table and upload the file again.`,
  },
} satisfies Record<Language, unknown>;

/**
 * The finding of a check on a preamble column's value (checked once, on its own line above the table): about that
 * line, not about rows. Undefined for a group of the table's rows.
 */
export function preambleValueFinding(group: SummaryGroup, preamble: readonly PreambleValue[] | undefined, language: Language): Finding | undefined {
  const source = preamble?.find((p) => p.column !== undefined && p.column === group.column && p.line === group.firstLine);
  if (!source?.column) return undefined;
  const w = words[language];
  const check = group.examples[0]?.message ?? group.rule;
  const severity = group.severity as Finding['severity'];
  return {
    code: group.rule,
    severity,
    column: source.column,
    rule: group.rule,
    line: source.line,
    count: 1,
    examples: group.examples.slice(0, 1).map((e) => ({ line: e.line ?? source.line, value: e.value })),
    message: w.what(source.line, source.key, check, source.column, severity === 'warn'),
    advice: w.advice(source.line, source.key),
  };
}
