import type { SummaryGroup } from '../contract/quarantine';
import type { Contract } from '../../schemas/contract';
import type { Language } from '../../schemas/language';
import type { Finding } from '../../schemas/payloads';

/** What to do about a broken rule, in words for the person who fixes the file. */
const adviceByRule: Record<Language, Record<string, string>> = {
  nl: {
    type: 'Verbeter de waarden zodat ze het soort waarde zijn dat is afgesproken (zie de voorbeelden) en lever het bestand opnieuw aan.',
    not_null: 'Vul de lege waarden in, of vraag de eigenaar van de gegevens of de kolom leeg mag zijn.',
    range: 'Controleer deze waarden bij de bron: ze vallen buiten de afgesproken grenzen.',
    accepted_values: 'Gebruik een van de afgesproken waarden, of vraag de eigenaar van de gegevens de nieuwe waarde toe te voegen.',
    pattern: 'Schrijf deze waarden op de afgesproken manier (zie de voorbeelden).',
    unique: 'Haal de dubbele waarden weg of verbeter ze: elke waarde mag maar één keer voorkomen.',
    reference: 'Controleer of deze waarden bestaan in de gekoppelde gegevens, of laad die gegevens eerst.',
    expression: 'Controleer deze rijen: de waarden in de kolommen passen niet bij elkaar.',
  },
  en: {
    type: 'Correct the values so they have the type the contract expects (see the examples), then upload the file again.',
    not_null: 'Fill in the empty values, or ask the data owner whether the column may be empty.',
    range: 'Check these values at the source: they fall outside the range the contract allows.',
    accepted_values: 'Use one of the values the contract lists, or ask the data owner to add the new value to the contract.',
    pattern: 'Write these values in the expected format (see the examples and the contract pattern).',
    unique: 'Remove or correct the duplicates: each value may occur only once.',
    reference: 'Check that these values exist in the referenced dataset, or load that dataset first.',
    expression: 'Check these rows: they break a rule that combines several columns.',
  },
};

const words = {
  nl: {
    rows: (count: number) => (count === 1 ? '1 rij' : `${count.toLocaleString('nl-NL')} rijen`),
    effect: (severity: Finding['severity'], count: number) =>
      ({ reject_row: 'apart gezet', warn: 'met een opmerking', reject_load: count === 1 ? 'houdt het bestand tegen' : 'houden het bestand tegen' })[severity],
    fallback: (rule: string, column: string | null) => `${rule} op ${column ?? 'een rij'}`,
    firstAt: (line: number) => ` (de eerste op regel ${line.toLocaleString('nl-NL')})`,
    advice: 'Vergelijk deze waarden met de afspraken in het contract.',
  },
  en: {
    rows: (count: number) => (count === 1 ? '1 row' : `${count.toLocaleString('en-US')} rows`),
    effect: (severity: Finding['severity'], count: number) =>
      ({ reject_row: 'set aside', warn: 'kept with a warning', reject_load: count === 1 ? 'stops the load' : 'stop the load' })[severity],
    fallback: (rule: string, column: string | null) => `${rule} on ${column ?? 'a row'}`,
    firstAt: (line: number) => ` (first at line ${line})`,
    advice: 'Check these values against the contract.',
  },
} satisfies Record<Language, unknown>;

/**
 * A rule's own `message` in the contract (advice for the person who fixes the data) replaces the general advice of
 * the findings of that rule on that column.
 */
export function withRuleMessages(findings: Finding[], contract: Contract): Finding[] {
  return findings.map((f) => {
    const column = contract.columns.find((c) => c.name === f.column);
    const message = column?.rules.find((r) => r.kind === f.rule && r.message)?.message;
    return message ? { ...f, advice: message } : f;
  });
}

/** One finding per quarantine group, in the load's language: count, first line, examples, and what to do. */
export function findingFromGroup(group: SummaryGroup, language: Language = 'nl'): Finding {
  const w = words[language];
  const severity = group.severity as Finding['severity'];
  const first = group.examples[0]?.message ?? w.fallback(group.rule, group.column);
  // a group without a line is about the check, not about rows (a reference check skipped): its message alone
  const message =
    group.firstLine === null
      ? `${first.charAt(0).toUpperCase()}${first.slice(1)}.`
      : `${w.rows(group.count)} ${w.effect(severity, group.count)}: ${first}${w.firstAt(group.firstLine)}.`;
  return {
    code: group.rule,
    severity,
    column: group.column ?? undefined,
    rule: group.rule,
    line: group.firstLine ?? undefined,
    count: group.count,
    examples: group.examples.map((e) => ({ line: e.line ?? undefined, value: e.value })),
    message: message.replace(/\.\.$/, '.'),
    advice: adviceByRule[language][group.rule] ?? w.advice,
  };
}
