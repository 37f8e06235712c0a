import type { Finding } from '../../schemas/payloads';
import type { LoadStatus } from '../../schemas/report';

export interface StatusInput {
  findings: readonly Finding[];
  rows: { total: number; rejected: number; warned: number };
  /** Contract `load.max_rejected_percent`. */
  maxRejectedPercent: number;
}

/** First sentence of a message: the report's `reason` is one sentence. */
export function firstSentence(text: string): string {
  const m = /^.*?[.?!](?=\s|$)/s.exec(text);
  return (m ? m[0] : text).trim();
}

/**
 * accepted / accepted_with_warnings / rejected, and the reason when rejected: a finding that stops the load, or
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
      return {
        status: 'rejected',
        reason: `${shown}% of the rows (${rejected.toLocaleString('en-US')} of ${total.toLocaleString(
          'en-US',
        )}) broke the rules, more than the ${input.maxRejectedPercent}% the contract allows.`,
      };
    }
  }
  if (input.findings.length > 0 || rejected > 0 || warned > 0) return { status: 'accepted_with_warnings' };
  return { status: 'accepted' };
}
