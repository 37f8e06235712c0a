import { renderReportText } from '../../core/report';
import { loadReport } from '../../schemas/report';
import { LocalRuntime } from '../runtime/runtime';
import { CliError, type CommandContext, required, wordsOf } from './context';
import { parseLoadKey, reportFile, topPrefix } from '../../core/keys';
import { zone } from '../../core/names';

/** The stored report of a load; its findings are in the load's language, the rest in --lang (default: the report's). */
export async function report(ctx: CommandContext): Promise<number> {
  const w = wordsOf(ctx);
  const load = required(ctx, ctx.args[0], w.arg.loadId);
  const runtime = await LocalRuntime.open({ workspace: ctx.workspace, projectRoot: ctx.projectRoot });
  try {
    const { store, buckets } = runtime.ports;
    const keys = (await store.list(buckets.lake, topPrefix(zone.reports))).filter((k) => {
      const parsed = parseLoadKey(k);
      return parsed?.load === load && parsed.file === reportFile.json;
    });
    const key = keys[0];
    if (!key) throw new CliError(w.noReport(load));
    const parsed = loadReport.parse(JSON.parse(new TextDecoder().decode(await store.get({ bucket: buckets.lake, key }))));
    ctx.out(ctx.options.json ? JSON.stringify(parsed, null, 2) : renderReportText(parsed, { language: ctx.language }));
    return 0;
  } finally {
    await runtime.close();
  }
}
