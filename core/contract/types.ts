import type { Column, ColumnType, FileDialect } from '../../schemas/contract';
import { numberLiteral, quoteString } from '../sql/quote';
import { isoLength, isoTextSql, planDateFormat } from './dates';

/**
 * Per column type: the Trino type of the curated column and the SQL that turns the cleaned text (trimmed,
 * null markers already NULL) into it. Every conversion is guarded by a regular expression before the cast:
 * DuckDB's casts are lenient (`'1925.5'` → 1926, `' 12 '` → 12, `'0x10'` → 16) and Trino's are strict, so the
 * guard is what makes both engines accept exactly the same text. A NULL result for non-NULL text = type violation.
 */

export interface TypePlan {
  sqlType: string;
  /** SQL expression of the typed value, given the cleaned text expression. */
  convert: (text: string) => string;
  /** Plain words for the message: `"x" is not <expected>`. */
  expected: string;
}

const intRe = '^[+-]?[0-9]+$';

export function decimalScale(col: Column): number {
  return col.scale ?? 2;
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

function doubleIn(dialect: FileDialect, min: number, max: number): TypePlan['convert'] {
  const n = numberText(dialect, true);
  return (t) => {
    const value = `try_cast(${n.normalise(t)} as double)`;
    return guarded(t, n.guard, `case when ${value} between ${numberLiteral(min)} and ${numberLiteral(max)} then ${value} end`);
  };
}

export function typePlan(col: Column, dialect: FileDialect): TypePlan {
  const type: ColumnType = col.type;
  const sep = dialect.decimal_separator === ',' ? ',' : '[.]';
  switch (type) {
    case 'string':
      return { sqlType: 'varchar', convert: (t) => t, expected: 'text' };
    case 'integer':
      // 1925.0000000000 is an integer written as a float (seen in Leeuwarden exports); 1925.5 is not
      return {
        sqlType: 'bigint',
        // the plain form first: one cheap regex for the common case, the float form only when that fails
        convert: (t) =>
          `case when regexp_like(${t}, '${intRe}') then try_cast(${t} as bigint) ` +
          `when regexp_like(${t}, ${quoteString(`^[+-]?[0-9]+${sep}0*$`)}) then try_cast(split_part(${t}, ${quoteString(dialect.decimal_separator)}, 1) as bigint) end`,
        expected: 'a whole number',
      };
    case 'decimal': {
      const n = numberText(dialect, false);
      const type = `decimal(18,${decimalScale(col)})`;
      return {
        sqlType: type,
        convert: (t) => guarded(t, n.guard, `try_cast(${n.normalise(t)} as ${type})`),
        expected: `a decimal number (decimal separator "${dialect.decimal_separator}")`,
      };
    }
    case 'double': {
      const n = numberText(dialect, true);
      return {
        sqlType: 'double',
        convert: (t) => guarded(t, n.guard, `try_cast(${n.normalise(t)} as double)`),
        expected: `a number (decimal separator "${dialect.decimal_separator}")`,
      };
    }
    case 'boolean':
      return {
        sqlType: 'boolean',
        convert: (t) =>
          `case when lower(${t}) in ('true', 'ja', 'j', '1') then true when lower(${t}) in ('false', 'nee', 'n', '0') then false end`,
        expected: 'true/false (or ja/nee, j/n, 1/0)',
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
          return guarded(t, plan.regex, cast);
        },
        expected: `a ${withTime ? 'timestamp' : 'date'} in the form ${format}`,
      };
    }
    case 'postcode':
      return {
        sqlType: 'varchar',
        convert: (t) => guarded(t, '^[1-9][0-9]{3} ?[A-Za-z]{2}$', `upper(replace(${t}, ' ', ''))`),
        expected: 'a postcode (1234 AB)',
      };
    case 'cbs_gemeente':
      return cbs('GM', 4, 'a CBS municipality code (GM0000)');
    case 'cbs_wijk':
      return cbs('WK', 6, 'a CBS district code (WK000000)');
    case 'cbs_buurt':
      return cbs('BU', 8, 'a CBS neighbourhood code (BU00000000)');
    case 'bag_id':
      // kept as text: BAG ids start with the municipality code and may have leading zeros
      return { sqlType: 'varchar', convert: (t) => guarded(t, '^[0-9]{16}$', t), expected: 'a BAG id (16 digits)' };
    case 'rd_x':
      return { sqlType: 'double', convert: doubleIn(dialect, 0, 300000), expected: 'an RD x coordinate (0–300000)' };
    case 'rd_y':
      return { sqlType: 'double', convert: doubleIn(dialect, 300000, 625000), expected: 'an RD y coordinate (300000–625000)' };
    case 'latitude':
      return { sqlType: 'double', convert: doubleIn(dialect, 50.7, 53.6), expected: 'a latitude in the Netherlands (50.7–53.6)' };
    case 'longitude':
      return { sqlType: 'double', convert: doubleIn(dialect, 3.3, 7.3), expected: 'a longitude in the Netherlands (3.3–7.3)' };
  }
}

function cbs(prefix: string, digits: number, expected: string): TypePlan {
  const re = `^${prefix}[0-9]{${digits}}$`;
  return { sqlType: 'varchar', convert: (t) => guarded(`upper(${t})`, re, `upper(${t})`), expected };
}

/** The integer regex, exported for accepted_values on integer columns. */
export const integerText = intRe;
