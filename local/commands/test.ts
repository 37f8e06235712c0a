import { testPacks } from '../models/pack-tests';
import { type CommandContext, wordsOf } from './context';

/** `polder test [--pack P]`: model graphs and unit tests of the packs in this checkout. */
export async function test(ctx: CommandContext): Promise<number> {
  const w = wordsOf(ctx);
  const report = await testPacks(ctx.projectRoot, ctx.options.pack ? { pack: ctx.options.pack } : {});
  if (ctx.options.json) {
    ctx.out(JSON.stringify(report, null, 2));
    return report.passed ? 0 : 1;
  }
  for (const g of report.graphs) {
    if (g.problems.length) {
      ctx.out(w.graphWrong(g.scope));
      for (const p of g.problems) ctx.out(`    ${p}`);
    } else {
      ctx.out(w.buildOrder(g.scope, g.waves.map((wave) => wave.join(' + ')).join(' → ') || w.noModels));
    }
  }
  for (const t of report.unitTests) {
    ctx.out(`${t.passed ? '✓' : '✗'} ${t.path}: ${t.test}`);
    for (const p of t.problems) ctx.out(`    ${p}`);
  }
  const failed = report.unitTests.filter((t) => !t.passed).length;
  ctx.out(w.unitTests(report.unitTests.length - failed, report.unitTests.length, report.graphs.some((g) => g.problems.length > 0)));
  return report.passed ? 0 : 1;
}
