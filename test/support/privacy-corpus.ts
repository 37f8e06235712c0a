import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { inferContract } from '../../core/infer';
import { privacyOf } from '../../core/contract/privacy';

/** The labelled corpus of column samples (test/unit/core/privacy/privacy-corpus): CSV files and their labels. */
export const corpusDir = new URL('../unit/core/privacy/privacy-corpus/', import.meta.url);

export type Label = 'direct' | 'indirect' | 'special' | 'none';
export interface Judged {
  file: string;
  heading: string;
  kind: string;
  label: Label;
  flagged: Label;
  privacy: string;
}

/** contract infer on every corpus file; per column the label and what infer made of it. */
export function judgeCorpus(dir: URL = corpusDir): Judged[] {
  const labels = parseYaml(readFileSync(new URL('labels.yaml', dir), 'utf8')) as Record<string, Record<string, { label: Label; kind: string }>>;
  const out: Judged[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.csv')).sort()) {
    const wanted = labels[file];
    if (!wanted) throw new Error(`${file} has no labels in labels.yaml`);
    const { contract } = inferContract({ sample: readFileSync(join(dir.pathname, file)), fileName: file, dataset: 'corpus' });
    for (const col of contract.columns) {
      const heading = col.source ?? col.name;
      const truth = wanted[heading];
      if (!truth) throw new Error(`${file}: column ${heading} has no label`);
      out.push({ file, heading, kind: truth.kind, label: truth.label, flagged: col.personal_data, privacy: privacyOf(col) });
    }
  }
  return out;
}

export interface Scores {
  columns: number;
  precision: number;
  recall: number;
  /** Direct identifiers flagged as direct and not kept readable. */
  directRecall: number;
  missedDirect: Judged[];
  /** Place or organisation names (or titles) flagged as personal data. */
  placesFlagged: Judged[];
  falsePositives: Judged[];
  falseNegatives: Judged[];
}

const placeKinds = new Set(['place', 'organisation', 'listing_title']);

export function score(judged: readonly Judged[]): Scores {
  const positive = (l: Label) => l !== 'none';
  const tp = judged.filter((j) => positive(j.label) && positive(j.flagged));
  const falsePositives = judged.filter((j) => !positive(j.label) && positive(j.flagged));
  const falseNegatives = judged.filter((j) => positive(j.label) && !positive(j.flagged));
  const direct = judged.filter((j) => j.label === 'direct');
  const missedDirect = direct.filter((j) => j.flagged !== 'direct' || j.privacy === 'keep');
  return {
    columns: judged.length,
    precision: tp.length / Math.max(1, tp.length + falsePositives.length),
    recall: tp.length / Math.max(1, tp.length + falseNegatives.length),
    directRecall: (direct.length - missedDirect.length) / Math.max(1, direct.length),
    missedDirect,
    placesFlagged: judged.filter((j) => placeKinds.has(j.kind) && positive(j.flagged)),
    falsePositives,
    falseNegatives,
  };
}
