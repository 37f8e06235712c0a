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

/** The text cut to `max` characters, saying how much was left out. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const more = text.length - max;
  return `${text.slice(0, max)}… (+${more.toLocaleString('en-US')} chars)`;
}

export function boundFinding(finding: Finding): Finding {
  return {
    ...finding,
    ...(finding.column !== undefined ? { column: clip(finding.column, maxValueChars) } : {}),
    examples: finding.examples.slice(0, maxExamples).map((e) => ({ ...e, value: e.value === null ? null : clip(e.value, maxValueChars) })),
    message: clip(finding.message, maxTextChars),
    advice: clip(finding.advice, maxTextChars),
    ...(finding.detail !== undefined ? { detail: clip(finding.detail, maxTextChars) } : {}),
  };
}
