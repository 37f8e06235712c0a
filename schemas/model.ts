import { z } from 'zod';
import { sqlName } from './contract';

/**
 * A model file: `packs/<pack>/models/<name>.yaml` beside `<name>.sql` (dbt-style). The SQL names the tables it
 * reads; the model graph comes from those names (core/models/graph.ts), never from a hand-written list.
 */

/** A model name may not contain `__`: that separates a table from its build candidate (core/models/tables.ts). */
export const modelName = sqlName.refine((n) => !n.includes('__'), 'a model name may not contain "__"');

/** A literal a model variable may hold; rendered into SQL as a number, boolean or quoted string. */
export const variableValue = z.union([z.number(), z.boolean(), z.string()]);

const testBase = {
  /** Shown in reports; defaults to a name made from the test. */
  name: z.string().optional(),
};

/** Column tests, written as in dbt: `not_null`, `unique`, or an object with one key. */
export const columnTest = z.union([
  z.literal('not_null'),
  z.literal('unique'),
  z.object({ accepted_values: z.array(z.union([z.string(), z.number()])).min(1), ...testBase }).strict(),
  z
    .object({ relationships: z.object({ to: sqlName, field: sqlName }).strict(), ...testBase })
    .strict(),
]);

export const modelColumn = z
  .object({
    name: sqlName,
    description: z.string().default(''),
    /** Trino type the column should have (varchar, bigint, double, date, boolean, …); checked after a build. */
    type: z.string().optional(),
    tests: z.array(columnTest).default([]),
  })
  .strict();

/** Model-level tests: a row condition every row must meet. */
export const modelTest = z.object({ expression: z.string().min(1), ...testBase }).strict();

/**
 * A straight count (report level 3): an aggregate over the model against an aggregate over a table it reads,
 * e.g. "every gully appears once": `model: count(*)`, `source: gullies`, `source_value: count(*)`.
 */
export const reconciliation = z
  .object({
    name: z.string().min(1),
    /** Aggregate over this model's rows, e.g. `count(*)`, `sum(gullies)`. */
    model: z.string().min(1),
    /** Table (dataset or model table) to reconcile against. */
    source: sqlName,
    /** Aggregate over the source's rows. */
    source_value: z.string().min(1),
    /** Largest difference still accepted (absolute). */
    tolerance: z.number().min(0).default(0),
  })
  .strict();

export const unitTest = z
  .object({
    name: z.string().min(1),
    /** Rows per table the model reads; columns left out are NULL. */
    given: z.record(z.string(), z.array(z.record(z.string(), z.unknown()))),
    /** The tenant's suppression threshold for this test. */
    min_published_count: z.number().int().min(1).default(5),
    /** Variables for this test (default: the model's). */
    variables: z.record(z.string(), variableValue).optional(),
    /** The rows the model must return (only the columns named here are compared; order does not matter). */
    expect: z.array(z.record(z.string(), z.unknown())),
  })
  .strict();

export const scenario = z
  .object({ name: sqlName, description: z.string().default(''), variables: z.record(z.string(), variableValue).default({}) })
  .strict();

/** kind score: features from the SQL → logistic regression in a Lambda → scoring in SQL (core/score/). */
export const scoreSpec = z
  .object({
    /** Column that identifies a scored row. */
    id: sqlName,
    /** 0/1 column to learn; rows where it is NULL are scored but not trained on. */
    label: sqlName,
    features: z.array(sqlName).min(1).max(20),
    /** Rows sampled for training (training + held-out). */
    sample_rows: z.number().int().min(100).default(100_000),
    /** Share of the sample held out to measure AUC and calibration. */
    holdout_share: z.number().gt(0).lt(1).default(0.3),
    /** How many contributing features each scored row carries. */
    top_features: z.number().int().min(1).max(5).default(3),
    /** L2 penalty (ridge) on the standardised coefficients; keeps IRLS stable on separable data. */
    l2: z.number().min(0).default(0.001),
  })
  .strict();

/**
 * Disclosure control of a published analysis, applied by the platform when it publishes (core/privacy/disclosure.ts):
 * counts under the tenant's threshold are suppressed, with secondary suppression against totals and linked levels.
 */
export const disclosure = z
  .object({
    /** Columns that name a cell (wijk_code, action). */
    dimensions: z.array(sqlName).min(1),
    /** Count measures: numbers of persons or units, the ones the threshold applies to. */
    counts: z.array(sqlName).min(1),
    /** A dimension value that marks a total row (e.g. 'Totaal'). */
    total: z.string().optional(),
    /** Round published counts to a multiple of 5. */
    round_to: z.literal(5).optional(),
    /** This table's rows roll up into another analysis: column `by` holds that analysis's `dimension`. */
    within: z.object({ analysis: sqlName, by: sqlName, dimension: sqlName }).strict().optional(),
  })
  .strict();

export const modelFile = z
  .object({
    kind: z.enum(['mart', 'analysis', 'score']),
    description: z.string().min(1),
    /** One row per …: the grain. */
    grain: z.string().min(1),
    columns: z.array(modelColumn).default([]),
    tests: z.array(modelTest).default([]),
    reconciliations: z.array(reconciliation).default([]),
    /** Values the SQL reads as `{{var.<name>}}`; targets of a scorecard, factors of a simulation. */
    variables: z.record(sqlName, variableValue).default({}),
    /** Simulation: the model is built once per scenario (its variables over the defaults), rows tagged `scenario`. */
    scenarios: z.array(scenario).default([]),
    unit_tests: z.array(unitTest).default([]),
    score: scoreSpec.optional(),
    /** The model is about persons (profiling): the privacy register flags it "DPIA needed". */
    about_persons: z.boolean().default(false),
    /** Analyses: published for dashboards. */
    publish: z.boolean().default(true),
    /** Analyses: small counts suppressed by the platform when it publishes. */
    disclosure: disclosure.optional(),
  })
  .strict()
  .superRefine((m, ctx) => {
    if (m.kind === 'score' && !m.score) ctx.addIssue({ code: 'custom', path: ['score'], message: 'a score model needs a score: section (id, label, features)' });
    if (m.kind !== 'score' && m.score) ctx.addIssue({ code: 'custom', path: ['score'], message: 'only kind: score takes a score: section' });
    if (m.kind === 'score' && m.scenarios.length) ctx.addIssue({ code: 'custom', path: ['scenarios'], message: 'a score model has no scenarios' });
  });

export type ModelFile = z.infer<typeof modelFile>;
export type ModelColumn = z.infer<typeof modelColumn>;
export type ColumnTest = z.infer<typeof columnTest>;
export type ModelTest = z.infer<typeof modelTest>;
export type Reconciliation = z.infer<typeof reconciliation>;
export type UnitTest = z.infer<typeof unitTest>;
export type ScoreSpec = z.infer<typeof scoreSpec>;
export type ModelKind = ModelFile['kind'];
