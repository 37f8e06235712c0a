import { renderReportText } from '../../core/report';
import { loadReport } from '../../schemas/report';
import { LocalRuntime } from '../runtime/runtime';
import { CliError, type CommandContext, required } from './context';
import { parseLoadKey, reportFile, topPrefix } from '../../core/keys';
import { zone } from '../../core/names';

export async function report(ctx: CommandContext): Promise<number> {
  const load = required(ctx.args[0], 'the load id: polder report <load-id> (see polder runs)');
  const runtime = await LocalRuntime.open({ workspace: ctx.workspace, projectRoot: ctx.projectRoot });
  try {
    const { store, buckets } = runtime.ports;
    const keys = (await store.list(buckets.lake, topPrefix(zone.reports))).filter((k) => {
      const parsed = parseLoadKey(k);
      return parsed?.load === load && parsed.file === reportFile.json;
    });
    const key = keys[0];
    if (!key) throw new CliError(`no report for load "${load}": polder runs lists the loads`);
    const parsed = loadReport.parse(JSON.parse(new TextDecoder().decode(await store.get({ bucket: buckets.lake, key }))));
    ctx.out(ctx.options.json ? JSON.stringify(parsed, null, 2) : renderReportText(parsed));
    return 0;
  } finally {
    await runtime.close();
  }
}
