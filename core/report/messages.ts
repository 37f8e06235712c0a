import type { Finding } from '../../schemas/payloads';

/** The words of the validate stage's answer that are not a finding of a check: an unreadable file, a rejected load. */

/**
 * The engine's own words about why the file could not be read, without the query text. For JSON lines only a line
 * named "on line N" counts (the local reader's words): Athena's JSON errors name no line of the file, and a "line 1"
 * in them is the line within the one row it parsed.
 */
export function unreadableFinding(fileName: string, error: { Error?: string; Cause?: string }, format: 'csv' | 'jsonl' = 'csv'): Finding {
  let cause = error.Cause ?? error.Error ?? 'unknown error';
  try {
    const parsed = JSON.parse(cause) as { QueryExecution?: { Status?: { StateChangeReason?: string } }; errorMessage?: string };
    cause = parsed.QueryExecution?.Status?.StateChangeReason ?? parsed.errorMessage ?? cause;
  } catch {
    // a plain-text cause
  }
  const lines = cause.split('\n');
  const jsonl = format === 'jsonl';
  const reason = (jsonl ? lines.find((l) => /json/i.test(l)) : undefined) ?? lines.find((l) => /error|line/i.test(l)) ?? lines[0] ?? cause;
  const line = (jsonl ? /\bon line (\d+)/i : /line:?\s*(\d+)/i).exec(cause)?.[1];
  return {
    code: 'unreadable_file',
    severity: 'reject_load',
    line: line ? Number(line) : undefined,
    count: 1,
    examples: [],
    message: `${fileName} could not be read past its first part: ${reason.trim().slice(0, 300)}`,
    advice: !jsonl
      ? 'Open the file, fix the line the message names (a missing or extra delimiter, or an unclosed quote), save it as CSV and upload it again.'
      : line
        ? `Open the file, fix line ${line} so that it is one complete JSON object (a missing comma, quote or bracket is the usual cause) and upload it again.`
        : "Find the line that is not one complete JSON object (`jq -c . file.jsonl > /dev/null` names it), fix it and upload the file again.",
  };
}

/**
 * The validate stage's one-paragraph answer for a rejected load: the reason, the rest of what stops the load (each
 * message once: the reason is the first sentence of the first one), what to do, and where the full report is.
 */
export function rejectedMessage(reason: string | undefined, problems: readonly Finding[], reportUri: string): string {
  const parts: string[] = [reason ?? 'Rejected.'];
  for (const f of problems.slice(0, 3)) {
    const rest = reason !== undefined && f.message.startsWith(reason) ? f.message.slice(reason.length).trim() : f.message;
    if (rest !== '' && !parts.includes(rest)) parts.push(rest);
  }
  if (problems.length > 3) parts.push(`(${problems.length - 3} more in the report.)`);
  const advice = problems[0]?.advice ?? 'Correct the rows named in the report and upload the file again.';
  parts.push(`What to do: ${advice}`, `Report: ${reportUri}`);
  return parts.join(' ');
}
