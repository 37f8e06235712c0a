import { Duration, RemovalPolicy, Stack, Tags } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import { logExecutionDataContext, type WorkflowName, workflowTag } from '../core/names';
import { tenantRoleName } from '../core/tables';

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

/** ARN of a tenant's data role (infra/constructs/tenant-access.ts); `tenant` may be a placeholder such as `{}`. */
export function tenantRoleArn(stack: Stack, tenant: string): string {
  return stack.formatArn({ service: 'iam', region: '', resource: 'role', resourceName: tenantRoleName(tenant) });
}

/** The Task `Credentials` of a tenant's work: its data role, named from the state's `tenant` field. */
class TenantTaskRole extends sfn.TaskRole {
  readonly roleArn: string;
  readonly resource: string;
  constructor(stack: Stack, tenants: readonly string[]) {
    super();
    this.roleArn = sfn.JsonPath.format(tenantRoleArn(stack, '{}'), sfn.JsonPath.stringAt('$.tenant'));
    // Only for CDK's own sts:AssumeRole grant, which AthenaQuery replaces with the list of tenant roles.
    this.resource = tenantRoleArn(stack, tenants[0] ?? 'none');
  }
}

export interface AthenaQueryProps {
  /** Tenant ids (tenants/*.yaml): the data roles the task may run with. */
  readonly tenants: readonly string[];
  /** @default '$.athena' */
  readonly resultPath?: string;
}

/**
 * `AthenaStartQueryExecution` with `.sync`, taking query, workgroup and database from the state, run with the
 * credentials of the tenant the state names (`Credentials.RoleArn`): Athena then reads and writes S3, Glue and KMS as
 * that tenant's data role, which reaches only that tenant's prefixes, database, workgroup and key.
 *
 * CDK's own statements for this task (s3 on `*`, Glue on the `default` database) are dropped: the state machine's
 * role needs nothing but sts:AssumeRole on the tenants' data roles.
 */
export class AthenaQuery extends tasks.AthenaStartQueryExecution {
  private readonly tenants: readonly string[];

  constructor(scope: Construct, id: string, props: AthenaQueryProps) {
    super(scope, id, {
      queryString: sfn.JsonPath.stringAt('$.query'),
      workGroup: sfn.JsonPath.stringAt('$.workgroup'),
      queryExecutionContext: { databaseName: sfn.JsonPath.stringAt('$.database') },
      integrationPattern: sfn.IntegrationPattern.RUN_JOB,
      resultSelector: { queryExecutionId: sfn.JsonPath.stringAt('$.QueryExecution.QueryExecutionId') },
      resultPath: props.resultPath ?? '$.athena',
      credentials: { role: new TenantTaskRole(Stack.of(scope), props.tenants) },
    });
    this.tenants = props.tenants;
    // taskPolicies is read when the state machine collects its role's statements, after this constructor.
    (this as unknown as { taskPolicies: iam.PolicyStatement[] }).taskPolicies = [];
    this.addRetry(backoff({ errors: athenaTransientErrors, interval: Duration.seconds(5), maxAttempts: 6, maxDelay: Duration.minutes(2) }));
  }

  override whenBoundToGraph(graph: sfn.StateGraph): void {
    // CDK would grant sts:AssumeRole on the credentials' one resource; the task may assume any tenant's data role.
    const self = this as unknown as { credentials?: sfn.Credentials };
    const credentials = self.credentials;
    self.credentials = undefined;
    super.whenBoundToGraph(graph);
    self.credentials = credentials;
    if (this.tenants.length === 0) return;
    const stack = Stack.of(this);
    graph.registerPolicyStatement(
      new iam.PolicyStatement({ actions: ['sts:AssumeRole'], resources: this.tenants.map((t) => tenantRoleArn(stack, t)) }),
    );
  }
}

export interface WorkflowMachineProps {
  readonly workflow: WorkflowName;
  readonly definition: sfn.IChainable;
  /** Encrypts the execution log group. */
  readonly logKey: kms.IKey;
  /** @default logs.RetentionDays.THREE_MONTHS */
  readonly logRetention?: logs.RetentionDays;
  /** @default Duration.hours(2) */
  readonly timeout?: Duration;
}

/**
 * A Standard state machine with X-Ray tracing and its workflow tag, logging every event to a KMS-encrypted log
 * group with a retention — without execution data (state input and output: dataset names, row counts, examples of
 * rejected values) unless the CDK context `polder:logExecutionData` is `true`, for debugging.
 */
export function workflowMachine(scope: Construct, id: string, props: WorkflowMachineProps): sfn.StateMachine {
  const logGroup = new logs.LogGroup(scope, `${id}Logs`, {
    // The vendedlogs prefix keeps the CloudWatch Logs resource policy small with many machines.
    logGroupName: `/aws/vendedlogs/states/${Stack.of(scope).stackName}-${props.workflow}`,
    retention: props.logRetention ?? logs.RetentionDays.THREE_MONTHS,
    removalPolicy: RemovalPolicy.RETAIN,
    encryptionKey: props.logKey,
  });
  const includeExecutionData = [true, 'true'].includes(scope.node.tryGetContext(logExecutionDataContext));
  const machine = new sfn.StateMachine(scope, id, {
    stateMachineType: sfn.StateMachineType.STANDARD,
    definitionBody: sfn.DefinitionBody.fromChainable(props.definition),
    logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData },
    tracingEnabled: true,
    timeout: props.timeout ?? Duration.hours(2),
  });
  Tags.of(machine).add(workflowTag, props.workflow);
  return machine;
}
