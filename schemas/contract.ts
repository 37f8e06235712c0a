import { z } from 'zod';
import { worded } from '../core/issues';

const sqlNamePattern = /^[a-z][a-z0-9_]{0,62}$/;

/**
 * Identifiers that end up in SQL: lowercase snake case, checked here and quoted again when rendered. A refinement
 * (not `.regex`) so its message can be in both languages; the pattern is still in the JSON Schema for editors.
 */
export const sqlName = z
  .string()
  .refine(
    (name) => sqlNamePattern.test(name),
    worded({
      nl: 'gebruik kleine letters, cijfers en liggende streepjes (_), te beginnen met een letter (hoogstens 63 tekens), zoals boom_soort',
      en: 'use lowercase letters, digits and underscores, starting with a letter (max 63), such as tree_species',
    }),
  )
  .meta({ pattern: sqlNamePattern.source });

export const sourceType = z.enum(['open', 'commercial', 'own', 'web', 'iot']);

/** Personal-data class per column (AVG/GDPR). */
export const personalData = z.enum([
  'none', // not personal data
  'indirect', // can identify a person in combination (address, postcode 6, licence number)
  'direct', // identifies a person (name, BSN, e-mail, phone)
  'special', // special category (health, ethnicity, criminal record)
]);

/** AVG art. 6(1): the lawful ground of the processing. */
export const legalBasis = z.enum([
  'consent', // (a) the person agreed
  'contract', // (b) needed for a contract with the person
  'legal_obligation', // (c) a legal obligation of the municipality
  'vital_interests', // (d) someone's life depends on it
  'public_task', // (e) a task in the public interest or official authority (most municipal work)
  'legitimate_interests', // (f) not for public authorities in their tasks
]);

/** AVG art. 9(2): the exception that allows processing special categories of personal data. */
export const specialCategoryBasis = z.enum([
  'explicit_consent', // (a)
  'employment_social_protection', // (b)
  'vital_interests', // (c)
  'not_for_profit_members', // (d)
  'made_public', // (e) made public by the person
  'legal_claims', // (f)
  'substantial_public_interest', // (g) on the basis of law (UAVG)
  'health_care', // (h)
  'public_health', // (i)
  'archiving_research_statistics', // (j)
]);

export const columnType = z.enum([
  'string',
  'integer',
  'decimal',
  'double',
  'boolean',
  'date',
  'timestamp',
  'postcode',
  'cbs_gemeente',
  'cbs_wijk',
  'cbs_buurt',
  'bag_id',
  'rd_x',
  'rd_y',
  'latitude',
  'longitude',
  // personal identifiers (core/contract/personal-types.ts): direct or indirect personal data by their type
  'bsn',
  'iban',
  'email',
  'phone_nl',
  'kenteken',
  'house_number',
]);

export const severity = z.enum(['reject_row', 'warn', 'reject_load']);

const ruleBase = {
  /** What happens when a row breaks the rule. */
  severity: severity.optional(),
  /** Advice for the person who fixes the data, shown in reports. */
  message: z.string().optional(),
};

export const rule = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('range'), min: z.number().optional(), max: z.number().optional(), ...ruleBase }),
  z.object({ kind: z.literal('accepted_values'), values: z.array(z.string()).min(1), ...ruleBase }),
  z.object({ kind: z.literal('pattern'), regex: z.string().min(1), ...ruleBase }),
  z.object({ kind: z.literal('unique'), ...ruleBase }),
  z.object({
    kind: z.literal('reference'),
    /** Dataset id (same tenant) and its key column. */
    dataset: sqlName,
    column: sqlName,
    ...ruleBase,
  }),
  z.object({
    kind: z.literal('expression'),
    /** Trino boolean expression over typed columns; true means the row is fine. */
    sql: z.string().min(1),
    ...ruleBase,
  }),
]);

