import { type App, CfnResource, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks, rules } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { configPrefix } from '../core/keys';
import { configPart, lakePrefix, tenantDatabasePrefix, tenantWorkgroupPrefix, zones } from '../core/names';
import type { PlatformStack } from './platform-stack';
import type { TenantStack } from './tenant-stack';

/**
 * cdk-nag v3: the AwsSolutions pack is a validation plugin (`Validations.of(app).addPlugins`) and findings are
 * acknowledged with `Validations.of(construct).acknowledge({ id, reason })` (v3 has no NagSuppressions).
 * Every acknowledgement below names the finding exactly and says why it stays; anything new fails synthesis.
 */

export interface NagOptions {
  readonly platform: PlatformStack;
  readonly tenants: readonly TenantStack[];
  /** Register the AwsSolutions pack, so synthesis fails on unacknowledged errors. */
  readonly check: boolean;
}

export function applyNag(app: App, opts: NagOptions): void {
  acknowledgeWildcards(opts.platform, wildcardReasons(opts.platform));
  acknowledgeCdkInternals(opts.platform);
  Validations.of(opts.platform.node.findChild('UploadTrigger').node.findChild('DeadLetterQueue')).acknowledge({
    id: 'AwsSolutions-SQS3',
    reason: 'This queue is itself the dead-letter queue of the EventBridge target; a DLQ of a DLQ adds nothing.',
  });
  if (opts.check) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
}

/** Actions AWS offers only on `Resource: *` (no resource-level permissions). */
const starOnlyActions = new Set([
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
  'xray:GetSamplingRules',
  'xray:GetSamplingTargets',
  'logs:CreateLogDelivery',
  'logs:GetLogDelivery',
  'logs:UpdateLogDelivery',
  'logs:DeleteLogDelivery',
  'logs:ListLogDeliveries',
  'logs:PutResourcePolicy',
  'logs:DescribeResourcePolicies',
  'logs:DescribeLogGroups',
]);

interface WildcardReason {
  readonly finding: (finding: string) => boolean;
  readonly reason: string;
}

/** Why each kind of IAM5 wildcard in the platform stack is the narrowest that works. */
function wildcardReasons(platform: PlatformStack): WildcardReason[] {
  const ref = (construct: IConstruct) => platform.getLogicalId(construct.node.defaultChild as CfnResource);
  const lake = ref(platform.buckets.lake);
  const landing = ref(platform.buckets.landing);
  const lakePrefixes = new Set(
    [...zones, lakePrefix.config, lakePrefix.athenaResults].map((z) => `${z}/`).concat(configPrefix(configPart.secrets)).map((p) => `Resource::<${lake}.Arn>/${p}*`),
  );
  const functionIds = new Set(Object.values(platform.functions.byName).map(ref));
  const account = 'arn:<AWS::Partition>:%s:<AWS::Region>:<AWS::AccountId>:';
  const arn = (service: string, rest: string) => `Resource::${account.replace('%s', service)}${rest}`;
  return [
    {
      finding: (f) => lakePrefixes.has(f),
      reason:
        'Objects under one zone prefix of the lake (docs/architecture.md): keys carry tenant, dataset and load or run ids that exist only at run time; each role gets only the zones it reads or writes.',
    },
    {
      finding: (f) => f === `Resource::<${landing}.Arn>/*`,
      reason: 'Uploads arrive under any <tenant>/<dataset>/ key of the landing bucket; only ingest reads them, read-only.',
    },
    {
      finding: (f) => f === arn('glue', `database/${tenantDatabasePrefix}*`) || f === arn('glue', `table/${tenantDatabasePrefix}*/*`),
      reason:
        'One Glue database per tenant (polder_<tenant>, stacks Polder-<tenant>), tenants are added by adding a file; tables are registered per load at run time.',
    },
    {
      finding: (f) => f === arn('athena', `workgroup/${tenantWorkgroupPrefix}*`),
      reason: 'One Athena workgroup per tenant (polder-<tenant>); the query names the tenant at run time.',
    },
    {
      finding: (f) => /^Resource::<(\w+)\.Arn>:\*$/.test(f) && functionIds.has(/^Resource::<(\w+)\.Arn>/.exec(f)?.[1] ?? ''),
      reason: "CDK's LambdaInvoke grant: one named Polder function, including its versions and aliases (<arn>:*).",
    },
    {
      finding: (f) => f.startsWith(arn('states', 'execution:')) && f.endsWith('*'),
      reason:
        'startExecution.sync must describe and stop the executions of one named child state machine; execution names are made at run time.',
    },
  ];
}

