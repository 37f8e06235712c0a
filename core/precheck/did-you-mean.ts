/** Near misses between file headings and contract headings, for "did you mean" advice. */

export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}

/** Case, padding, accents, spaces and punctuation removed: `Plant-jaar ` and `plantjaar` meet. */
export function looseKey(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
}

/** Trimmed and lowercased: the differences a header may have and still be accepted (with a warning). */
export function fold(text: string): string {
  return text.trim().toLowerCase();
}

/** Edits allowed for a near miss: 2, fewer for short names (`X` is not a typo of `Y`). */
export function maxDistance(a: string, b: string): number {
  return Math.min(2, Math.floor(Math.max(a.length, b.length) / 4));
}

/** 0 for a loose match, the edit distance for a near miss, undefined when the two are not close. */
export function closeness(a: string, b: string): number | undefined {
  const ka = looseKey(a);
  const kb = looseKey(b);
  if (ka !== '' && ka === kb) return 0;
  const d = levenshtein(fold(a), fold(b));
  return d <= maxDistance(fold(a), fold(b)) ? d : undefined;
}

export interface Suggestion {
  /** Index into the candidates. */
  index: number;
  text: string;
  distance: number;
}

/** The closest candidate to `target`, when one is close enough. */
export function didYouMean(target: string, candidates: readonly string[]): Suggestion | undefined {
  let best: Suggestion | undefined;
  candidates.forEach((text, index) => {
    const distance = closeness(target, text);
    if (distance !== undefined && (best === undefined || distance < best.distance)) best = { index, text, distance };
  });
  return best;
}
