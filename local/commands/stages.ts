import type { RunRecord } from '../runtime/run-record';
import { seconds, table } from '../format';
import { stageNames, workflow } from '../../core/names';
import type { CliWords } from '../words';

export interface StageLine {
  stage: string;
  status: string;
  rowsIn: number | null;
  rowsOut: number | null;
  rejected: number | null;
  durationMs: number | undefined;
  output: string;
  message: string;
}

interface StageResult {
  status?: string;
  rowsIn?: number;
  rowsOut?: number;
  rejected?: number;
  outputs?: string[];
  report?: string;
  message?: string;
}

/** A run's error in words: Lambda failures carry their message inside a JSON cause, as in AWS. */
export function failureText(run: Pick<RunRecord, 'error' | 'cause'>): string {
  let cause = run.cause ?? '';
  try {
    const parsed = JSON.parse(cause) as { errorMessage?: string; Cause?: string; cause?: string };
    cause = parsed.errorMessage ?? parsed.Cause ?? parsed.cause ?? cause;
    if (cause.startsWith('{')) return failureText({ error: run.error, cause });
  } catch {
    // not JSON: a plain cause
  }
  return [run.error, cause].filter(Boolean).join(': ');
}

/** One line per stage of a pipeline run, from the child runs it started. */
export function stageLines(run: RunRecord, children: RunRecord[]): StageLine[] {
  return stageNames.map((stage) => {
    const child = children.find((c) => c.workflow === stage);
    if (!child) {
      return { stage, status: 'not run', rowsIn: null, rowsOut: null, rejected: null, durationMs: undefined, output: '', message: '' };
    }
    const result = (child.output ?? {}) as StageResult;
    const status = child.status === 'SUCCEEDED' ? (result.status ?? 'succeeded') : 'failed';
    const output = stage === workflow.validate ? (result.report ?? '') : (result.outputs ?? []).join(', ');
    return {
      stage,
      status,
      rowsIn: result.rowsIn ?? null,
      rowsOut: result.rowsOut ?? null,
      rejected: result.rejected ?? null,
      durationMs: child.durationMs,
      output,
      message: child.status === 'SUCCEEDED' ? (result.message ?? '') : failureText(child),
    };
  });
}

/** A stage's status for people: the words of the CLI's language (the JSON keeps the values). */
export function outcomeWords(w: CliWords, status: string): string {
  return status in w.outcome ? w.outcome[status as keyof CliWords['outcome']] : status;
}

export function stageTable(w: CliWords, lines: StageLine[]): string {
  const h = w.head;
  return table(
    lines.map((l) => ({
      [h.stage]: l.stage,
      [h.status]: outcomeWords(w, l.status),
      [h.rows_in]: l.rowsIn,
      [h.rows_out]: l.rowsOut,
      [h.rejected]: l.rejected,
      [h.duration]: seconds(l.durationMs),
      [h.output]: l.output,
    })),
    undefined,
    200,
  );
}

/** The stage runs a pipeline run started, in the order they ran; `all` is the run history, read once. */
export function childRuns(all: readonly RunRecord[], run: RunRecord): RunRecord[] {
  return all.filter((r) => r.parent === run.name).sort((a, b) => a.startedAt.localeCompare(b.startedAt));
}
