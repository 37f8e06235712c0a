import { tenantAwsPorts } from '../adapters/aws/ports';
import { runReportKey } from '../core/keys';
import { loadTables, tenantDatabase } from '../core/tables';
import { stage } from '../core/names';
import { modelLines, stageHeadline } from '../core/report/model-run';
import { readTenant } from '../core/config';
import { type StageOutput, summarizeInput } from '../schemas/payloads';
import { defineFunction, edge } from './lib/edge';

/**
 * The stage's answer: what was built, rows in and out; for models also their counts, tests and reconciliations,
 * written as the stage's run report. A model held back by its checks makes the stage fail (after this report).
 * Integrate is the last stage that reads the load's own tables (core/tables.ts): they are dropped here, so the catalog
 * keeps only published tables; the load's folders stay.
 */
export const summarize = defineFunction(summarizeInput, async (input, ports): Promise<StageOutput> => {
  if (input.stage === stage.integrate && input.dataset && input.loadId) {
    const database = tenantDatabase(input.tenant);
    for (const table of loadTables(input.dataset, input.loadId)) await ports.catalog.deleteTable(database, table);
  }
  const built = input.done;
  const published = built.filter((b) => b.published);
  // a load's build not published because a newer load was (replace) says so in its note; it is not held back
  const heldBack = built.filter((b) => !b.published && !b.note);
  const rowsIn = built.reduce((s, b) => s + b.rowsIn, 0);
  const rowsOut = published.reduce((s, b) => s + b.rowsOut, 0);
  const notes = [...built.flatMap((b) => (b.note ? [b.note] : [])), ...input.skipped];
  // said in the tenant's language, as the load's report is
  const { language } = await readTenant(ports.store, ports.buckets.lake, input.tenant);
  const lines = input.stage === stage.integrate ? [] : modelLines(built, language);
  const headline = stageHeadline({ published, heldBack, built: built.length, notes }, language);
  const output: StageOutput = {
    stage: input.stage,
    tenant: input.tenant,
    status: heldBack.length ? 'failed' : published.length ? 'succeeded' : 'skipped',
    rowsIn,
    rowsOut,
    rejected: input.stage === stage.integrate ? (input.validate?.rejected ?? 0) : 0,
    outputs: published.map((b) => b.location),
    message: [headline, ...lines.map((l) => `  ${l}`)].join('\n'),
  };
  if (input.stage === stage.integrate) return output;
  const key = runReportKey(input.tenant, input.runId, input.stage);
  const report = { ...output, runId: input.runId, waves: input.waves, skipped: input.skipped, models: built };
  await ports.store.put({ bucket: ports.buckets.lake, key }, JSON.stringify(report, null, 2), 'application/json');
  return { ...output, models: built, runReport: key };
});

export const handler = edge(summarize, (input) => tenantAwsPorts(input));