function statements(node: CfnResource): { Effect?: string; Action?: string | string[]; Resource?: unknown }[] {
  const stack = Stack.of(node);
  const doc =
    node instanceof iam.CfnPolicy || node instanceof iam.CfnManagedPolicy ? stack.resolve(node.policyDocument) : undefined;
  return (doc?.Statement ?? []) as { Effect?: string; Action?: string | string[]; Resource?: unknown }[];
}

const asList = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** `Resource: *` is acceptable only when every action of those statements allows nothing narrower. */
function starOnlyStatements(node: CfnResource): boolean {
  const star = statements(node).filter((s) => s.Effect === 'Allow' && asList(s.Resource).includes('*'));
  return star.length > 0 && star.every((s) => asList(s.Action).every((a) => starOnlyActions.has(a)));
}

/** Acknowledges each IAM5 finding of a policy under `scope` that has a reason; others stay and fail. */
function acknowledgeWildcards(scope: IConstruct, reasons: WildcardReason[]): void {
  for (const node of scope.node.findAll()) {
    if (!(node instanceof iam.CfnPolicy)) continue;
    const findings = rules.iam.IAMNoWildcardPermissions(node);
    if (!Array.isArray(findings)) continue;
    for (const finding of findings as string[]) {
      const reason =
        finding === 'Resource::*'
          ? starOnlyStatements(node)
            ? 'X-Ray tracing and CloudWatch Logs delivery actions have no resource-level permissions; AWS requires Resource "*" for them.'
            : undefined
          : reasons.find((r) => r.finding(finding))?.reason;
      if (reason) Validations.of(node).acknowledge({ id: `AwsSolutions-IAM5[${finding}]`, reason });
    }
  }
}

/** Singleton Lambda functions CDK itself adds for BucketDeployment and S3 EventBridge notifications. */
function acknowledgeCdkInternals(stack: PlatformStack): void {
  const lake = stack.getLogicalId(stack.buckets.lake.node.defaultChild as CfnResource);
  const basicExecution = 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]';
  for (const child of stack.node.children) {
    if (child.node.id.startsWith('Custom::CDKBucketDeployment')) {
      const why = 'CDK-provided BucketDeployment handler (deploys config/ at deploy time only); its runtime, role and grants are set by aws-cdk-lib.';
      const ack = (id: string) => Validations.of(child).acknowledge({ id, reason: why });
      ack(basicExecution);
      ack('AwsSolutions-L1');
      for (const action of ['s3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:DeleteObject*', 's3:Abort*']) ack(`AwsSolutions-IAM5[Action::${action}]`);
      // The bootstrap asset bucket holds the zipped config; its object keys are content hashes.
      ack('AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*]');
      // BucketDeployment grants read/write on the whole destination bucket; it syncs only config/ (prune off).
      ack(`AwsSolutions-IAM5[Resource::<${lake}.Arn>/*]`);
    } else if (child.node.id.startsWith('BucketNotificationsHandler')) {
      Validations.of(child).acknowledge({
        id: basicExecution,
        reason: 'CDK-provided handler that turns on EventBridge notifications for the landing bucket at deploy time; only writes its own logs.',
      });
    }
  }
}
