import { LocalRuntime } from '../runtime/runtime';
import { table } from '../format';
import { CliError, type CommandContext, required, wordsOf } from './context';

/** RFC 4180 CSV of the values as the engine has them (quoted only when needed; no formula neutralising: this is data). */
function csvRow(values: readonly unknown[]): string {
  return values
    .map((v) => {
      const text = v === null || v === undefined ? '' : String(v);
      return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
    })
    .join(',');
}

const formats = ['table', 'csv', 'json'];

export async function query(ctx: CommandContext): Promise<number> {
  const w = wordsOf(ctx);
  const sql = required(ctx, ctx.args[0], w.arg.sql);
  const tenant = required(ctx, ctx.options.tenant, '--tenant');
  const format = ctx.options.json ? 'json' : (ctx.options.format ?? 'table');
  if (!formats.includes(format)) throw new CliError(w.badFormat('--format', format, formats));
  const runtime = await LocalRuntime.open({ workspace: ctx.workspace, projectRoot: ctx.projectRoot });
  try {
    const result = await runtime.query(sql, tenant, ctx.language);
    const names = result.columns.map((c) => c.name);
    if (format === 'json') ctx.out(JSON.stringify(result.rows, null, 2));
    else if (format === 'csv') ctx.out([csvRow(names), ...result.rows.map((r) => csvRow(names.map((c) => r[c])))].join('\n'));
    else {
      ctx.out(table(result.rows, names, Number.POSITIVE_INFINITY));
      ctx.out(w.rowCount(result.rows.length));
    }
    return 0;
  } finally {
    await runtime.close();
  }
}
