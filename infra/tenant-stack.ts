import { Stack, type StackProps, Tags } from 'aws-cdk-lib';
import * as athena from 'aws-cdk-lib/aws-athena';
import * as glue from 'aws-cdk-lib/aws-glue';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { tenantDatabase, tenantWorkgroup } from '../core/tables';
import type { TenantConfig } from '../schemas/tenant';
import { importBucket } from './constructs/shared-buckets';
import { TenantAccess } from './constructs/tenant-access';

export interface TenantStackProps extends StackProps {
  readonly tenant: TenantConfig;
  /** Platform roles that run this tenant's work and may assume its data role (infra/constructs/tenant-access.ts). */
  readonly trustedRoles: readonly iam.IRole[];
}

export const TENANT_TAG = 'polder:tenant';

/** One tenant: its Glue database, Athena workgroup, KMS key, pseudonym key secret and data role; tagged for cost allocation. */
export class TenantStack extends Stack {
  readonly database: glue.CfnDatabase;
  readonly workgroup: athena.CfnWorkGroup;
  readonly access: TenantAccess;
  readonly tenantId: string;

  constructor(scope: Construct, id: string, props: TenantStackProps) {
    super(scope, id, props);
    const { tenant } = props;
    this.tenantId = tenant.id;
    // The platform's buckets (stack Polder): tables and query results live in the lake, uploads in landing.
    const lake = importBucket(this, 'Lake');
    this.access = new TenantAccess(this, 'Access', {
      tenant: tenant.id,
      lake,
      landing: importBucket(this, 'Landing'),
      trustedRoles: props.trustedRoles,
    });

    this.database = new glue.CfnDatabase(this, 'Database', {
      catalogId: this.account,
      databaseInput: {
        name: tenantDatabase(tenant.id),
        description: `Polder tables of ${tenant.name}`,
      },
    });

    this.workgroup = new athena.CfnWorkGroup(this, 'WorkGroup', {
      name: tenantWorkgroup(tenant.id),
      description: `Polder queries of ${tenant.name}`,
      state: 'ENABLED',
      // Query history and saved queries only; the data is in the lake and stays.
      recursiveDeleteOption: true,
      workGroupConfiguration: {
        // Clients cannot pick another output location, skip encryption or lift the cutoff.
        enforceWorkGroupConfiguration: true,
        publishCloudWatchMetricsEnabled: true,
        bytesScannedCutoffPerQuery: tenant.bytes_scanned_cutoff,
        engineVersion: { selectedEngineVersion: 'Athena engine version 3' },
        resultConfiguration: {
          outputLocation: `s3://${lake.bucketName}/athena-results/${tenant.id}/`,
          // Query results and UNLOAD output with the tenant's key.
          encryptionConfiguration: { encryptionOption: 'SSE_KMS', kmsKey: this.access.key.keyArn },
        },
      },
    });

    Tags.of(this).add(TENANT_TAG, tenant.id);
  }
}
