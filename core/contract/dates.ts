/**
 * Dates without date_parse: Trino's date_parse uses MySQL specifiers and DuckDB's strptime needs a constant
 * format a macro cannot supply, so a contract format (strftime style, see schemas/contract.ts) becomes an anchored
 * regular expression whose groups are re-assembled into ISO text and then `try_cast` — identical on both engines.
 */

export interface DateFormatPlan {
  /** Anchored regex for the whole value. */
  regex: string;
  /** Group number (1-based) per field, when present; `b` is a month written as a name (%b or %B). */
  groups: Partial<Record<'Y' | 'm' | 'b' | 'd' | 'H' | 'M' | 'S' | 'f', number>>;
}

/**
 * Month names and abbreviations, Dutch and English, as written in exports (`mrt`, `Mrt2021`, `Sept`, `July`), by
 * month number. Every spelling of a month starts with its own three letters, so SQL maps a matched name by those.
 */
export const monthNames: readonly (readonly string[])[] = [
  ['januari', 'january', 'jan'],
  ['februari', 'february', 'feb'],
  ['maart', 'march', 'mrt', 'mar', 'maa'],
  ['april', 'apr'],
  ['mei', 'may'],
  ['juni', 'june', 'jun'],
  ['juli', 'july', 'jul'],
  ['augustus', 'august', 'aug'],
  ['september', 'sept', 'sep'],
  ['oktober', 'october', 'okt', 'oct'],
  ['november', 'nov'],
  ['december', 'dec'],
];

/** `[Mm][Rr][Tt]`: case-insensitive without flags, so the same regex works in JavaScript, RE2 (DuckDB) and Joni (Trino). */
function anyCase(word: string): string {
  return [...word].map((c) => `[${c.toUpperCase()}${c}]`).join('');
}

/** Longest spellings first, so `juni` is not matched as `jun` followed by an `i`. */
const monthRegex = `(${monthNames
  .flat()
  .sort((a, b) => b.length - a.length)
  .map(anyCase)
  .join('|')})\\.?`;

/** A month name's number (1-12) by its first three letters, or undefined. */
export function monthNumber(name: string): number | undefined {
  const key = name.toLowerCase().slice(0, 3);
  const i = monthNames.findIndex((spellings) => spellings.some((s) => s.slice(0, 3) === key));
  return i < 0 ? undefined : i + 1;
}

const fieldRegex: Record<string, string> = {
  Y: '([0-9]{4})',
  m: '([0-9]{1,2})',
  d: '([0-9]{1,2})',
  H: '([0-9]{1,2})',
  M: '([0-9]{2})',
  S: '([0-9]{2})',
  f: '([0-9]{1,9})',
  b: monthRegex,
  B: monthRegex,
};

function escapeRegex(ch: string): string {
  return /[\\^$.*+?()[\]{}|/-]/.test(ch) ? `\\${ch}` : ch;
}

export function planDateFormat(format: string): DateFormatPlan {
  let regex = '^';
  const groups: DateFormatPlan['groups'] = {};
  let n = 0;
  for (let i = 0; i < format.length; i++) {
    const ch = format[i] ?? '';
    if (ch !== '%') {
      regex += escapeRegex(ch);
      continue;
    }
    const spec = format[++i] ?? '';
    if (spec === '%') {
      regex += '%';
      continue;
    }
    const re = fieldRegex[spec];
    if (!re) throw new Error(`unsupported date format specifier %${spec} in "${format}"`);
    const key = (spec === 'B' ? 'b' : spec) as keyof DateFormatPlan['groups'];
    if (groups[key] || (key === 'b' && groups.m) || (key === 'm' && groups.b)) throw new Error(`the month appears twice in "${format}"`);
    groups[key] = ++n;
    regex += re;
  }
  return { regex: `${regex}$`, groups };
}

/**
 * When a value matching the plan's regex is already ISO text exactly when it has this length (formats
 * `%Y-%m-%d` and `%Y-%m-%d %H:%M:%S`: every field at full width), its length; otherwise undefined. Such a value
 * can be cast as it is, without re-assembling it from three to six `regexp_extract` calls (the costliest part of
 * a date check: ~1 s per five million values on DuckDB).
 */
export function isoLength(format: string): number | undefined {
  if (format === '%Y-%m-%d') return 10;
  if (format === '%Y-%m-%d %H:%M:%S') return 19;
  return undefined;
}

/** The two-digit month of a matched month name (NULL for none: then the cast fails and the value is reported). */
function monthSql(name: string, lit: (s: string) => string): string {
  const cases = monthNames.flatMap((spellings, i) => [...new Set(spellings.map((s) => s.slice(0, 3)))].map((key) => `when ${lit(key)} then ${lit(String(i + 1).padStart(2, '0'))}`));
  return `(case lower(substr(${name}, 1, 3)) ${cases.join(' ')} end)`;
}

/** ISO text `YYYY-MM-DD[ HH:MM:SS[.fff]]` from the groups of `value` (a SQL expression), for try_cast. */
export function isoTextSql(plan: DateFormatPlan, value: string, withTime: boolean, lit: (s: string) => string): string {
  const part = (key: keyof DateFormatPlan['groups'], pad: number, fallback: string): string => {
    const g = plan.groups[key];
    if (!g) return lit(fallback);
    const extracted = `regexp_extract(${value}, ${lit(plan.regex)}, ${g})`;
    return pad > 0 ? `lpad(${extracted}, ${pad}, '0')` : extracted;
  };
  const month = plan.groups.b ? monthSql(`regexp_extract(${value}, ${lit(plan.regex)}, ${plan.groups.b})`, lit) : part('m', 2, '01');
  const date = [part('Y', 0, '1970'), `'-'`, month, `'-'`, part('d', 2, '01')];
  if (!withTime) return date.join(' || ');
  const time = [`' '`, part('H', 2, '00'), `':'`, part('M', 2, '00'), `':'`, part('S', 2, '00')];
  const fraction = plan.groups.f ? [`'.'`, part('f', 0, '0')] : [];
  return [...date, ...time, ...fraction].join(' || ');
}
