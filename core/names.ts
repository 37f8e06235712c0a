/**
 * The one home of every name the parts of Polder share: the CDK app, the Lambdas, the state machines, the offline
 * runtime and the CLI spell these only through this module (test/unit/architecture.test.ts searches the source
 * for each literal outside this file). Tables are named in core/tables.ts, keys are built in core/keys.ts.
 */

/**
 * Zones of the lake bucket: every key starts with its zone and its tenant. `decoded` holds the query copy of an
 * upload, the one the raw table reads when it cannot read the upload itself (core/query-copy.ts), beside `raw`,
 * which keeps the upload byte for byte; the copy has its own zone because a table reads every object below its folder.
 */
export const zone = {
  raw: 'raw',
  decoded: 'decoded',
  quarantine: 'quarantine',
  curated: 'curated',
  marts: 'marts',
  results: 'results',
  reports: 'reports',
} as const;
export type Zone = (typeof zone)[keyof typeof zone];
export const zones = Object.values(zone) as readonly Zone[];

/** Prefixes of the lake outside the zones: deployed config (with its parts) and Athena's query results. */
export const lakePrefix = {
  config: 'config',
  athenaResults: 'athena-results',
  /** Key tables (the tenant's pseudonym key, copied from its secret; AWS only). */
  keyTables: 'key-tables',
  /** Audit records of retention runs and erasures (`audit/<tenant>/<kind>/<id>.json`); they hold no personal values. */
  audit: 'audit',
} as const;

/** Kinds of audit record under audit/<tenant>/. */
export const auditKind = {
  retention: 'retention',
  erasure: 'erasure',
} as const;
export type AuditKind = (typeof auditKind)[keyof typeof auditKind];

/** The parts of config/ (docs/architecture.md, "Buckets, zones and keys"). */
export const configPart = {
  tenants: 'tenants',
  packs: 'packs',
  overrides: 'overrides',
  secrets: 'secrets',
} as const;

/** The four stages of a load, in order; each is a state machine of its own. */
export const stage = {
  validate: 'validate',
  integrate: 'integrate',
  datamart: 'datamart',
  analyze: 'analyze',
} as const;
export type StageName = (typeof stage)[keyof typeof stage];
export const stageNames = [stage.validate, stage.integrate, stage.datamart, stage.analyze] as const;

/** The stages that build tables with SQL (plan → build → publish → summarize). */
export const buildStageNames = [stage.integrate, stage.datamart, stage.analyze] as const;
export type BuildStageName = (typeof buildStageNames)[number];

/** The state machines: the four stages and the pipeline that runs them for one upload. */
export const workflow = { ...stage, pipeline: 'pipeline', retention: 'retention' } as const;
export type WorkflowName = (typeof workflow)[keyof typeof workflow];
export const workflowNames = [...stageNames, workflow.pipeline, workflow.retention] as const;

/** Tag on each state machine naming its workflow; the offline runtime finds machines by it. */
export const workflowTag = 'polder:workflow';

/** The Lambda functions (docs/architecture.md, "Lambda functions"); each is functions/<name>.ts. */
export const functionName = {
  startPipeline: 'start-pipeline',
  ingest: 'ingest',
  precheck: 'precheck',
  prepareChecks: 'prepare-checks',
  writeReport: 'write-report',
  plan: 'plan',
  trainScore: 'train-score',
  checkModel: 'check-model',
  publish: 'publish',
  nextWave: 'next-wave',
  summarize: 'summarize',
  reportFailure: 'report-failure',
  retention: 'retention',
} as const;
export type FunctionName = (typeof functionName)[keyof typeof functionName];
export const functionNames = Object.values(functionName) as readonly FunctionName[];

/** Environment variables the CDK sets on the Lambdas and the adapters (and the offline runtime) read. */
export const envVar = {
  /** Which core a Lambda runs (functions/registry.ts). */
  function: 'POLDER_FUNCTION',
  landingBucket: 'LANDING_BUCKET',
  lakeBucket: 'LAKE_BUCKET',
  /** Only on start-pipeline. */
  pipelineStateMachineArn: 'PIPELINE_STATE_MACHINE_ARN',
  /** On the data functions: a tenant data role's ARN with `{tenant}` in place of the tenant id. */
  tenantRoleArnPattern: 'TENANT_ROLE_ARN_PATTERN',
} as const;

/**
 * Days an overwritten upload's old version stays in the landing bucket (S3 lifecycle; offline the runtime prunes
 * its kept versions the same way): ingest copies the version its event names within minutes, so this is slack.
 */
export const landingNoncurrentVersionDays = 7;

/** The two buckets; locally these are also the bucket names (folders of the workspace). */
export const bucket = {
  landing: 'landing',
  lake: 'lake',
} as const;
export type BucketName = (typeof bucket)[keyof typeof bucket];

/** Table name prefixes in a tenant database (core/tables.ts); a curated table is named after its dataset. */
export const tablePrefix = {
  raw: 'raw_',
  quarantine: 'quarantine_',
  mart: 'mart_',
  result: 'result_',
  /** i12's link tables, sources for models like datasets. */
  link: 'link_',
  /** A load folder read for a moment (erasure counts and rewrites one load at a time). */
  scratch: 'scratch_',
  /** `<table>__candidate`: a model build under test (model names may not contain `__`). */
  candidateSuffix: '__candidate',
} as const;

/** The folder under reports/<tenant>/ holding the match reports of the declared links (core/link). */
export const linkReportsFolder = 'links';

/** Glue database and Athena workgroup of a tenant: `polder_<tenant>`, `polder-<tenant>` (core/tables.ts). */
export const tenantDatabasePrefix = 'polder_';
export const tenantWorkgroupPrefix = 'polder-';

/** CloudFormation stacks: the platform, and one per tenant (`Polder-<tenant>`, infra/app-builder.ts). */
export const platformStackName = 'Polder';
export const tenantStackPrefix = 'Polder-';

/** Folders of the project that are deployed as config (to config/tenants/ and config/packs/). */
export const projectFolder = {
  tenants: 'tenants',
  packs: 'packs',
} as const;
/** The table in a tenant database that reads its pseudonym key (a dataset id cannot start with `_`). */
export const pseudonymKeyTableName = '_pseudonym_key';

/** The offline vault: a bucket folder of its own beside landing and lake (adapters/local/key-vault.ts). */
export const localVaultBucket = 'vault';

/** CDK context key that turns on execution data in the state machine logs (debugging only). */
export const logExecutionDataContext = 'polder:logExecutionData';

/** Per-tenant IAM role (`polder-<tenant>-data`), KMS alias and secret (core/tables.ts builds them). */
export const tenantRolePrefix = 'polder-';
export const tenantKeyAliasPrefix = 'alias/polder/';
export const tenantSecretPrefix = 'polder/';
