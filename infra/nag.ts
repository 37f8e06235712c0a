import { type App, CfnResource, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks, rules } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { configPrefix } from '../core/keys';
import { configPart } from '../core/names';
import { tenantDatabase } from '../core/tables';
import { importedArn } from './constructs/shared-buckets';
import { tenantConfigKeys, tenantLakePrefixes } from './constructs/tenant-access';
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
  for (const tenant of opts.tenants) {
    acknowledgeWildcards(tenant, tenantWildcardReasons(tenant));
    Validations.of(tenant.access.secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The pseudonym key is never rotated: a new key gives every person a new pseudonym, so curated tables of different loads would no longer join. Readable only by the tenant data role (resource policy) and encrypted with the tenant key.',
    });
  }
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
  const functionIds = new Set(Object.values(platform.functions.byName).map(ref));
  const account = 'arn:<AWS::Partition>:%s:<AWS::Region>:<AWS::AccountId>:';
  const arn = (service: string, rest: string) => `Resource::${account.replace('%s', service)}${rest}`;
  return [
    {
      finding: (f) => f === `Resource::<${lake}.Arn>/${configPrefix(configPart.tenants)}*`,
      reason: 'start-pipeline reads the deployed tenant files (one per tenant, no data) to check that the tenant of an upload exists.',
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

/** Why each IAM5 wildcard of a tenant's data role is the narrowest that works: every one is inside the tenant's scope. */
function tenantWildcardReasons(stack: TenantStack): WildcardReason[] {
  const tenant = stack.tenantId;
  const lake = importedArn('Lake');
  const landing = importedArn('Landing');
  const inBucket = (f: string, bucket: string, suffixes: readonly string[]) => suffixes.some((s) => f === `Resource::${bucket}/${s}`);
  const prefixes = tenantLakePrefixes(tenant).map((p) => `${p}*`);
  const config = tenantConfigKeys(tenant).filter((k) => k.endsWith('*'));
  return [
    {
      finding: (f) => inBucket(f, lake, prefixes),
      reason: `Objects under one of tenant ${tenant}'s own lake prefixes (<zone>/${tenant}/): keys carry dataset and load or run ids that exist only at run time.`,
    },
    {
      finding: (f) => inBucket(f, lake, config),
      reason: `Read-only: tenant ${tenant}'s contract overrides and the deployed packs (SQL and contracts, no data).`,
    },
    {
      finding: (f) => inBucket(f, landing, [`${tenant}/*`]),
      reason: `Uploads of tenant ${tenant} arrive under any <dataset>/ key of its landing prefix; read-only.`,
    },
    {
      finding: (f) => f === `Resource::arn:<AWS::Partition>:glue:<AWS::Region>:<AWS::AccountId>:table/${tenantDatabase(tenant)}/*`,
      reason: `Tables of the tenant's own database (${tenantDatabase(tenant)}), registered per load at run time.`,
    },
    {
      finding: (f) => f === 'Action::kms:GenerateDataKey*' || f === 'Action::kms:ReEncrypt*',
      reason: "S3 (Bucket Keys, multipart uploads) and Athena need the GenerateDataKey and ReEncrypt variants; the resource is the tenant's own key only.",
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
      const why =
        "CDK-provided BucketDeployment handler (deploys config/ at deploy time only); its runtime, role and grants are set by aws-cdk-lib. The lake's bucket policy denies this role every read, write, delete and listing outside config/tenants/ and config/packs/ (infra/constructs/config-deployment.ts; checked by test/unit/infra/isolation.test.ts).";
      const ack = (id: string) => Validations.of(child).acknowledge({ id, reason: why });
      ack(basicExecution);
      ack('AwsSolutions-L1');
      for (const action of ['s3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:DeleteObject*', 's3:Abort*']) ack(`AwsSolutions-IAM5[Action::${action}]`);
      // The bootstrap asset bucket holds the zipped config; its object keys are content hashes.
      ack('AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*]');
      // BucketDeployment grants read/write on the whole destination bucket; the bucket policy takes it back outside config/.
      ack(`AwsSolutions-IAM5[Resource::<${lake}.Arn>/*]`);
    } else if (child.node.id.startsWith('BucketNotificationsHandler')) {
      Validations.of(child).acknowledge({
        id: basicExecution,
        reason: 'CDK-provided handler that turns on EventBridge notifications for the landing bucket at deploy time; only writes its own logs.',
      });
    }
  }
}
