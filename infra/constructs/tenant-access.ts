import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { configPrefix, overrideContractsPrefix, pseudonymKeyPrefix, tenantConfigKey, topPrefix } from '../../core/keys';
import { configPart, lakePrefix, zones } from '../../core/names';
import { pseudonymSecretName, tenantDatabase, tenantKeyAlias, tenantRoleName, tenantWorkgroup } from '../../core/tables';

/** Lake prefixes of one tenant (docs/architecture.md, "Buckets, zones and keys"), each ending in `/`. */
export function tenantLakePrefixes(tenant: string): string[] {
  return [
    ...zones.map((z) => `${topPrefix(z)}${tenant}/`),
    pseudonymKeyPrefix(tenant),
    `${topPrefix(lakePrefix.athenaResults)}${tenant}/`,
    `${topPrefix(lakePrefix.audit)}${tenant}/`,
  ];
}

/** Shared config the tenant's runs read: its own tenant file and overrides, and the packs (SQL and contracts, no data). */
export function tenantConfigKeys(tenant: string): string[] {
  return [tenantConfigKey(tenant), `${overrideContractsPrefix(tenant)}*`, `${configPrefix(configPart.packs)}*`];
}

export interface TenantAccessProps {
  readonly tenant: string;
  readonly lake: s3.IBucket;
  readonly landing: s3.IBucket;
  /**
   * Platform roles that run this tenant's work: the data functions (they assume the role per invocation) and the
   * state machines (their Athena tasks name the role in `Credentials`).
   */
  readonly trustedRoles: readonly iam.IRole[];
}

/**
 * What makes a tenant a tenant in IAM: its KMS key, its pseudonym key secret and the one role that reaches its data.
 * The role's statements name only this tenant's prefixes, database, workgroup, secret and key; the key policy lets
 * only that role use the key (and Secrets Manager and CloudWatch Logs on its behalf).
 */
export class TenantAccess extends Construct {
  readonly key: kms.Key;
  readonly secret: secretsmanager.Secret;
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: TenantAccessProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const { tenant } = props;

    // A fixed name: the platform names the role (sts:AssumeRole, Task Credentials) without importing from this
    // stack, which already imports the platform's buckets and roles.
    this.role = new iam.Role(this, 'DataRole', {
      roleName: tenantRoleName(tenant),
      description: `Polder: the only role that reaches the data of tenant ${tenant}`,
      assumedBy: new iam.CompositePrincipal(...props.trustedRoles.map((r) => new iam.ArnPrincipal(r.roleArn))),
      maxSessionDuration: Duration.hours(1),
    });

