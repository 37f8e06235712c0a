import { LocalRuntime } from '../runtime/runtime';
import { table } from '../format';
import { type CommandContext, required } from './context';

export async function query(ctx: CommandContext): Promise<number> {
  const sql = required(ctx.args[0], 'the SQL: polder query "<sql>" --tenant T');
  const tenant = required(ctx.options.tenant, '--tenant');
  const runtime = await LocalRuntime.open({ workspace: ctx.workspace, projectRoot: ctx.projectRoot });
  try {
    const result = await runtime.query(sql, tenant);
    if (ctx.options.json) ctx.out(JSON.stringify(result.rows, null, 2));
    else {
      ctx.out(table(result.rows, result.columns.map((c) => c.name)));
      ctx.out(`(${result.rows.length} row${result.rows.length === 1 ? '' : 's'})`);
    }
    return 0;
  } finally {
    await runtime.close();
  }
}
