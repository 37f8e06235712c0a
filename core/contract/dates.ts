/**
 * Dates without date_parse: Trino's date_parse uses MySQL specifiers and DuckDB's strptime needs a constant
 * format a macro cannot supply, so a contract format (strftime style, see schemas/contract.ts) becomes an anchored
 * regular expression whose groups are re-assembled into ISO text and then `try_cast` — identical on both engines.
 */

export interface DateFormatPlan {
  /** Anchored regex for the whole value. */
  regex: string;
  /** Group number (1-based) per field, when present. */
  groups: Partial<Record<'Y' | 'm' | 'd' | 'H' | 'M' | 'S' | 'f', number>>;
}

const fieldRegex: Record<string, string> = {
  Y: '([0-9]{4})',
  m: '([0-9]{1,2})',
  d: '([0-9]{1,2})',
  H: '([0-9]{1,2})',
  M: '([0-9]{2})',
  S: '([0-9]{2})',
  f: '([0-9]{1,9})',
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
    if (groups[spec as keyof DateFormatPlan['groups']]) throw new Error(`%${spec} appears twice in "${format}"`);
    groups[spec as keyof DateFormatPlan['groups']] = ++n;
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

/** ISO text `YYYY-MM-DD[ HH:MM:SS[.fff]]` from the groups of `value` (a SQL expression), for try_cast. */
export function isoTextSql(plan: DateFormatPlan, value: string, withTime: boolean, lit: (s: string) => string): string {
  const part = (key: keyof DateFormatPlan['groups'], pad: number, fallback: string): string => {
    const g = plan.groups[key];
    if (!g) return lit(fallback);
    const extracted = `regexp_extract(${value}, ${lit(plan.regex)}, ${g})`;
    return pad > 0 ? `lpad(${extracted}, ${pad}, '0')` : extracted;
  };
  const date = [part('Y', 0, '1970'), `'-'`, part('m', 2, '01'), `'-'`, part('d', 2, '01')];
  if (!withTime) return date.join(' || ');
  const time = [`' '`, part('H', 2, '00'), `':'`, part('M', 2, '00'), `':'`, part('S', 2, '00')];
  const fraction = plan.groups.f ? [`'.'`, part('f', 0, '0')] : [];
  return [...date, ...time, ...fraction].join(' || ');
}
