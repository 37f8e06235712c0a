import type { Column, ColumnType, FileDialect } from '../../schemas/contract';
import type { Language } from '../../schemas/language';
import { numberLiteral, quoteString } from '../sql/quote';
import { isoLength, isoTextSql, planDateFormat } from './dates';
import { personalTypePlan } from './personal-types';

/**
 * Per column type: the Trino type of the curated column and the SQL that turns the cleaned text (trimmed,
 * null markers already NULL) into it. Every conversion is guarded by a regular expression before the cast:
 * DuckDB's casts are lenient (`'1925.5'` → 1926, `' 12 '` → 12, `'0x10'` → 16) and Trino's are strict, so the
 * guard is what makes both engines accept exactly the same text. A NULL result for non-NULL text = type violation.
 *
 * The guards are the costliest part of a validation pass (on DuckDB a regex costs two to four times a cast), so
 * integer, decimal, rd_x and rd_y put a regex-free fast path in front of them: a cast round trip,
 * `cast(try_cast(t as T) as varchar) = t`, which holds only for text written exactly as the engine writes a T
 * (`12`, `772.65` at scale 2, `185146`; not `+5`, `007`, `1690.4`, `1e3`). Each fast path is exact: every text that
 * passes it also matches the type's guard and gets the value the guarded expression gives it (mostly the very same
 * expression); every other text, and NULL, takes the guarded expression unchanged. So the result is the same as
 * without the fast path, for every input, on both engines — the fast path only decides how cheaply it is reached.
 * test/contract-types.test.ts checks this against the guarded expressions (`fastPaths: false`) on DuckDB.
 */

export interface TypePlan {
  sqlType: string;
  /** SQL expression of the typed value, given the cleaned text expression. */
  convert: (text: string) => string;
  /** Plain words for the check's message, after the value: `"x" is geen geheel getal` / `"x" is not a whole number`. */
  expected: Record<Language, string>;
}

export interface TypePlanOptions {
  /** The cast round trips in front of the regex guards (default true); false gives the guarded expressions alone. */
  fastPaths?: boolean;
}

const intRe = '^[+-]?[0-9]+$';

export function decimalScale(col: Column): number {
  return col.scale ?? 2;
}

/**
 * True exactly when `t` is a bigint as both engines write one: `0`, or an optional `-` and digits without leading
 * zeros, at most 19 of them (bigint→varchar is the plain decimal form on both, and only in-range text casts). Such
 * text matches `^[+-]?[0-9]+$`, and also both number guards of numberText, and has no `.` or `,` to normalise.
 * `+5`, `007`, `-0`, ` 1`, `1.0`, `1e3`, `0x10`, `1_000` (which DuckDB's lenient cast accepts) do not write back.
 */
function canonicalInteger(t: string): string {
  return `cast(try_cast(${t} as bigint) as varchar) = ${t}`;
}

export function sqlTypeOf(col: Column, dialect: FileDialect): string {
  return typePlan(col, dialect).sqlType;
}

/** Regex + normalisation of decimal text for the file's decimal separator. */
function numberText(dialect: FileDialect, allowExponent: boolean): { guard: string; normalise: (t: string) => string } {
  const exp = allowExponent ? '([eE][+-]?[0-9]+)?' : '';
  if (dialect.decimal_separator === ',') {
    // 1234,5 or 1.234,5 (dots only as thousands groups); normalised to 1234.5
    return {
      guard: `^[+-]?([0-9]{1,3}([.][0-9]{3})+|[0-9]+)?(,[0-9]+)?${exp}$`,
      normalise: (t) => `replace(replace(${t}, '.', ''), ',', '.')`,
    };
  }
  return { guard: `^[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)${exp}$`, normalise: (t) => t };
}

function guarded(text: string, regex: string, then: string): string {
  return `case when regexp_like(${text}, ${quoteString(regex)}) then ${then} end`;
}

/**
 * A double between min and max. With `integerFastPath` and whole-number bounds (the RD ones), whole numbers skip the
 * regex. double→varchar differs per engine (Trino writes `1.84249E5`, DuckDB `184249.0`; and `NaN`, `Infinity`,
 * `inf`, which the guard rejects, would write back), so the round trip goes through bigint (canonicalInteger). Text
 * n that passes matches the guard and normalises to itself, so today's value is `try_cast(n as double)` when that is
 * between the bounds, else NULL. The fast path tests the range on the bigint and gives `cast(<bigint n> as double)`.
 * Same result: both engines parse text to the nearest double and convert int64 to the nearest double (Java's
 * parseDouble and l2d, DuckDB's casts), so for whole bounds below 2^53, where n and the bounds are exact doubles,
 * n is in range exactly when today's double is (rounding is monotone and keeps the bounds), and then both values
 * are exactly n.
 */
