import type { SummaryGroup } from '../contract/quarantine';
import type { Contract } from '../../schemas/contract';
import type { Finding } from '../../schemas/payloads';

/** What to do about a broken rule, in words for the person who fixes the file. */
const adviceByRule: Record<string, string> = {
  not_null: 'Fill in the empty values, or ask the data owner whether the column may be empty.',
  type: 'Correct the values so they have the type the contract expects (see the examples), then upload the file again.',
  range: 'Check these values at the source: they fall outside the range the contract allows.',
  accepted_values: 'Use one of the values the contract lists, or ask the data owner to add the new value to the contract.',
  pattern: 'Write these values in the expected format (see the examples and the contract pattern).',
  unique: 'Remove or correct the duplicates: each value may occur only once.',
  reference: 'Check that these values exist in the referenced dataset, or load that dataset first.',
  expression: 'Check these rows: they break a rule that combines several columns.',
};

const phraseBySeverity: Record<Finding['severity'], string> = {
  reject_row: 'set aside',
  warn: 'loaded with a warning',
  reject_load: 'stop the load',
};

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

/** One finding per quarantine group: count, first line, examples, and what to do. */
export function findingFromGroup(group: SummaryGroup): Finding {
  const severity = group.severity as Finding['severity'];
  const first = group.examples[0]?.message ?? `${group.rule} on ${group.column ?? 'a row'}`;
  const rows = group.count === 1 ? '1 row' : `${group.count.toLocaleString('en-US')} rows`;
  return {
    code: group.rule,
    severity,
    column: group.column ?? undefined,
    rule: group.rule,
    line: group.firstLine ?? undefined,
    count: group.count,
    examples: group.examples.map((e) => ({ line: e.line ?? undefined, value: e.value })),
    message: `${rows} ${severity === 'reject_load' ? 'stop the load' : `${phraseBySeverity[severity]}`}: ${first}${group.firstLine ? ` (first at line ${group.firstLine})` : ''}.`.replace(/\.\.$/, '.'),
    advice: adviceByRule[group.rule] ?? 'Check these values against the contract.',
  };
}
