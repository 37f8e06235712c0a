/**
 * Which of `,` `;` tab `|` separates the columns. Each candidate parses the first records (quote-aware); the best
 * one finds the contract's headings, gives more than one column, and gives every row the header's field count.
 */
import { parseCsv } from '../csv';
import { fold } from './did-you-mean';

export const DELIMITERS = [',', ';', '\t', '|'] as const;

const SNIFF_RECORDS = 50;

export interface DelimiterScore {
  delimiter: string;
  /** Contract headings found in the first record. */
  matched: number;
  /** Fields in the first record. */
  fields: number;
  /** Share of later (non-blank, complete) records with the first record's field count; 1 when there are none. */
  consistent: number;
}

export function scoreDelimiter(text: string, delimiter: string, quote: string, expected: ReadonlySet<string>): DelimiterScore {
  const { records } = parseCsv(text, { delimiter, quote, maxRecords: SNIFF_RECORDS });
  const first = records[0]?.fields ?? [];
  const rest = records.slice(1).filter((r) => r.complete && !r.blank);
  const same = rest.filter((r) => r.fields.length === first.length).length;
  return {
    delimiter,
    matched: first.filter((f) => expected.has(fold(f))).length,
    fields: first.length,
    consistent: rest.length === 0 ? 1 : same / rest.length,
  };
}

/**
 * The delimiter of the text. `preferred` (the contract's) wins ties and is used for one-column files;
 * `expectedHeadings` are the contract's header texts (none for header-less files).
 */
export function sniffDelimiter(
  text: string,
  options: { preferred: string; quote?: string; expectedHeadings?: readonly string[] },
): { delimiter: string; scores: DelimiterScore[] } {
  const quote = options.quote ?? '"';
  const expected = new Set((options.expectedHeadings ?? []).map(fold));
  const candidates: string[] = [...DELIMITERS];
  if (!candidates.includes(options.preferred)) candidates.unshift(options.preferred);
  const scores = candidates.map((d) => scoreDelimiter(text, d, quote, expected));
  const rank = (s: DelimiterScore) => [
    s.matched,
    s.fields > 1 ? 1 : 0,
    // small differences in consistency are noise (a few bad rows); round to tenths
    Math.round(s.consistent * 10),
    s.delimiter === options.preferred ? 1 : 0,
    s.fields,
  ];
  const best = [...scores].sort((a, b) => {
    const ra = rank(a);
    const rb = rank(b);
    for (let i = 0; i < ra.length; i++) if (ra[i] !== rb[i]) return (rb[i] ?? 0) - (ra[i] ?? 0);
    return 0;
  })[0];
  const delimiter = best && best.fields > 1 ? best.delimiter : options.preferred;
  return { delimiter, scores };
}
