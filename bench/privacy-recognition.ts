/**
 * Privacy recognition: `contract infer` on the labelled corpus (test/unit/core/privacy/privacy-corpus), printing
 * precision and recall of "is personal data", the recall of direct identifiers, and every miss.
 * Run: npx tsx bench/privacy-recognition.ts
 */
import { judgeCorpus, score } from '../test/support/privacy-corpus';

const started = performance.now();
const judged = judgeCorpus();
const s = score(judged);
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const row = (j: { file: string; heading: string; kind: string; label: string; flagged: string; privacy: string }) =>
  `  ${j.file} ${j.heading} (${j.kind}): labelled ${j.label}, inferred ${j.flagged}/${j.privacy}`;
console.log(`privacy recognition on ${s.columns} columns in ${new Set(judged.map((j) => j.file)).size} files (${(performance.now() - started).toFixed(0)} ms)`);
console.log(`precision            ${pct(s.precision)}`);
console.log(`recall               ${pct(s.recall)}`);
console.log(`direct identifiers   ${pct(s.directRecall)} flagged direct and not kept (target 100%)`);
console.log(`places as persons    ${s.placesFlagged.length} (target 0)`);
for (const [title, list] of [['missed direct identifiers', s.missedDirect], ['false positives', s.falsePositives], ['false negatives', s.falseNegatives]] as const) {
  if (list.length > 0) console.log(`${title}:\n${list.map(row).join('\n')}`);
}