export const column = z.object({
  name: sqlName,
  /** Header text in the file when it differs from name (e.g. "BOOMSOORT"). */
  source: z.string().min(1).optional(),
  /**
   * CSV with a preamble (file.header_line > 1): the key of the preamble line whose value this column holds on every
   * row of the load, instead of a column of the table. `Locatie;Z04791;` gives `Z04791` to the column with
   * `preamble: Locatie` (the key matched ignoring capitals; the value is the first field after the key, further
   * fields such as a unit are left out). Its type, rules and privacy apply to that value, checked once, on its line.
   */
  preamble: z
    .string()
    .min(1)
    .describe(
      'CSV with file.header_line > 1: the key of a line above the table (Locatie;Z04791;) whose value (the first field after the key) this column holds on every row of the load, instead of a column of the table. Key matched ignoring capitals; type, rules and privacy apply to the value, checked once on its line.',
    )
    .optional(),
  description: z.string().optional(),
  type: columnType,
  /** Decimal places kept for type decimal. */
  scale: z.number().int().min(0).max(18).optional(),
  nullable: z.boolean().default(true),
  rules: z.array(rule).default([]),
  /** Severity used for type and null failures of this column. */
  severity: severity.default('reject_row'),
  personal_data: personalData.default('none'),
  /** What to do with personal data before it reaches curated tables. */
  privacy: z.enum(['keep', 'pseudonymise', 'drop', 'generalise']).optional(),
});

/**
 * Date/timestamp formats use strftime specifiers: %Y (4-digit year), %m, %b or %B (the month as a name or
 * abbreviation, Dutch or English: jan, mrt, mei, okt, januari, March, Sept; any capitals), %d, %H, %M (minutes), %S,
 * %f (fraction of a second) and %%; every other character must appear as written. The compiler turns them into a
 * regular expression plus a cast (no date_parse: its specifiers differ between Trino and DuckDB). A two-digit year
 * (%y) is refused: 21 could be 1921 or 2021.
 */
export const dateFormat = z
  .string()
  .min(1)
  .refine(
    (f) => !/(^|[^%])(%%)*%y/.test(f),
    {
      ...worded({
        nl: 'een jaartal van twee cijfers (%y) is niet eenduidig (21 kan 1921 of 2021 zijn): vraag de leverancier om jaartallen van vier cijfers en gebruik %Y',
        en: 'two-digit years (%y) are ambiguous (21 could be 1921 or 2021): ask for four-digit years and use %Y',
      }),
      abort: true, // the other checks would only repeat it
    },
  )
  .refine(
    (f) => /^(?:[^%]|%[YmbBdHMSf%])*$/.test(f),
    worded({
      nl: 'gebruik alleen %Y %m %b %B %d %H %M %S %f en %% (bijvoorbeeld %d-%m-%Y)',
      en: 'use only the specifiers %Y %m %b %B %d %H %M %S %f and %% (for example %d-%m-%Y)',
    }),
  )
  .refine((f) => /%Y/.test(f), worded({ nl: 'een datum heeft een jaartal nodig: voeg %Y toe (vier cijfers)', en: 'a date needs its year: %Y (four digits)' }));

