import { z } from 'zod';
import { buildStageNames, stage, stageNames } from '../core/names';
import { sqlName } from './contract';
import { language } from './language';
import { link } from './link';
import { tenantId } from './tenant';

/** Inputs and outputs of the Lambda functions and state machines. The state machines pass these along unchanged. */

export const objectRef = z.object({ bucket: z.string().min(1), key: z.string().min(1) });

export const loadRef = z.object({
  tenant: tenantId,
  dataset: sqlName,
  loadId: z.string().regex(/^[a-z0-9-]{8,64}$/),
});

/** pipeline state machine input (written by start-pipeline, or by `polder upload` locally). */
export const pipelineInput = loadRef.extend({
  landing: objectRef.extend({
    versionId: z.string().optional(),
    size: z.number().int().nonnegative(),
    /** The S3 event's sequencer: orders writes to one key (core/table-pointer.ts eventOrder). */
    sequencer: z.string().optional(),
  }),
  receivedAt: z.string(),
});

/** A failed state's error as a Catch puts it in the state (`resultPath`): Error and Cause. */
export const caughtError = z.object({ Error: z.string().optional(), Cause: z.string().optional() });

/** report-failure input: the pipeline input and what the step that failed said (Catch of Ingest). */
export const failureReportInput = pipelineInput.extend({ failure: caughtError });

/** The query copy ingest writes for the raw table to read instead of the upload (core/query-copy.ts decides it). */
export const queryCopy = z.object({
  /** The copy's file name in decoded/: the upload's, ending in `.gz` (lowercase) when the copy is gzip. */
  fileName: z.string().min(1),
  /** Inflate the upload first: it is gzip (by its name, as the pre-check decides) and is to be transcoded. */
  gunzip: z.boolean(),
  /** windows-1252 → UTF-8. */
  transcode: z.boolean(),
  /** GeoJSON → one JSON lines row per feature (core/geojson). */
  features: z.boolean().optional(),
  /** A JSON document → JSON lines rows (core/json-document). */
  document: z.boolean().optional(),
  /** Compress the result with gzip. Without any of the three the copy is the upload's bytes under another name. */
  gzip: z.boolean(),
  /** Content-Type of the copy: `application/gzip` when it is gzip. */
  contentType: z.string(),
});

/**
 * What ingest learned streaming the upload once (core/intake.ts), carried to the report and to integrate: content
 * identity, size, an independent record count, and whether a limit stopped the count.
 */
export const intake = z.object({
  /** Event order of the load (core/table-pointer.ts eventOrder): publishing never moves a table back to an older event. */
  order: z.string(),
  /** SHA-256 of the bytes as uploaded. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** Bytes as uploaded, and after inflating a gzip upload. */
  bytes: z.number().int().nonnegative(),
  inflatedBytes: z.number().int().nonnegative(),
  /** Non-empty records after the header, counted with the contract's dialect; empty lines apart. */
  records: z.number().int().nonnegative(),
  emptyLines: z.number().int().nonnegative(),
  /** The limit that stopped the count (the count is then partial). */
  limit: z.object({ kind: z.enum(['bytes', 'rows']), max: z.number().int().positive() }).optional(),
  /** The gzip stream broke off after `inflatedBytes` (a damaged or truncated upload). */
  damaged: z.boolean().optional(),
});

/** ingest → validate input. */
export const loadInput = loadRef.extend({
  raw: objectRef,
  fileName: z.string(),
  size: z.number().int().nonnegative(),
  /** What the raw table reads, as ingest decided: its query copy in decoded/, or null for the upload in raw/. */
  queryCopy: queryCopy.nullable(),
  intake: intake.optional(),
  /** The language of the load's findings and report: the tenant's `language` (ingest reads it), or validate's --lang. */
  language: language.default('nl'),
});

export const finding = z.object({
  /** Stable code, e.g. missing_column, type, range. */
  code: z.string(),
  severity: z.enum(['reject_row', 'warn', 'reject_load']),
  column: z.string().optional(),
  rule: z.string().optional(),
  /** Line in the file (header is line 1) of the first occurrence, when it is about rows. */
  line: z.number().int().optional(),
  count: z.number().int().nonnegative().default(1),
  examples: z.array(z.object({ line: z.number().int().optional(), value: z.string().nullable() })).default([]),
  message: z.string(),
  advice: z.string(),
  /** Technical details for whoever digs deeper (an engine's own error text), in no particular language. */
  detail: z.string().optional(),
});

/**
 * CSV: a `key;value` line of the metadata block above the table (file.header_line): its key, its value (the first
 * field after the key), the line's further fields (`note`, e.g. a unit), and the contract column (`preamble: <key>`)
 * whose value it is on every row of the load.
 */
export const preambleValue = z.object({
  line: z.number().int(),
  key: z.string(),
  value: z.string(),
  note: z.string().optional(),
  column: sqlName.optional(),
});

