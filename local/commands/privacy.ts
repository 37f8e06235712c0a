import { buildRegister, readRegisterInput, registerHtml, registerMarkdown, writeRegister } from '../../core/privacy/register';
import { LocalRuntime } from '../runtime/runtime';
import { CliError, type CommandContext, required, wordsOf } from './context';

/**
 * `polder privacy register --tenant T [--format md|html|json]`: the privacy register (AVG art. 30) from the tenant's
 * contracts and packs, printed and written to reports/<tenant>/privacy/.
 */
export async function privacy(ctx: CommandContext): Promise<number> {
  const w = wordsOf(ctx);
  if (ctx.args[0] !== 'register') throw new CliError(w.privacyUsage);
  const tenant = required(ctx, ctx.options.tenant, '--tenant');
  const format = ctx.options.json ? 'json' : (ctx.options.format ?? 'md');
  if (!['md', 'html', 'json'].includes(format)) throw new CliError(w.badFormat('--format', format, ['md', 'html', 'json']));
  const runtime = await LocalRuntime.open({ workspace: ctx.workspace, projectRoot: ctx.projectRoot });
  try {
    const register = buildRegister(await readRegisterInput(runtime.ports, tenant));
    await writeRegister(runtime.ports, register);
    ctx.out(format === 'json' ? JSON.stringify(register, null, 2) : format === 'html' ? registerHtml(register) : registerMarkdown(register));
    return 0;
  } finally {
    await runtime.close();
  }
}
