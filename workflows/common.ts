import { Duration, RemovalPolicy, Stack, Tags } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import { topPrefix } from '../core/keys';
import { lakePrefix, tenantDatabasePrefix, tenantWorkgroupPrefix, type WorkflowName, workflowTag } from '../core/names';

/**
 * Building blocks every workflow uses. docs/architecture.md ("State machines") fixes the state names,
 * resources and paths; the offline runtime reads the synthesized definitions, so keep them exact.
 */


/**
 * The errors a Lambda task retries: the Lambda service's own transient failures and throttling (the standard list
 * AWS recommends), never the function's own errors, which a retry would only repeat.
 */
export const lambdaTransientErrors = [
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
] as const;

/** Athena's throttling and its service-side failures; a query that fails (States.TaskFailed) is not retried. */
export const athenaTransientErrors = ['Athena.TooManyRequestsException', 'Athena.InternalServerException', 'Athena.AmazonAthenaException'] as const;

/**
 * Exponential backoff with full jitter (each wait a random share of the backoff), so a burst of uploads that is
 * throttled together does not come back together; capped so the whole retry stays within minutes.
 */
export function backoff(props: { errors: readonly string[]; interval: Duration; maxAttempts: number; maxDelay?: Duration }): sfn.RetryProps {
  return {
    errors: [...props.errors],
    interval: props.interval,
    maxAttempts: props.maxAttempts,
    backoffRate: 2,
    maxDelay: props.maxDelay ?? Duration.minutes(1),
    jitterStrategy: sfn.JitterType.FULL,
  };
}

/** Lambda task: the full service-integration response, then its Payload (`lambda:invoke`, not the optimised form). */
export function invoke(scope: Construct, id: string, fn: lambda.IFunction): tasks.LambdaInvoke {
  const task = new tasks.LambdaInvoke(scope, id, {
    lambdaFunction: fn,
    payloadResponseOnly: false,
    outputPath: '$.Payload',
    // CDK's own retry has no jitter and leaves out throttling: the one below replaces it.
    retryOnServiceExceptions: false,
  });
  task.addRetry(backoff({ errors: lambdaTransientErrors, interval: Duration.seconds(2), maxAttempts: 6 }));
  return task;
}

export interface AthenaAccessProps {
  /** The lake bucket: Athena reads tables and writes UNLOAD output and query results there. */
  readonly lake: s3.IBucket;
  /** Zone prefixes the queries read, e.g. `['raw/', 'curated/']`; athena-results/ is always added. */
  readonly readPrefixes: readonly string[];
  /** Zone prefixes the queries write to (UNLOAD targets), e.g. `['quarantine/']`; athena-results/ is always added. */
  readonly writePrefixes: readonly string[];
}

/** Glue and Athena names every Polder tenant uses (see core/keys.ts: polder_<tenant>, polder-<tenant>). */
export function athenaQueryStatements(stack: Stack, props: AthenaAccessProps): iam.PolicyStatement[] {
  const arn = (service: string, resource: string, resourceName?: string) =>
    stack.formatArn({ service, resource, resourceName });
  const objects = (prefixes: readonly string[]) => [...new Set(prefixes)].map((p) => props.lake.arnForObjects(`${p}*`));
  return [
    new iam.PolicyStatement({
      actions: [
        'athena:StartQueryExecution',
        'athena:GetQueryExecution',
        'athena:GetQueryResults',
        'athena:StopQueryExecution',
        'athena:GetDataCatalog',
        'athena:GetWorkGroup',
      ],
      resources: [arn('athena', 'workgroup', `${tenantWorkgroupPrefix}*`), arn('athena', 'datacatalog', 'AwsDataCatalog')],
    }),
    new iam.PolicyStatement({
      actions: ['glue:GetDatabase', 'glue:GetTable', 'glue:GetTables', 'glue:GetPartition', 'glue:GetPartitions'],
      resources: [arn('glue', 'catalog'), arn('glue', 'database', `${tenantDatabasePrefix}*`), arn('glue', 'table', `${tenantDatabasePrefix}*/*`)],
    }),
    new iam.PolicyStatement({
      actions: ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'],
      resources: [props.lake.bucketArn],
    }),
    // Athena reads and writes S3 with the caller's credentials, including its own result files.
    new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: objects([...props.readPrefixes, topPrefix(lakePrefix.athenaResults)]) }),
    new iam.PolicyStatement({
      actions: ['s3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
      resources: objects([...props.writePrefixes, topPrefix(lakePrefix.athenaResults)]),
    }),
  ];
}

export interface AthenaQueryProps {
  readonly access: AthenaAccessProps;
  /** @default '$.athena' */
  readonly resultPath?: string;
}

/**
 * `AthenaStartQueryExecution` with `.sync`, taking query, workgroup and database from the state.
 *
 * CDK's own statements for this task grant s3:CreateBucket/GetObject/PutObject on `*` and Glue on the
 * `default` database only (the database here is a JSONPath, unknown at synth), which is both too broad and
 * not enough. They are replaced with statements scoped to the lake bucket and the polder_* catalog.
 */
export class AthenaQuery extends tasks.AthenaStartQueryExecution {
  constructor(scope: Construct, id: string, props: AthenaQueryProps) {
    super(scope, id, {
      queryString: sfn.JsonPath.stringAt('$.query'),
      workGroup: sfn.JsonPath.stringAt('$.workgroup'),
      queryExecutionContext: { databaseName: sfn.JsonPath.stringAt('$.database') },
      integrationPattern: sfn.IntegrationPattern.RUN_JOB,
      resultSelector: { queryExecutionId: sfn.JsonPath.stringAt('$.QueryExecution.QueryExecutionId') },
      resultPath: props.resultPath ?? '$.athena',
    });
    // taskPolicies is read when the state machine collects its role's statements, after this constructor.
    (this as unknown as { taskPolicies: iam.PolicyStatement[] }).taskPolicies = athenaQueryStatements(
      Stack.of(this),
      props.access,
    );
    this.addRetry(backoff({ errors: athenaTransientErrors, interval: Duration.seconds(5), maxAttempts: 6, maxDelay: Duration.minutes(2) }));
  }
}

export interface WorkflowMachineProps {
  readonly workflow: WorkflowName;
  readonly definition: sfn.IChainable;
  /** @default logs.RetentionDays.THREE_MONTHS */
  readonly logRetention?: logs.RetentionDays;
  /** @default Duration.hours(2) */
  readonly timeout?: Duration;
}

/** A Standard state machine with full execution logging, X-Ray tracing and its workflow tag. */
export function workflowMachine(scope: Construct, id: string, props: WorkflowMachineProps): sfn.StateMachine {
  const logGroup = new logs.LogGroup(scope, `${id}Logs`, {
    // The vendedlogs prefix keeps the CloudWatch Logs resource policy small with many machines.
    logGroupName: `/aws/vendedlogs/states/${Stack.of(scope).stackName}-${props.workflow}`,
    retention: props.logRetention ?? logs.RetentionDays.THREE_MONTHS,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  const machine = new sfn.StateMachine(scope, id, {
    stateMachineType: sfn.StateMachineType.STANDARD,
    definitionBody: sfn.DefinitionBody.fromChainable(props.definition),
    logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: true },
    tracingEnabled: true,
    timeout: props.timeout ?? Duration.hours(2),
  });
  Tags.of(machine).add(workflowTag, props.workflow);
  return machine;
}
