import type { Language } from '../../schemas/language';
import type { Finding } from '../../schemas/payloads';
import type { LoadStatus } from '../../schemas/report';
import { n, nl } from './words';

export interface StatusInput {
  findings: readonly Finding[];
  rows: { total: number; rejected: number; warned: number };
  /** Contract `load.max_rejected_percent`. */
  maxRejectedPercent: number;
  /** The load's language, of the reason (default Dutch). */
  language?: Language;
}

/** Too many rows set aside, in the words of the report (core/report/words.ts). */
const tooManyRejected: Record<Language, (shown: number, rejected: number, total: number, max: number) => string> = {
  nl: (shown, rejected, total, max) =>
    `${nl(shown)}% van de rijen (${nl(rejected)} van de ${nl(total)}) voldoet niet aan de afspraken; de afspraak is dat dat hoogstens ${nl(max)}% mag zijn.`,
  en: (shown, rejected, total, max) =>
    `${shown}% of the rows (${n(rejected)} of ${n(total)}) broke the rules, more than the ${max}% the contract allows.`,
};


/** First sentence of a message: the report's `reason` is one sentence. */
export function firstSentence(text: string): string {
  const m = /^.*?[.?!](?=\s|$)/s.exec(text);
  return (m ? m[0] : text).trim();
}

/**
 * accepted / accepted_with_warnings / rejected, and the reason when rejected (in the load's language): a finding that stops the load, or
 * more rejected rows than the contract allows.
 */
export function decideStatus(input: StatusInput): { status: LoadStatus; reason?: string } {
  const stop = input.findings.find((f) => f.severity === 'reject_load');
  if (stop) return { status: 'rejected', reason: firstSentence(stop.message) };
  const { total, rejected, warned } = input.rows;
  if (total > 0) {
    const percent = (rejected / total) * 100;
    if (percent > input.maxRejectedPercent) {
      const shown = percent >= 10 ? Math.round(percent) : Math.round(percent * 10) / 10;
      return { status: 'rejected', reason: tooManyRejected[input.language ?? 'nl'](shown, rejected, total, input.maxRejectedPercent) };
    }
  }
  if (input.findings.length > 0 || rejected > 0 || warned > 0) return { status: 'accepted_with_warnings' };
  return { status: 'accepted' };
}
