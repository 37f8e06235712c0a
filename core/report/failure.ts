import type { z } from 'zod';
import type { Language } from '../../schemas/language';
import type { failureReportInput } from '../../schemas/payloads';

/** Longest error text a failure report keeps: enough to act on, bounded so no payload or report grows with it. */
export const maxFailureText = 1_000;

export interface FailureReport {
  tenant: string;
  dataset: string;
  loadId: string;
  fileName: string;
  status: 'failed';
  /** The step that failed, after its retries. */
  step: string;
  /** What happened, in the tenant's language: what a person reads first. */
  summary: string;
  /** The error's type and message as the failing step gave them (technical details). */
  error: string;
  message: string;
  /** The upload is kept in the landing bucket (this version), so nothing is lost: what to do next. */
  upload: { bucket: string; key: string; versionId?: string };
  advice: string;
  language: Language;
  createdAt: string;
}

const words: Record<Language, { summary: (fileName: string, step: string) => string; advice: string }> = {
  nl: {
    summary: (fileName, step) => `${fileName} is niet ingelezen: de stap ${step} liep vast. Er is niets gepubliceerd.`,
    advice:
      'Het bestand is bewaard zoals het is aangeleverd, er gaat niets verloren. Vraag de beheerder van het platform de oorzaak ' +
      '(de foutmelding hierboven) op te lossen en de pijplijn daarna opnieuw te starten (redrive: hij gaat verder bij deze stap), ' +
      'of lever het bestand daarna opnieuw aan.',
  },
  en: {
    summary: (fileName, step) => `${fileName} was not taken in: the ${step} step failed. Nothing was published.`,
    advice:
      'The upload was not taken in and nothing was published; the file is kept as uploaded. Once the cause is fixed, ' +
      'redrive the pipeline execution (it resumes at this step), or upload the file again.',
  },
};

const clip = (text: string) => (text.length > maxFailureText ? `${text.slice(0, maxFailureText)}…` : text);

/**
 * The report of a load that could not be taken in: a Lambda's Cause is the JSON its runtime writes
 * (`errorType`, `errorMessage`, `trace`); only the type and message are kept, clipped, never the trace.
 */
export function failureReport(input: z.infer<typeof failureReportInput>, step: string, now: Date, language: Language = 'nl'): FailureReport {
  let error = input.failure.Error ?? 'Error';
  let message = input.failure.Cause ?? '';
  try {
    const cause = JSON.parse(message) as { errorType?: unknown; errorMessage?: unknown };
    if (typeof cause.errorMessage === 'string') message = cause.errorMessage;
    if (typeof cause.errorType === 'string' && error === 'Error') error = cause.errorType;
  } catch {
    // a plain-text cause (a timeout, a service error) stays as it is
  }
  const { bucket, key, versionId } = input.landing;
  const fileName = key.split('/').slice(2).join('/');
  return {
    tenant: input.tenant,
    dataset: input.dataset,
    loadId: input.loadId,
    fileName,
    status: 'failed',
    step,
    summary: words[language].summary(fileName, step),
    error: clip(error),
    message: clip(message),
    upload: { bucket, key, ...(versionId ? { versionId } : {}) },
    advice: words[language].advice,
    language,
    createdAt: now.toISOString(),
  };
}
