import { Stack, type StackProps, Tags } from 'aws-cdk-lib';
import * as athena from 'aws-cdk-lib/aws-athena';
import * as glue from 'aws-cdk-lib/aws-glue';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { tenantDatabase, tenantWorkgroup } from '../core/tables';
import type { TenantConfig } from '../schemas/tenant';

export interface TenantStackProps extends StackProps {
  readonly tenant: TenantConfig;
  /** The platform's lake bucket: tables and query results live there. */
  readonly lake: s3.IBucket;
}

export const TENANT_TAG = 'polder:tenant';

/** One tenant: its Glue database and Athena workgroup, tagged for cost allocation. */
export class TenantStack extends Stack {
  readonly database: glue.CfnDatabase;
  readonly workgroup: athena.CfnWorkGroup;

  constructor(scope: Construct, id: string, props: TenantStackProps) {
    super(scope, id, props);
    const { tenant, lake } = props;

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
          encryptionConfiguration: { encryptionOption: 'SSE_S3' },
        },
      },
    });

    Tags.of(this).add(TENANT_TAG, tenant.id);
  }
}
