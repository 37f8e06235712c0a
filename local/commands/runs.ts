import { LocalRuntime } from '../runtime/runtime';
import { seconds, table } from '../format';
import type { CommandContext } from './context';
import { childRuns, stageLines } from './stages';
import { workflow } from '../../core/names';
import { checksSummary, readModelBuilds } from '../../core/report/model-run';

/** Tests passed and reconciliations that hold over the datamart and analyze run reports of a load; held-back tables named. */
async function modelChecks(runtime: LocalRuntime, tenant: string | undefined, loadId: string | undefined): Promise<string> {
  if (!tenant || !loadId) return '';
  const built = await readModelBuilds(runtime.ports.store, runtime.ports.buckets.lake, tenant, loadId);
  if (built.length === 0) return '';
  const c = checksSummary(built);
  const held = built.filter((b) => !b.published).map((b) => b.table);
  return `${c.passed}/${c.tests}, ${c.reconciled}/${c.reconciliations} reconciled${held.length ? `; held back ${held.join(', ')}` : ''}`;
}

/** What became of the load: its validate status, apart from whether the execution succeeded. */
function loadOutcome(run: { status: string; output?: unknown }): string {
  if (run.status !== 'SUCCEEDED') return '-';
  const output = (run.output ?? {}) as { status?: string; validate?: { status?: string } };
  return output.status === 'rejected' ? 'rejected' : (output.validate?.status ?? output.status ?? 'accepted');
}

export async function runs(ctx: CommandContext): Promise<number> {
  const runtime = await LocalRuntime.open({ workspace: ctx.workspace, projectRoot: ctx.projectRoot });
  try {
    const all = await runtime.listRuns();
    const pipelines = all.filter(
      (r) => r.workflow === workflow.pipeline && (!ctx.options.tenant || (r.input as { tenant?: string }).tenant === ctx.options.tenant),
    );
    const rows = [];
    for (const run of pipelines) {
      const input = run.input as { tenant?: string; dataset?: string; loadId?: string };
      const stages = stageLines(run, childRuns(all, run));
      rows.push({
        run: run.name,
        started: run.startedAt,
        tenant: input.tenant,
        dataset: input.dataset,
        load: input.loadId,
        // the execution ran to its end or not; the load itself was accepted or rejected
        execution: run.status,
        load_outcome: loadOutcome(run),
        // where a failed run stopped, and so where polder rerun resumes it
        ...(run.status === 'FAILED' && run.current ? { 'failed at': run.current.state } : {}),
        ...(run.redriveCount ? { reruns: run.redriveCount } : {}),
        ...Object.fromEntries(stages.map((s) => [s.stage, s.status])),
        // the models' data tests and reconciliations (the stages' run reports), e.g. "21/21, 6/6 reconciled"
        checks: await modelChecks(runtime, input.tenant, input.loadId),
        duration: seconds(run.durationMs),
      });
    }
    ctx.out(ctx.options.json ? JSON.stringify(rows, null, 2) : rows.length ? table(rows) : 'No runs yet: try npm start.');
    return 0;
  } finally {
    await runtime.close();
  }
}
