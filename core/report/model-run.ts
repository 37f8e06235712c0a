import type { Language } from '../../schemas/language';
import { publishOutput, type PublishOutput } from '../../schemas/payloads';
import { runReportKey } from '../keys';
import { stage } from '../names';
import type { ObjectStore } from '../ports';

/** The words of a datamart/analyze stage about its models: counts in, counts out, tests, reconciliations. */

const words = {
  nl: {
    n: (v: number) => v.toLocaleString('nl-NL'),
    rows: 'rijen',
    from: 'uit',
    tests: 'tests',
    fails: 'faalt',
    heldBack: 'NIET gepubliceerd, de vorige versie blijft de huidige',
    built: (tables: string[]) => `Gebouwd: ${tables.join(', ')}.`,
    checksFailed: (tables: string[]) => `Controles mislukt voor ${tables.join(', ')}: niet gepubliceerd, de vorige versie blijft de huidige.`,
    nothingPublished: 'Niets gepubliceerd.',
    nothingToBuild: 'Niets te bouwen.',
    skipped: (notes: string[]) => ` Overgeslagen: ${notes.join('; ')}.`,
  },
  en: {
    n: (v: number) => v.toLocaleString('en-US'),
    rows: 'rows',
    from: 'from',
    tests: 'tests',
    fails: 'fails',
    heldBack: 'NOT published, the previous version stays current',
    built: (tables: string[]) => `Built ${tables.join(', ')}.`,
    checksFailed: (tables: string[]) => `Checks failed for ${tables.join(', ')}: not published, the previous version stays current.`,
    nothingPublished: 'Nothing published.',
    nothingToBuild: 'Nothing to build.',
    skipped: (notes: string[]) => ` Skipped: ${notes.join('; ')}.`,
  },
} satisfies Record<Language, unknown>;

/**
 * One line per model in the tenant's language, e.g. `mart_x: 3.000 rijen uit gullies 3.000, trees 2.088; tests 8/8;
 * every gully appears once: model 3.000, bron 3.000 — klopt` (a test's or reconciliation's message is the model's own).
 */
export function modelLines(built: readonly PublishOutput[], language: Language = 'nl'): string[] {
  const w = words[language];
  return built.map((b) => {
    const check = b.check;
    if (!check) return `${b.table}: ${w.n(b.rowsOut)} ${w.rows}`;
    const inputs = Object.entries(check.inputs).map(([t, c]) => `${t} ${w.n(c)}`).join(', ');
    const passedTests = check.tests.filter((t) => t.passed).length;
    const parts = [`${b.table}: ${w.n(check.rowsOut)} ${w.rows}${inputs ? ` ${w.from} ${inputs}` : ''}`, `${w.tests} ${passedTests}/${check.tests.length}`];
    for (const r of check.reconciliations) parts.push(r.message);
    const failed = check.tests.filter((t) => !t.passed).map((t) => t.message);
    if (failed.length) parts.push(`${w.fails}: ${failed.join('; ')}`);
    if (!b.published) parts.push(w.heldBack);
    return parts.join('; ');
  });
}

/** The first line of a stage's message: what it built (`table (rows)`), held back, or that there was nothing to do. */
export function stageHeadline(
  s: { published: readonly PublishOutput[]; heldBack: readonly PublishOutput[]; built: number; notes: readonly string[] },
  language: Language = 'nl',
): string {
  const w = words[language];
  const headline = s.heldBack.length
    ? w.checksFailed(s.heldBack.map((b) => b.table))
    : s.published.length
      ? w.built(s.published.map((b) => `${b.table} (${w.n(b.rowsOut)} ${w.rows})`))
      : s.built
        ? w.nothingPublished
        : w.nothingToBuild;
  return `${headline}${s.notes.length ? w.skipped([...s.notes]) : ''}`;
}

export function checksSummary(built: readonly PublishOutput[]): { tests: number; passed: number; reconciliations: number; reconciled: number } {
  let tests = 0;
  let passed = 0;
  let reconciliations = 0;
  let reconciled = 0;
  for (const b of built) {
    tests += b.check?.tests.length ?? 0;
    passed += b.check?.tests.filter((t) => t.passed).length ?? 0;
    reconciliations += b.check?.reconciliations.length ?? 0;
    reconciled += b.check?.reconciliations.filter((t) => t.passed).length ?? 0;
  }
  return { tests, passed, reconciliations, reconciled };
}

/** What the datamart and analyze stages of one load built, from their run reports (empty when neither ran). */
export async function readModelBuilds(store: ObjectStore, lake: string, tenant: string, loadId: string): Promise<PublishOutput[]> {
  const built: PublishOutput[] = [];
  for (const s of [stage.datamart, stage.analyze]) {
    const ref = { bucket: lake, key: runReportKey(tenant, loadId, s) };
    if (!(await store.exists(ref))) continue;
    const report = JSON.parse(new TextDecoder().decode(await store.get(ref))) as { models?: unknown[] };
    built.push(...(report.models ?? []).map((m) => publishOutput.parse(m)));
  }
  return built;
}