function doubleIn(dialect: FileDialect, min: number, max: number, integerFastPath: boolean): TypePlan['convert'] {
  const n = numberText(dialect, true);
  const between = (value: string): string => `${value} between ${numberLiteral(min)} and ${numberLiteral(max)}`;
  const fastPath = integerFastPath && Number.isSafeInteger(min) && Number.isSafeInteger(max);
  return (t) => {
    const whole = `try_cast(${t} as bigint)`;
    const fast = fastPath ? `when ${canonicalInteger(t)} then case when ${between(whole)} then cast(${whole} as double) end ` : '';
    const value = `try_cast(${n.normalise(t)} as double)`;
    return `case ${fast}when regexp_like(${t}, ${quoteString(n.guard)}) then case when ${between(value)} then ${value} end end`;
  };
}

export function typePlan(col: Column, dialect: FileDialect, options: TypePlanOptions = {}): TypePlan {
  const fastPaths = options.fastPaths ?? true;
  const type: ColumnType = col.type;
  const sep = dialect.decimal_separator === ',' ? ',' : '[.]';
  switch (type) {
    case 'string':
      return { sqlType: 'varchar', convert: (t) => t, expected: { nl: 'is geen tekst', en: 'is not text' } };
    case 'integer':
      // 1925.0000000000 is an integer written as a float (seen in Leeuwarden exports); 1925.5 is not
      return {
        sqlType: 'bigint',
        // canonical text first (no regex; it matches intRe, and the value is the plain form's), then the plain
        // form, then the float form only when both fail
        convert: (t) =>
          `case ${fastPaths ? `when ${canonicalInteger(t)} then try_cast(${t} as bigint) ` : ''}` +
          `when regexp_like(${t}, '${intRe}') then try_cast(${t} as bigint) ` +
          `when regexp_like(${t}, ${quoteString(`^[+-]?[0-9]+${sep}0*$`)}) then try_cast(split_part(${t}, ${quoteString(dialect.decimal_separator)}, 1) as bigint) end`,
        expected: { nl: 'is geen geheel getal', en: 'is not a whole number' },
      };
    case 'decimal': {
      const n = numberText(dialect, false);
      const type = `decimal(18,${decimalScale(col)})`;
      return {
        sqlType: type,
        convert: (t) => {
          const value = `try_cast(${n.normalise(t)} as ${type})`;
          if (!fastPaths) return guarded(t, n.guard, value);
          // Text written exactly as the engine writes this decimal (`772.65` at scale 2, `0.50`, `-3.00`; not
          // `1690.4`, `+1.00`, `01.00`, `-0.00`, `1e3`): an optional `-`, digits, and `.` with `s` digits unless
          // s = 0, which matches the `.` guard, and the value is the guarded path's very expression. With a decimal
          // comma the written form is compared with its `.` made `,` (`772,65`): that also matches the `,` guard, and having no `.`, it normalises to `replace(t, ',', '.')`,
          // so the fast value is today's value. `1.234,50` (thousands dots) does not write back and takes the guard.
          if (dialect.decimal_separator === ',') {
            const dotted = `try_cast(replace(${t}, ',', '.') as ${type})`;
            return `case when replace(cast(${dotted} as varchar), '.', ',') = ${t} then ${dotted} when regexp_like(${t}, ${quoteString(n.guard)}) then ${value} end`;
          }
          return `case when cast(${value} as varchar) = ${t} then ${value} when regexp_like(${t}, ${quoteString(n.guard)}) then ${value} end`;
        },
        expected: { nl: `is geen decimaal getal (decimaalteken "${dialect.decimal_separator}")`, en: `is not a decimal number (decimal separator "${dialect.decimal_separator}")` },
      };
    }
    case 'double': {
      const n = numberText(dialect, true);
      return {
        sqlType: 'double',
        // no fast path: a whole-number round trip (see doubleIn) is exact, but a double column mostly holds fractions,
        // which would pay for the round trip and the regex both (5M fractional values on DuckDB: 0.23 s → 0.33 s)
        convert: (t) => guarded(t, n.guard, `try_cast(${n.normalise(t)} as double)`),
        expected: { nl: `is geen getal (decimaalteken "${dialect.decimal_separator}")`, en: `is not a number (decimal separator "${dialect.decimal_separator}")` },
      };
    }
    case 'boolean':
      return {
        sqlType: 'boolean',
        convert: (t) =>
          `case when lower(${t}) in ('true', 'ja', 'j', '1') then true when lower(${t}) in ('false', 'nee', 'n', '0') then false end`,
        expected: { nl: 'is geen ja of nee (ja/nee, j/n, true/false, 1/0)', en: 'is not true/false (or ja/nee, j/n, 1/0)' },
      };
    case 'date':
    case 'timestamp': {
      const withTime = type === 'timestamp';
      const format = withTime ? dialect.timestamp_format : dialect.date_format;
      const plan = planDateFormat(format);
      const sqlType = withTime ? 'timestamp' : 'date';
      return {
        sqlType,
        convert: (t) => {
          const assembled = `try_cast(${isoTextSql(plan, t, withTime, quoteString)} as ${sqlType})`;
          const length = isoLength(format);
          // a full-width value is ISO text already: cast it as it is (same text → same value, on both engines)
          const cast = length === undefined ? assembled : `case when length(${t}) = ${length} then try_cast(${t} as ${sqlType}) else ${assembled} end`;
          // No fast path. `length(t) = 10 and cast(try_cast(t as date) as varchar) = t` would be exact (the only
          // 10-character renderings are YYYY-MM-DD with years 0000-9999 on both engines; the length test keeps out
          // DuckDB's `infinity`, `10000-01-01`, `0045-03-15 (BC)`), and likewise via timestamp(0) for timestamps, but
          // on DuckDB rendering a date costs as much as the regex (5M ISO dates: 0.21 s either way), so it gains nothing.
          return guarded(t, plan.regex, cast);
        },
        expected: {
          nl: `is geen ${withTime ? 'datum met tijd' : 'datum'} in de vorm ${format}`,
          en: `is not a ${withTime ? 'timestamp' : 'date'} in the form ${format}`,
        },
      };
    }
    case 'postcode':
      return {
        sqlType: 'varchar',
        convert: (t) => guarded(t, '^[1-9][0-9]{3} ?[A-Za-z]{2}$', `upper(replace(${t}, ' ', ''))`),
        expected: { nl: 'is geen postcode (1234 AB)', en: 'is not a postcode (1234 AB)' },
      };
    case 'cbs_gemeente':
      return cbs('GM', 4, { nl: 'is geen CBS-gemeentecode (GM0000)', en: 'is not a CBS municipality code (GM0000)' });
    case 'cbs_wijk':
      return cbs('WK', 6, { nl: 'is geen CBS-wijkcode (WK000000)', en: 'is not a CBS district code (WK000000)' });
    case 'cbs_buurt':
      return cbs('BU', 8, { nl: 'is geen CBS-buurtcode (BU00000000)', en: 'is not a CBS neighbourhood code (BU00000000)' });
    case 'bag_id':
      // kept as 16-digit text: the municipality code (4 digits), the object type (2), a serial number (10). A
      // spreadsheet drops the leading zero of codes below 1000, so 15 digits get it back. The object type must be
      // one of BAG's: 01 verblijfsobject, 02 ligplaats, 03 standplaats, 10 pand, 20 nummeraanduiding, 30 openbare ruimte.
      return {
        sqlType: 'varchar',
        convert: (t) => guarded(t, '^[0-9]{15,16}$', guarded(`lpad(${t}, 16, '0')`, bagIdRegex, `lpad(${t}, 16, '0')`)),
        expected: {
          nl: 'is geen BAG-id (16 cijfers: gemeentecode, objecttype 01/02/03/10/20/30, volgnummer)',
          en: 'is not a BAG id (16 digits: municipality code, object type 01/02/03/10/20/30, serial number)',
        },
      };
    // RD coordinates are mostly whole metres: the integer fast path (5M on DuckDB: 0.19 s → 0.09 s; coordinates with
    // decimals pay for both, 0.23 s → 0.33 s). A latitude or longitude in range is a whole number only at 51–53 or
    // 4–7, so there the round trip would be an extra cost on nearly every value: none.
    case 'rd_x':
      return { sqlType: 'double', convert: doubleIn(dialect, 0, 300000, fastPaths), expected: { nl: 'is geen RD x-coördinaat (0–300000)', en: 'is not an RD x coordinate (0–300000)' } };
    case 'rd_y':
      return { sqlType: 'double', convert: doubleIn(dialect, 300000, 625000, fastPaths), expected: { nl: 'is geen RD y-coördinaat (300000–625000)', en: 'is not an RD y coordinate (300000–625000)' } };
    case 'latitude':
      return { sqlType: 'double', convert: doubleIn(dialect, 50.7, 53.6, false), expected: { nl: 'is geen breedtegraad in Nederland (50,7–53,6)', en: 'is not a latitude in the Netherlands (50.7–53.6)' } };
    case 'longitude':
      return { sqlType: 'double', convert: doubleIn(dialect, 3.3, 7.3, false), expected: { nl: 'is geen lengtegraad in Nederland (3,3–7,3)', en: 'is not a longitude in the Netherlands (3.3–7.3)' } };
    case 'bsn':
    case 'iban':
    case 'email':
    case 'phone_nl':
    case 'kenteken':
    case 'house_number':
      return personalTypePlan(type);
  }
}

function cbs(prefix: string, digits: number, expected: TypePlan['expected']): TypePlan {
  const re = `^${prefix}[0-9]{${digits}}$`;
  return { sqlType: 'varchar', convert: (t) => guarded(`upper(${t})`, re, `upper(${t})`), expected };
}

/** A 16-digit BAG id with a valid object type (digits 5–6). */
export const bagIdRegex = '^[0-9]{4}(01|02|03|10|20|30)[0-9]{10}$';

/** The integer regex, exported for accepted_values on integer columns. */
export const integerText = intRe;