export const precheckOutput = loadInput.extend({
  status: z.enum(['ok', 'rejected']),
  findings: z.array(finding),
  /** For each column position in the file: the contract column it holds, or null for an extra column. */
  header: z.array(z.string().nullable()),
  encoding: z.enum(['utf-8', 'windows-1252']),
  delimiter: z.string(),
  bom: z.boolean(),
  /**
   * CSV: the `key;value` lines of the metadata block above the table (file.header_line), shown in the report; the
   * checks and the curated query take the values of the contract's preamble columns from here.
   */
  preamble: z.array(preambleValue).optional(),
});

export const prepareChecksOutput = precheckOutput.extend({
  query: z.string(),
  quarantine: z.string(),
});

/** write-report: after the pre-check alone (header rejected), or after the rule checks ran into quarantine. */
export const writeReportInput = precheckOutput.extend({
  quarantine: z.string().optional(),
  database: z.string().optional(),
  /** Set by the state machine when the checks query failed (Catch on RunChecks). */
  checksError: z.object({ Error: z.string().optional(), Cause: z.string().optional() }).optional(),
});

export const tableColumn = z.object({ name: z.string(), type: z.string() });

export const modelRef = z.object({
  pack: sqlName,
  name: sqlName,
  kind: z.enum(['mart', 'analysis', 'score']),
  reads: z.array(z.string()),
});

export const extraTable = z.object({ name: z.string(), location: z.string(), columns: z.array(tableColumn) });

export const checkResult = z.object({
  kind: z.string(),
  name: z.string(),
  column: z.string().optional(),
  failures: z.number().int().nonnegative(),
  passed: z.boolean(),
  modelValue: z.number().optional(),
  sourceValue: z.number().optional(),
  message: z.string(),
});

/** core/models/checks.ts ModelCheckResult. */
export const modelCheck = z.object({
  model: z.string(),
  table: z.string(),
  rowsOut: z.number().int().nonnegative(),
  inputs: z.record(z.string(), z.number()),
  tests: z.array(checkResult),
  reconciliations: z.array(checkResult),
  passed: z.boolean(),
});

export const publishOutput = z.object({
  name: z.string(),
  table: z.string(),
  location: z.string(),
  rowsIn: z.number().int().nonnegative(),
  rowsOut: z.number().int().nonnegative(),
  /**
   * false: the build's data tests failed, or (a load) a load of a later event was published first; it is kept but
   * the table keeps pointing at the version it had.
   */
  published: z.boolean().default(true),
  /** Why a load's build was not published (core/table-pointer.ts). */
  note: z.string().optional(),
  check: modelCheck.optional(),
});

export const stageStatus = z.enum(['accepted', 'accepted_with_warnings', 'rejected', 'succeeded', 'skipped', 'failed']);

/** What every stage state machine ends with; the CLI prints these. */
export const stageOutput = z.object({
  stage: z.enum(stageNames),
  tenant: tenantId,
  status: stageStatus,
  rowsIn: z.number().int().nonnegative(),
  rowsOut: z.number().int().nonnegative(),
  rejected: z.number().int().nonnegative(),
  outputs: z.array(z.string()),
  message: z.string(),
  /** datamart/analyze: per model the counts, tests and reconciliations, and whether the build became current. */
  models: z.array(publishOutput).optional(),
  /** Key of the stage's run report in the lake (reports/<tenant>/runs/<run>/<stage>.json). */
  runReport: z.string().optional(),
});

export const validateOutput = stageOutput.extend({
  stage: z.literal(stage.validate),
  dataset: sqlName,
  loadId: z.string(),
  raw: objectRef,
  report: z.string(),
  findings: z.array(finding),
  intake: intake.optional(),
  /** The pre-check's preamble lines: integrate gives the preamble columns their values from them. */
  preamble: z.array(preambleValue).optional(),
});

