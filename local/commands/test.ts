import { testPacks } from '../models/pack-tests';
import type { CommandContext } from './context';

/** `polder test [--pack P]`: model graphs and unit tests of the packs in this checkout. */
export async function test(ctx: CommandContext): Promise<number> {
  const report = await testPacks(ctx.projectRoot, ctx.options.pack ? { pack: ctx.options.pack } : {});
  if (ctx.options.json) {
    ctx.out(JSON.stringify(report, null, 2));
    return report.passed ? 0 : 1;
  }
  for (const g of report.graphs) {
    if (g.problems.length) {
      ctx.out(`✗ ${g.scope}: het modelschema klopt niet`);
      for (const p of g.problems) ctx.out(`    ${p}`);
    } else {
      ctx.out(`✓ ${g.scope}: bouwvolgorde ${g.waves.map((w) => w.join(' + ')).join(' → ') || '(geen modellen)'}`);
    }
  }
  for (const t of report.unitTests) {
    ctx.out(`${t.passed ? '✓' : '✗'} ${t.path}: ${t.test}`);
    for (const p of t.problems) ctx.out(`    ${p}`);
  }
  const failed = report.unitTests.filter((t) => !t.passed).length;
  ctx.out(
    `\n${report.unitTests.length - failed} van ${report.unitTests.length} unittests geslaagd${
      report.graphs.some((g) => g.problems.length) ? '; het modelschema heeft fouten' : ''
    }.`,
  );
  return report.passed ? 0 : 1;
}