    this.key = new kms.Key(this, 'Key', {
      alias: tenantKeyAlias(tenant),
      description: `Polder tenant ${tenant}: lake prefixes, Athena results, pseudonym key`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
      // The account may administer the key, not use it: only the statements below grant cryptography.
      policy: new iam.PolicyDocument({
        statements: [
          new iam.PolicyStatement({
            sid: 'Administration',
            principals: [new iam.AccountRootPrincipal()],
            actions: [
              'kms:Create*', 'kms:Describe*', 'kms:Enable*', 'kms:List*', 'kms:Put*', 'kms:Update*', 'kms:Revoke*',
              'kms:Disable*', 'kms:Get*', 'kms:Delete*', 'kms:TagResource', 'kms:UntagResource',
              'kms:ScheduleKeyDeletion', 'kms:CancelKeyDeletion',
            ],
            resources: ['*'],
          }),
          new iam.PolicyStatement({
            sid: 'TenantData',
            principals: [new iam.ArnPrincipal(this.role.roleArn)],
            actions: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:ReEncrypt*', 'kms:DescribeKey'],
            resources: ['*'],
          }),
          // CloudFormation writes the generated secret through Secrets Manager; reading it takes the secret's own
          // policy (only the tenant role) as well.
          new iam.PolicyStatement({
            sid: 'SecretsManagerForThisTenantsSecret',
            principals: [new iam.AccountRootPrincipal()],
            actions: ['kms:Encrypt', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
            resources: ['*'],
            conditions: {
              StringEquals: { 'kms:ViaService': `secretsmanager.${stack.region}.amazonaws.com`, 'kms:CallerAccount': stack.account },
              StringLike: { 'kms:EncryptionContext:SecretARN': stack.formatArn({ service: 'secretsmanager', resource: 'secret', resourceName: `${pseudonymSecretName(tenant)}-*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME }) },
            },
          }),
        ],
      }),
    });

    this.secret = new secretsmanager.Secret(this, 'PseudonymKey', {
      secretName: pseudonymSecretName(tenant),
      description: `Polder tenant ${tenant}: HMAC key of its pseudonyms (never rotated: pseudonyms must stay stable)`,
      encryptionKey: this.key,
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Nobody but the tenant role reads the value, whatever their identity policies say.
    this.secret.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'OnlyTheTenantRoleReads',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['secretsmanager:GetSecretValue'],
        resources: ['*'],
        conditions: { ArnNotEquals: { 'aws:PrincipalArn': this.role.roleArn } },
      }),
    );

    this.grantData(props);
  }

  private grantData(props: TenantAccessProps): void {
    const stack = Stack.of(this);
    const { tenant, lake, landing } = props;
    const prefixes = tenantLakePrefixes(tenant);
    const objects = (keys: readonly string[]) => keys.map((k) => lake.arnForObjects(k.endsWith('/') ? `${k}*` : k));
    const arn = (service: string, resource: string, resourceName?: string) => stack.formatArn({ service, resource, resourceName });
    const statements = [
      new iam.PolicyStatement({
        sid: 'Uploads',
        actions: ['s3:GetObject', 's3:GetObjectVersion'],
        resources: [landing.arnForObjects(`${tenant}/*`)],
      }),
      new iam.PolicyStatement({
        sid: 'ListOwnPrefixes',
        actions: ['s3:ListBucket'],
        resources: [lake.bucketArn],
        conditions: { StringLike: { 's3:prefix': [...prefixes.map((p) => `${p}*`), `${configPrefix()}*`] } },
      }),
      new iam.PolicyStatement({ sid: 'LakeBucket', actions: ['s3:GetBucketLocation', 's3:ListBucketMultipartUploads'], resources: [lake.bucketArn] }),
      new iam.PolicyStatement({ sid: 'ReadOwnData', actions: ['s3:GetObject'], resources: objects([...prefixes, ...tenantConfigKeys(tenant)]) }),
      new iam.PolicyStatement({
        sid: 'WriteOwnData',
        actions: ['s3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
        resources: objects(prefixes),
      }),
      // retention and erasure delete for good: every object version of the tenant's own zones (data, not config)
      new iam.PolicyStatement({
        sid: 'ListOwnVersions',
        actions: ['s3:ListBucketVersions'],
        resources: [lake.bucketArn],
        conditions: { StringLike: { 's3:prefix': zones.map((z) => `${topPrefix(z)}${tenant}/*`) } },
      }),
      new iam.PolicyStatement({
        sid: 'DeleteOwnData',
        actions: ['s3:DeleteObject', 's3:DeleteObjectVersion'],
        resources: objects(zones.map((z) => `${topPrefix(z)}${tenant}/`)),
      }),
      new iam.PolicyStatement({
        sid: 'OwnDatabase',
        // GetTableVersions: the history of a published table (core/table-pointer.ts); DeleteTable: a load's own tables, and retention drops the tables of the loads it deletes
        actions: [
          'glue:GetDatabase',
          'glue:GetTable',
          'glue:GetTables',
          'glue:GetTableVersions',
          'glue:GetPartition',
          'glue:GetPartitions',
          'glue:CreateTable',
          'glue:UpdateTable',
          'glue:DeleteTable',
        ],
        resources: [arn('glue', 'catalog'), arn('glue', 'database', tenantDatabase(tenant)), arn('glue', 'table', `${tenantDatabase(tenant)}/*`)],
      }),
      new iam.PolicyStatement({
        sid: 'OwnWorkgroup',
        actions: ['athena:StartQueryExecution', 'athena:GetQueryExecution', 'athena:GetQueryResults', 'athena:StopQueryExecution', 'athena:GetWorkGroup'],
        resources: [arn('athena', 'workgroup', tenantWorkgroup(tenant))],
      }),
      new iam.PolicyStatement({ sid: 'DataCatalog', actions: ['athena:GetDataCatalog'], resources: [arn('athena', 'datacatalog', 'AwsDataCatalog')] }),
      new iam.PolicyStatement({ sid: 'OwnSecret', actions: ['secretsmanager:GetSecretValue'], resources: [this.secret.secretArn] }),
      new iam.PolicyStatement({
        sid: 'OwnKey',
        actions: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:ReEncrypt*', 'kms:DescribeKey'],
        resources: [this.key.keyArn],
      }),
    ];
    for (const statement of statements) this.role.addToPolicy(statement);
  }
}
