/**
 * Column types from sample values, using the same text forms the contract compiler accepts
 * (see core/contract/types.ts): integers may be written `1925.0000000000`, booleans are true/false, ja/nee, j/n.
 */
import type { ColumnType } from '../../schemas/contract';
import { monthNumber, planDateFormat } from '../contract/dates';

export type DecimalSeparator = '.' | ',';

export const DATE_FORMATS = ['%Y-%m-%d', '%d-%m-%Y', '%d/%m/%Y', '%Y/%m/%d', '%d.%m.%Y', '%Y-%m', '%b%Y', '%b %Y', '%d %b %Y', '%d-%b-%Y'];
export const TIMESTAMP_FORMATS = [
  '%Y-%m-%d %H:%M:%S',
  '%Y-%m-%dT%H:%M:%S',
  '%Y-%m-%d %H:%M:%S.%f',
  '%Y-%m-%dT%H:%M:%S.%f',
  '%Y-%m-%dT%H:%M:%SZ',
  '%Y-%m-%dT%H:%M:%S.%fZ',
  '%Y-%m-%d %H:%M',
  '%d-%m-%Y %H:%M:%S',
  '%d-%m-%Y %H:%M',
  '%d/%m/%Y %H:%M:%S',
  '%d/%m/%Y %H:%M',
];

export interface TypeGuess {
  type: ColumnType;
  /** decimal: digits after the separator. */
  scale?: number;
  /** date/timestamp: the strftime format. */
  format?: string;
  /** integer: smallest and largest value; numbers: range. */
  min?: number;
  max?: number;
  /** Why, for a YAML comment. */
  note?: string;
}

export function integerRe(sep: DecimalSeparator): RegExp {
  return sep === ',' ? /^[+-]?\d+(,0*)?$/ : /^[+-]?\d+(\.0*)?$/;
}

export function numberRe(sep: DecimalSeparator): RegExp {
  return sep === ','
    ? /^[+-]?(?=[\d,])(\d{1,3}(\.\d{3})+|\d+)?(,\d+)?([eE][+-]?\d+)?$/
    : /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
}

export function toNumber(text: string, sep: DecimalSeparator): number {
  return Number(sep === ',' ? text.replace(/\./g, '').replace(',', '.') : text);
}

function fractionDigits(text: string, sep: DecimalSeparator): number {
  const m = text.replace(/[eE].*$/, '').split(sep)[1];
  return m === undefined ? 0 : m.length;
}

/** Does every value fit the date/timestamp format (with real months, days, hours)? */
export function fitsFormat(values: readonly string[], format: string): boolean {
  const plan = planDateFormat(format);
  const re = new RegExp(plan.regex);
  const g = plan.groups;
  return values.every((v) => {
    const m = re.exec(v);
    if (!m) return false;
    const get = (k: keyof typeof g) => (g[k] ? Number(m[g[k] as number]) : undefined);
    const month = g.b ? monthNumber(m[g.b] ?? '') : get('m');
    const day = get('d');
    const hour = get('H');
    const minute = get('M');
    const second = get('S');
    return (
      (month === undefined || (month >= 1 && month <= 12)) &&
      (day === undefined || (day >= 1 && day <= 31)) &&
      (hour === undefined || hour <= 23) &&
      (minute === undefined || minute <= 59) &&
      (second === undefined || second <= 59)
    );
  });
}

const xName = /^(x|rd_?x|x_?rd|x_?coord\w*|coord\w*_x|xcoord\w*)$/;
const yName = /^(y|rd_?y|y_?rd|y_?coord\w*|coord\w*_y|ycoord\w*)$/;
const latName = /(^|_)(lat|latitude|breedtegraad)($|_)|^lat/;
const lonName = /(^|_)(lon|lng|long|longitude|lengtegraad)($|_)/;
const yearName = /jaar|year|^yr$/;

const inRange = (ns: number[], min: number, max: number) => ns.every((n) => n >= min && n <= max);
/** Math.min/max without spreading (a sample has too many values for the argument list). */
const least = (ns: number[]) => ns.reduce((a, b) => (b < a ? b : a), Number.POSITIVE_INFINITY);
const most = (ns: number[]) => ns.reduce((a, b) => (b > a ? b : a), Number.NEGATIVE_INFINITY);

