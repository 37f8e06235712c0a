import { LocalRuntime } from '../runtime/runtime';
import { table } from '../format';
import { CliError, type CommandContext, required } from './context';

/** RFC 4180 CSV of the values as the engine has them (quoted only when needed; no formula neutralising: this is data). */
function csvRow(values: readonly unknown[]): string {
  return values
    .map((v) => {
      const text = v === null || v === undefined ? '' : String(v);
      return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
    })
    .join(',');
}

export async function query(ctx: CommandContext): Promise<number> {
  const sql = required(ctx.args[0], 'the SQL: polder query "<sql>" --tenant T');
  const tenant = required(ctx.options.tenant, '--tenant');
  const runtime = await LocalRuntime.open({ workspace: ctx.workspace, projectRoot: ctx.projectRoot });
  try {
    const result = await runtime.query(sql, tenant);
    const format = ctx.options.json ? 'json' : (ctx.options.format ?? 'table');
    const names = result.columns.map((c) => c.name);
    if (format === 'json') ctx.out(JSON.stringify(result.rows, null, 2));
    else if (format === 'csv') ctx.out([csvRow(names), ...result.rows.map((r) => csvRow(names.map((c) => r[c])))].join('\n'));
    else if (format === 'table') {
      ctx.out(table(result.rows, names, Number.POSITIVE_INFINITY));
      ctx.out(`(${result.rows.length} row${result.rows.length === 1 ? '' : 's'})`);
    } else throw new CliError(`--format ${format}: use table, csv or json`);
    return 0;
  } finally {
    await runtime.close();
  }
}