export const fileDialect = z.object({
  /**
   * csv, jsonl (JSON lines: one object per line, UTF-8, columns read by key; delimiter, quote, header and
   * decimal_separator do not apply) or geojson (a FeatureCollection or GeoJSON lines: one row per feature, read
   * through a JSON lines copy, core/geojson) or json (one JSON document: a row per object of an array, or per
   * innermost object of nested objects with the keys above it as key_1, key_2, …; core/json-document).
   */
  format: z.enum(['csv', 'jsonl', 'geojson', 'json']).default('csv'),
  delimiter: z.string().min(1).max(1).default(','),
  quote: z.string().max(1).default('"'),
  encoding: z.enum(['utf-8', 'windows-1252']).default('utf-8'),
  header: z.boolean().default(true),
  /**
   * CSV: the line the table starts on (its header, or its first row without a header); the lines above it are a
   * preamble (a metadata block), whose `key;value` lines the report shows; a column with `preamble: <key>` takes
   * the value of such a line into every row. Line numbers stay those of the file.
   */
  header_line: z
    .number()
    .int()
    .min(1)
    .max(1000)
    .describe('CSV: the line the table starts on (its header, or its first row without a header); the lines above it are a preamble, whose key;value lines a column can take with `preamble: <key>`.')
    .default(1),
  decimal_separator: z.enum(['.', ',']).default('.'),
  date_format: dateFormat.default('%Y-%m-%d'),
  timestamp_format: dateFormat.default('%Y-%m-%d %H:%M:%S'),
  null_markers: z.array(z.string()).default(['']),
  compression: z.enum(['none', 'gzip', 'auto']).default('auto'),
});

export const contract = z.object({
  id: sqlName,
  title: z.string().min(1),
  description: z.string().default(''),
  owner: z.string().min(1),
  source_type: sourceType,
  purpose: z.string().min(1),
  /** AVG art. 6 ground; needed (with a purpose) to keep a direct identifier. */
  legal_basis: legalBasis.optional(),
  /** AVG art. 9 exception; needed to process a special-category column at all. */
  special_category_basis: specialCategoryBasis.optional(),
  /** Whose data this is (residents, applicants, employees…), for the privacy register. */
  data_subjects: z.array(z.string().min(1)).default([]),
  refresh: z.enum(['once', 'daily', 'weekly', 'monthly', 'quarterly', 'yearly', 'irregular']).default('irregular'),
  licence: z.string().optional(),
  file: fileDialect.default(fileDialect.parse({})),
  columns: z.array(column).min(1),
  keys: z
    .object({
      primary: z.array(sqlName).default([]),
      join: z.array(sqlName).default([]),
    })
    .default({ primary: [], join: [] }),
  load: z
    .object({
      policy: z.enum(['replace', 'append', 'upsert']).default('replace'),
      /** Reject the whole load when more than this share of rows (percent) is rejected. */
      max_rejected_percent: z.number().min(0).max(100).default(5),
      /** Accept a load with no rows (otherwise rejected: under replace it would empty the table). */
      allow_empty: z.boolean().default(false),
      /** Most rows one load may have; the tenant's limit applies when it is lower. */
      max_rows: z.number().int().positive().optional(),
      /** Most bytes one load may have after inflating gzip; the tenant's limit applies when it is lower. */
      max_bytes: z.number().int().positive().optional(),
    })
    .default({ policy: 'replace', max_rejected_percent: 5, allow_empty: false }),
  /** Retention of raw and curated data, in days. */
  retention_days: z.number().int().positive().default(365),
  /**
   * The position columns and their system; the curated table then also has the other system's pair, computed by
   * the shared RD ↔ WGS84 SQL (core/contract/coordinates.ts): `lat`, `lon` for rd; `rd_x`, `rd_y` for wgs84.
   */
  coordinates: z.object({ x: sqlName, y: sqlName, crs: z.enum(['rd', 'wgs84']) }).optional(),
  /**
   * A reference dataset that other sources link to (pack.yaml `links:`): its key, and the classification and year
   * its codes belong to (CBS redraws wijken and buurten every year, so a 2017 code fits data of 2017). Shown in
   * every match report of a link to it.
   */
  reference: z
    .object({
      key: sqlName,
      classification: z.string().min(1),
      year: z.number().int().min(1900).max(2100),
    })
    .optional(),
});

export type Contract = z.infer<typeof contract>;
export type Column = z.infer<typeof column>;
export type Rule = z.infer<typeof rule>;
export type FileDialect = z.infer<typeof fileDialect>;
export type ColumnType = z.infer<typeof columnType>;
export type Severity = z.infer<typeof severity>;
export type LegalBasis = z.infer<typeof legalBasis>;