export interface ColumnSample {
  name: string;
  /** Non-null values, trimmed. */
  values: string[];
}

/**
 * The type of one column. `pairs` tells whether the file also has a column in the RD y (or latitude) range,
 * which makes an unnamed x (or longitude) column believable.
 */
export function guessType(
  col: ColumnSample,
  sep: DecimalSeparator,
  pairs: { rdY: boolean; rdX: boolean; lat: boolean; lon: boolean },
  currentYear: number,
): TypeGuess {
  const v = col.values;
  if (v.length === 0) return { type: 'string', note: 'always empty in the sample' };
  const all = (re: RegExp) => v.every((x) => re.test(x));
  const lower = v.map((x) => x.toLowerCase());
  if (lower.every((x) => ['true', 'false', 'ja', 'nee', 'j', 'n', '1', '0'].includes(x)) && lower.some((x) => !/^[01]$/.test(x))) {
    return { type: 'boolean' };
  }
  if (all(/^GM\d{4}$/i)) return { type: 'cbs_gemeente' };
  if (all(/^WK\d{6}$/i)) return { type: 'cbs_wijk' };
  if (all(/^BU\d{8}$/i)) return { type: 'cbs_buurt' };
  if (all(/^[1-9]\d{3} ?[A-Za-z]{2}$/)) return { type: 'postcode' };
  if (all(/^\d{16}$/)) return { type: 'bag_id' };

  // leading zeros are codes (0012, 0800): numbers would lose them
  const leadingZero = v.some((x) => /^[+-]?0\d/.test(x));
  if (all(integerRe(sep)) && !leadingZero) {
    const ns = v.map((x) => toNumber(x, sep));
    const min = least(ns);
    const max = most(ns);
    const geo = coordinate(col.name, ns, pairs, false);
    if (geo) return { ...geo, min, max };
    const yearLike = inRange(ns, 1000, 2100) && (yearName.test(col.name) || (inRange(ns, 1800, currentYear + 5) && new Set(ns).size > 1));
    return { type: 'integer', min, max, note: yearLike ? 'year' : undefined };
  }
  if (all(numberRe(sep)) && !leadingZero) {
    const ns = v.map((x) => toNumber(x, sep));
    const digits = most(v.map((x) => fractionDigits(x, sep)));
    const geo = coordinate(col.name, ns, pairs, digits >= 4);
    const min = least(ns);
    const max = most(ns);
    if (geo) return { ...geo, min, max };
    if (v.some((x) => /[eE]/.test(x)) || digits > 6) return { type: 'double', min, max };
    return { type: 'decimal', scale: Math.max(1, digits), min, max };
  }
  for (const format of TIMESTAMP_FORMATS) if (fitsFormat(v, format)) return { type: 'timestamp', format };
  for (const format of DATE_FORMATS) if (fitsFormat(v, format)) return { type: 'date', format };
  return { type: 'string' };
}

function coordinate(
  name: string,
  ns: number[],
  pairs: { rdY: boolean; rdX: boolean; lat: boolean; lon: boolean },
  precise: boolean,
): TypeGuess | undefined {
  if (inRange(ns, 0, 300000) && (xName.test(name) || (pairs.rdY && /(^|_)x($|_)/.test(name)))) return { type: 'rd_x' };
  if (inRange(ns, 300000, 625000) && (yName.test(name) || (pairs.rdX && /(^|_)y($|_)/.test(name)))) return { type: 'rd_y' };
  if (inRange(ns, 50.7, 53.6) && (latName.test(name) || (precise && pairs.lon))) return { type: 'latitude' };
  if (inRange(ns, 3.3, 7.3) && (lonName.test(name) || (precise && pairs.lat))) return { type: 'longitude' };
  return undefined;
}

/** Plain range tests for the pairing of coordinate columns. */
export function rangeFlags(values: readonly string[], sep: DecimalSeparator) {
  const ok = values.length > 0 && values.every((x) => numberRe(sep).test(x));
  const ns = ok ? values.map((x) => toNumber(x, sep)) : [];
  return {
    rdX: ok && inRange(ns, 7000, 300000),
    rdY: ok && inRange(ns, 289000, 625000),
    lat: ok && inRange(ns, 50.7, 53.6),
    lon: ok && inRange(ns, 3.3, 7.3),
  };
}
