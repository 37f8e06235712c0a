import type { z } from 'zod';
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
  error: string;
  message: string;
  /** The upload is kept in the landing bucket (this version), so nothing is lost: what to do next. */
  upload: { bucket: string; key: string; versionId?: string };
  advice: string;
  createdAt: string;
}

const clip = (text: string) => (text.length > maxFailureText ? `${text.slice(0, maxFailureText)}…` : text);

/**
 * The report of a load that could not be taken in: a Lambda's Cause is the JSON its runtime writes
 * (`errorType`, `errorMessage`, `trace`); only the type and message are kept, clipped, never the trace.
 */
export function failureReport(input: z.infer<typeof failureReportInput>, step: string, now: Date): FailureReport {
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
  return {
    tenant: input.tenant,
    dataset: input.dataset,
    loadId: input.loadId,
    fileName: key.split('/').slice(2).join('/'),
    status: 'failed',
    step,
    error: clip(error),
    message: clip(message),
    upload: { bucket, key, ...(versionId ? { versionId } : {}) },
    advice:
      'The upload was not taken in and nothing was published; the file is kept as uploaded. Once the cause is fixed, ' +
      'redrive the pipeline execution (it resumes at this step), or upload the file again.',
    createdAt: now.toISOString(),
  };
}
