import type { Language } from '../../schemas/language';
import type { Finding } from '../../schemas/payloads';

/**
 * Findings travel in state payloads, and Step Functions fails a run whose state input or output passes 256 KiB
 * (States.DataLimitExceeded). One 150 KB cell copied into an example and into its message is enough, so every
 * value and text in a finding is cut to a size that keeps even many findings far below it. The quarantine Parquet
 * keeps the whole value.
 */
export const maxValueChars = 200;
export const maxTextChars = 1_000;
export const maxExamples = 5;

const leftOut: Record<Language, (n: number) => string> = {
  nl: (n) => `(+${n.toLocaleString('nl-NL')} tekens)`,
  en: (n) => `(+${n.toLocaleString('en-US')} chars)`,
};

/** The text cut to `max` characters, saying (in the reader's language) how much was left out. */
export function clip(text: string, max: number, language: Language = 'en'): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}… ${leftOut[language](text.length - max)}`;
}

/** The finding with its values and texts cut to size; what was left out is said in the load's language. */
export function boundFinding(finding: Finding, language: Language): Finding {
  const cut = (text: string, max: number) => clip(text, max, language);
  return {
    ...finding,
    ...(finding.column !== undefined ? { column: cut(finding.column, maxValueChars) } : {}),
    examples: finding.examples.slice(0, maxExamples).map((e) => ({ ...e, value: e.value === null ? null : cut(e.value, maxValueChars) })),
    message: cut(finding.message, maxTextChars),
    advice: cut(finding.advice, maxTextChars),
    ...(finding.detail !== undefined ? { detail: cut(finding.detail, maxTextChars) } : {}),
  };
}
