import { CfnOutput, Fn } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { platformStackName } from '../../core/names';

type Shared = 'Lake' | 'Landing';

const exportName = (bucket: Shared, attribute: 'Arn' | 'Name') => `${platformStackName}-${bucket}Bucket${attribute}`;

/**
 * The platform's buckets as named exports, which tenant stacks import. Named exports (instead of CDK's generated
 * cross-stack references) keep the ARNs in tenant policies readable and stable: `Polder-LakeBucketArn/raw/<tenant>/*`
 * is what cdk-nag reports and infra/nag.ts acknowledges.
 */
export function exportBuckets(scope: Construct, buckets: Record<Shared, s3.IBucket>): void {
  for (const [name, bucket] of Object.entries(buckets) as [Shared, s3.IBucket][]) {
    new CfnOutput(scope, `${name}BucketArn`, { value: bucket.bucketArn, exportName: exportName(name, 'Arn') });
    new CfnOutput(scope, `${name}BucketName`, { value: bucket.bucketName, exportName: exportName(name, 'Name') });
  }
}

export function importBucket(scope: Construct, name: Shared): s3.IBucket {
  return s3.Bucket.fromBucketAttributes(scope, `${name}Bucket`, {
    bucketArn: Fn.importValue(exportName(name, 'Arn')),
    bucketName: Fn.importValue(exportName(name, 'Name')),
  });
}

/** How an imported bucket's ARN appears in cdk-nag findings. */
export const importedArn = (name: Shared) => exportName(name, 'Arn');
