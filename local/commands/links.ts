import { linkReportsPrefix, parseLinkReportKey } from '../../core/keys';
import type { LinkReport } from '../../core/link/report';
import { renderLinkReportText } from '../../core/report/link-report';
import { LocalRuntime } from '../runtime/runtime';
import { CliError, type CommandContext, required, wordsOf } from './context';

/** The latest match report of every link of a tenant (reports/<tenant>/links/<link>/run=<id>/report.json). */
export async function links(ctx: CommandContext): Promise<number> {
  const w = wordsOf(ctx);
  const tenant = required(ctx, ctx.options.tenant, '--tenant: polder links --tenant T');
  const runtime = await LocalRuntime.open({ workspace: ctx.workspace, projectRoot: ctx.projectRoot });
  try {
    const { store, buckets } = runtime.ports;
    // the latest report per link, by when it was made
    const latest = new Map<string, LinkReport>();
    for (const key of await store.list(buckets.lake, linkReportsPrefix(tenant))) {
      if (!parseLinkReportKey(tenant, key)) continue;
      const report = JSON.parse(new TextDecoder().decode(await store.get({ bucket: buckets.lake, key }))) as LinkReport;
      const seen = latest.get(report.link);
      if (!seen || (report.createdAt ?? '') > (seen.createdAt ?? '')) latest.set(report.link, report);
    }
    if (latest.size === 0) throw new CliError(w.noLinkReports(tenant));
    const reports = [...latest.values()].sort((a, b) => a.link.localeCompare(b.link));
    ctx.out(ctx.options.json ? JSON.stringify(reports, null, 2) : reports.map((r) => `${renderLinkReportText(r, ctx.language)}\n  ${w.runOf(r.runId)}`).join('\n\n'));
    return reports.every((r) => r.passed) ? 0 : 1;
  } finally {
    await runtime.close();
  }
}
