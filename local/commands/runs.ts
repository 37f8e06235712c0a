import { LocalRuntime } from '../runtime/runtime';
import { type Cell, seconds, table } from '../format';
import { type CommandContext, wordsOf } from './context';
import { childRuns, outcomeWords, stageLines } from './stages';
import { workflow } from '../../core/names';
import { checksSummary, readModelBuilds } from '../../core/report/model-run';
import { amsterdamTime } from '../../core/report/words';
import { cliWords, type CliWords } from '../words';

type Checks = Parameters<CliWords['checks']>[0];

/** Tests passed and reconciliations that hold over the datamart and analyze run reports of a load; held-back tables named. */
async function modelChecks(runtime: LocalRuntime, tenant: string | undefined, loadId: string | undefined): Promise<Checks | undefined> {
  if (!tenant || !loadId) return undefined;
  const built = await readModelBuilds(runtime.ports.store, runtime.ports.buckets.lake, tenant, loadId);
  if (built.length === 0) return undefined;
  return { ...checksSummary(built), held: built.filter((b) => !b.published).map((b) => b.table) };
}

/** What became of the load: its validate status, apart from whether the execution succeeded. */
function loadOutcome(run: { status: string; output?: unknown }): string {
  if (run.status !== 'SUCCEEDED') return '-';
  const output = (run.output ?? {}) as { status?: string; validate?: { status?: string } };
  return output.status === 'rejected' ? 'rejected' : (output.validate?.status ?? output.status ?? 'accepted');
}

export async function runs(ctx: CommandContext): Promise<number> {
  const w = wordsOf(ctx);
  const runtime = await LocalRuntime.open({ workspace: ctx.workspace, projectRoot: ctx.projectRoot });
  try {
    const all = await runtime.listRuns();
    const pipelines = all.filter(
      (r) => r.workflow === workflow.pipeline && (!ctx.options.tenant || (r.input as { tenant?: string }).tenant === ctx.options.tenant),
    );
    // the JSON's keys and values are the same in every language (scripts read them); the table is in --lang
    const rows: Record<string, Cell>[] = [];
    const shown: Record<string, Cell>[] = [];
    const h = w.head;
    for (const run of pipelines) {
      const input = run.input as { tenant?: string; dataset?: string; loadId?: string };
      const stages = stageLines(run, childRuns(all, run));
      const checks = await modelChecks(runtime, input.tenant, input.loadId);
      const outcome = loadOutcome(run);
      const common = { tenant: input.tenant, dataset: input.dataset };
      rows.push({
        run: run.name,
        started: run.startedAt,
        ...common,
        load: input.loadId,
        // the execution ran to its end or not; the load itself was accepted or rejected
        execution: run.status,
        load_outcome: outcome,
        // where a failed run stopped, and so where polder rerun resumes it
        ...(run.status === 'FAILED' && run.current ? { 'failed at': run.current.state } : {}),
        ...(run.redriveCount ? { reruns: run.redriveCount } : {}),
        ...Object.fromEntries(stages.map((s) => [s.stage, s.status])),
        // the models' data tests and reconciliations (the stages' run reports), e.g. "21/21, 6/6 reconciled"
        checks: checks ? cliWords.en.checks(checks) : '',
        duration: seconds(run.durationMs),
      });
      shown.push({
        [h.run]: run.name,
        // as a Dutch clock shows it; the JSON keeps the UTC time
        [h.started]: amsterdamTime(run.startedAt),
        ...common,
        [h.load]: input.loadId,
        [h.execution]: run.status,
        [h.load_outcome]: outcomeWords(w, outcome),
        ...(run.status === 'FAILED' && run.current ? { [h.failed_at]: run.current.state } : {}),
        ...(run.redriveCount ? { [h.reruns]: run.redriveCount } : {}),
        ...Object.fromEntries(stages.map((s) => [s.stage, outcomeWords(w, s.status)])),
        [h.checks]: checks ? w.checks(checks) : '',
        [h.duration]: seconds(run.durationMs),
      });
    }
    ctx.out(ctx.options.json ? JSON.stringify(rows, null, 2) : shown.length ? table(shown) : w.noRuns);
    return 0;
  } finally {
    await runtime.close();
  }
}
