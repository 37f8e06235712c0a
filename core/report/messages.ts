import type { Language } from '../../schemas/language';
import type { Finding } from '../../schemas/payloads';
import { n, nl } from './words';

/** The words of the validate stage's answer that are not a finding of a check: an unreadable file, a rejected load. */

const words = {
  nl: {
    unreadable: (fileName: string, line: number | undefined) =>
      `${fileName} kon niet helemaal gelezen worden${line ? `: op regel ${nl(line)} gaat het mis` : ''}.`,
    csv: (line: number | undefined) =>
      `Open het bestand en verbeter ${line ? `regel ${nl(line)}` : 'de regel waar het misgaat (zie de foutmelding van het systeem)'}: meestal staat er een scheidingsteken te veel of te weinig, of is een aanhalingsteken niet gesloten. Sla het op als CSV en lever het opnieuw aan.`,
    jsonLine: (line: number) =>
      `Open het bestand en maak van regel ${nl(line)} één volledig JSON-object (meestal ontbreekt er een komma, aanhalingsteken of haakje). Lever het daarna opnieuw aan.`,
    jsonUnknown:
      'Zoek de regel die geen volledig JSON-object is (`jq -c . bestand.jsonl > /dev/null` noemt hem), verbeter die en lever het bestand opnieuw aan.',
    rejected: 'Afgewezen.',
    more: (k: number) => `(En nog ${nl(k)} in het rapport.)`,
    advice: 'Verbeter de rijen die het rapport noemt en lever het bestand opnieuw aan.',
    whatToDo: 'Wat te doen:',
    report: 'Rapport:',
    accepted: (accepted: number, total: number) => `${nl(accepted)} van de ${nl(total)} rijen goedgekeurd.`,
  },
  en: {
    unreadable: (fileName: string, line: number | undefined) =>
      `${fileName} could not be read past its first part${line ? `: it goes wrong on line ${n(line)}` : ''}.`,
    csv: (line: number | undefined) =>
      `Open the file and fix ${line ? `line ${n(line)}` : 'the line where it goes wrong (see the error from the system)'}: usually a delimiter is missing or extra, or a quote is not closed. Save it as CSV and upload it again.`,
    jsonLine: (line: number) =>
      `Open the file, fix line ${n(line)} so that it is one complete JSON object (a missing comma, quote or bracket is the usual cause) and upload it again.`,
    jsonUnknown: 'Find the line that is not one complete JSON object (`jq -c . file.jsonl > /dev/null` names it), fix it and upload the file again.',
    rejected: 'Rejected.',
    more: (k: number) => `(${n(k)} more in the report.)`,
    advice: 'Correct the rows named in the report and upload the file again.',
    whatToDo: 'What to do:',
    report: 'Report:',
    accepted: (accepted: number, total: number) => `${n(accepted)} of ${n(total)} rows accepted.`,
  },
} satisfies Record<Language, unknown>;

/**
 * Why the engine could not read the file, in the load's language, with what to do; the engine's own words (without
 * the query text) go into `detail`, the technical details. For JSON lines only a line named "on line N" counts (the
 * local reader's words): Athena's JSON errors name no line of the file, and a "line 1" in them is the line within
 * the one row it parsed.
 */
export function unreadableFinding(
  fileName: string,
  error: { Error?: string; Cause?: string },
  format: 'csv' | 'jsonl' = 'csv',
  language: Language = 'nl',
): Finding {
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
  const found = (jsonl ? /\bon line (\d+)/i : /line:?\s*(\d+)/i).exec(cause)?.[1];
  const line = found ? Number(found) : undefined;
  const w = words[language];
  return {
    code: 'unreadable_file',
    severity: 'reject_load',
    line,
    count: 1,
    examples: [],
    message: w.unreadable(fileName, line),
    advice: !jsonl ? w.csv(line) : line ? w.jsonLine(line) : w.jsonUnknown,
    detail: reason.trim().slice(0, 300),
  };
}

/**
 * The validate stage's one-paragraph answer for a rejected load, in the load's language: the reason, the rest of
 * what stops the load (each message once: the reason is the first sentence of the first one), what to do, and where
 * the full report is.
 */
export function rejectedMessage(reason: string | undefined, problems: readonly Finding[], reportUri: string, language: Language = 'nl'): string {
  const w = words[language];
  const parts: string[] = [reason ?? w.rejected];
  for (const f of problems.slice(0, 3)) {
    const rest = reason !== undefined && f.message.startsWith(reason) ? f.message.slice(reason.length).trim() : f.message;
    if (rest !== '' && !parts.includes(rest)) parts.push(rest);
  }
  if (problems.length > 3) parts.push(w.more(problems.length - 3));
  parts.push(`${w.whatToDo} ${problems[0]?.advice ?? w.advice}`, `${w.report} ${reportUri}`);
  return parts.join(' ');
}

/** The validate stage's answer for an accepted load. */
export function acceptedMessage(accepted: number, total: number, language: Language = 'nl'): string {
  return words[language].accepted(accepted, total);
}