/** One SQL build step: the query to run (an UNLOAD) and the table to register afterwards. */
export const buildStep = z.object({
  stage: z.enum(buildStageNames),
  tenant: tenantId,
  name: sqlName,
  database: z.string(),
  workgroup: z.string(),
  query: z.string(),
  location: z.string(),
  table: z.object({ name: z.string(), columns: z.array(tableColumn) }).optional(),
  rowsIn: z.number().int().nonnegative().default(0),
  loadId: z.string().optional(),
  dataset: sqlName.optional(),
  runId: z.string(),
  /** A link step (core/link): Publish writes its match report and registers it only when the match rate holds. */
  link: link.optional(),
  /** A link step: the classification and year of the reference dataset's codes (its contract's `reference`). */
  reference: z.object({ classification: z.string(), year: z.number().int() }).optional(),
  /** Models (datamart, analyze): the model file it builds and the tables its SQL reads (counted by check-model). */
  model: modelRef.optional(),
  /** score models: the rendered features select train-score learns from (query and columns follow training). */
  select: z.string().optional(),
  /** Further tables the step publishes with its table (a score's coefficients and calibration). */
  extraTables: z.array(extraTable).default([]),
  /** Set by check-model: the data tests, counts and reconciliations of the new build. */
  check: modelCheck.optional(),
  /**
   * Publish as this version of the table (core/table-pointer.ts): the pointer moves only by the rule (`newest`: not over
   * a newer event; `on`: only while `basedOn` is still current).
   */
  version: z
    .object({
      id: z.string(),
      order: z.string(),
      basedOn: z.string().optional(),
      sha256: z.string().optional(),
      rule: z.enum(['newest', 'on']),
    })
    .optional(),
  /**
   * An analysis under disclosure control: Publish protects the build (with the analyses it is linked with, whose
   * rows it reads by their SQL) and registers the protected copy in `published`.
   */
  disclosure: z
    .object({
      published: z.string(),
      threshold: z.number().int().min(5),
      roundTo: z.number().int().positive().optional(),
      dimensions: z.array(z.string()).min(1),
      counts: z.array(z.string()).min(1),
      total: z.string().optional(),
      related: z.array(z.object({ name: z.string(), sql: z.string(), dimensions: z.array(z.string()), counts: z.array(z.string()), total: z.string().optional() })),
      links: z.array(z.object({ child: z.string(), parent: z.string(), childDimension: z.string(), by: z.string(), parentDimension: z.string() })),
    })
    .optional(),
});

export const stageInput = z.object({
  stage: z.enum(buildStageNames),
  tenant: tenantId,
  runId: z.string(),
  /** integrate: the validated load; datamart/analyze: which dataset or mart triggered the run. */
  dataset: sqlName.optional(),
  loadId: z.string().optional(),
  validate: validateOutput.optional(),
  /** Build only these marts or analyses (default: all that depend on the trigger). */
  only: z.array(sqlName).optional(),
});

export const planOutput = stageInput.extend({
  /** The steps of the current wave (built in parallel by the Build map). */
  steps: z.array(buildStep),
  /** Models not built this time and why (e.g. a source dataset has not been loaded yet). */
  skipped: z.array(z.string()).default([]),
  /** The build order: waves of model names; every model's upstream models lie in earlier waves. */
  waves: z.array(z.array(sqlName)).default([]),
  /** Index in `waves` of `steps`. */
  wave: z.number().int().nonnegative().default(0),
  /** What earlier waves built. */
  done: z.array(publishOutput).default([]),
  /** Models not built because an upstream model failed its tests or was skipped. */
  blocked: z.array(sqlName).default([]),
});

/** next-wave input: the plan with what the Build map returned for the current wave. */
export const waveOutput = planOutput.extend({ built: z.array(publishOutput).default([]) });

/** summarize: the plan after its last wave (`done` holds what every step published). */
export const summarizeInput = planOutput;

export type ObjectRefPayload = z.infer<typeof objectRef>;
export type PipelineInput = z.infer<typeof pipelineInput>;
export type LoadInput = z.infer<typeof loadInput>;
export type Intake = z.infer<typeof intake>;
export type Finding = z.infer<typeof finding>;
export type PreambleValue = z.infer<typeof preambleValue>;
export type PrecheckOutput = z.infer<typeof precheckOutput>;
export type PrepareChecksOutput = z.infer<typeof prepareChecksOutput>;
export type StageOutput = z.infer<typeof stageOutput>;
export type ValidateOutput = z.infer<typeof validateOutput>;
export type BuildStep = z.infer<typeof buildStep>;
export type StageInput = z.infer<typeof stageInput>;
export type PlanOutput = z.infer<typeof planOutput>;
export type PublishOutput = z.infer<typeof publishOutput>;
export type QueryCopy = z.infer<typeof queryCopy>;
export type WriteReportInput = z.infer<typeof writeReportInput>;
export type SummarizeInput = z.infer<typeof summarizeInput>;

/** retention function input: one tenant (its data role); `asOf` moves "now" (trials and tests), null or absent: the clock. */
export const retentionInput = z.object({
  tenant: tenantId,
  asOf: z.iso.datetime().nullish(),
});

export const retentionOutput = z.object({
  tenant: tenantId,
  runId: z.string(),
  audit: z.string(),
  expiredLoads: z.number().int().nonnegative(),
  objectsDeleted: z.number().int().nonnegative(),
});

/** retention state machine input and output: every tenant named, one retention run each. */
export const retentionRun = z.object({ tenants: z.array(tenantId), asOf: z.iso.datetime().nullish() });
export const retentionRunOutput = z.object({ tenants: z.array(retentionOutput) });
export type RetentionInput = z.infer<typeof retentionInput>;
export type RetentionOutput = z.infer<typeof retentionOutput>;
export type RetentionRunOutput = z.infer<typeof retentionRunOutput>;
export type WaveOutput = z.infer<typeof waveOutput>;
export type ModelCheck = z.infer<typeof modelCheck>;
