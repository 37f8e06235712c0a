import { linkReportsPrefix } from '../../core/keys';
import type { LinkReport } from '../../core/link/report';
import { renderLinkReportText } from '../../core/report/link-report';
import { LocalRuntime } from '../runtime/runtime';
import { CliError, type CommandContext, required } from './context';

/** The latest match report of every link of a tenant (reports/<tenant>/links/<link>/run=<id>/report.json). */
export async function links(ctx: CommandContext): Promise<number> {
  const tenant = required(ctx.options.tenant, '--tenant: polder links --tenant T');
  const runtime = await LocalRuntime.open({ workspace: ctx.workspace, projectRoot: ctx.projectRoot });
  try {
    const { store, buckets } = runtime.ports;
    const prefix = linkReportsPrefix(tenant);
    const latest = new Map<string, string>();
    for (const key of await store.list(buckets.lake, prefix)) {
      const match = /^([^/]+)\/run=([^/]+)\/report\.json$/.exec(key.slice(prefix.length));
      if (!match) continue;
      const [, link = '', run = ''] = match;
      const seen = latest.get(link);
      // run ids start with their UTC time stamp, so the greatest is the latest
      if (!seen || run > seen) latest.set(link, run);
    }
    if (latest.size === 0) throw new CliError(`no link reports for tenant "${tenant}": links are built in the datamart stage once their datasets are loaded`);
    const reports: LinkReport[] = [];
    for (const [link, run] of [...latest].sort(([a], [b]) => a.localeCompare(b))) {
      const bytes = await store.get({ bucket: buckets.lake, key: `${prefix}${link}/run=${run}/report.json` });
      reports.push(JSON.parse(new TextDecoder().decode(bytes)) as LinkReport);
    }
    ctx.out(ctx.options.json ? JSON.stringify(reports, null, 2) : reports.map((r) => `${renderLinkReportText(r)}\n  (run ${r.runId})`).join('\n\n'));
    return reports.every((r) => r.passed) ? 0 : 1;
  } finally {
    await runtime.close();
  }
}
