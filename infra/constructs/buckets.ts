import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { topPrefix } from '../../core/keys';
import { lakePrefix, landingNoncurrentVersionDays } from '../../core/names';

export interface PolderBucketsProps {
  /**
   * Days an upload stays in the landing bucket; ingest copies it into the lake's raw zone right away.
   * @default 30
   */
  readonly landingRetentionDays?: number;
  /**
   * Days a noncurrent (overwritten or deleted) lake object version is kept.
   * @default 365
   */
  readonly lakeNoncurrentDays?: number;
  /**
   * Days Athena query results are kept under athena-results/.
   * @default 30
   */
  readonly athenaResultsDays?: number;
}

/** Settings every Polder bucket shares: private, TLS only, encrypted, versioned, retained on stack delete. */
const secure = {
  blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
  enforceSSL: true,
  minimumTLSVersion: 1.2,
  encryption: s3.BucketEncryption.S3_MANAGED,
  objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
  versioned: true,
  removalPolicy: RemovalPolicy.RETAIN,
} as const;

/** The landing and lake buckets (docs/architecture.md, "Buckets, zones and keys") and their access-log bucket. */
export class PolderBuckets extends Construct {
  readonly accessLogs: s3.Bucket;
  /** Where teams upload `<tenant>/<dataset>/<file>`; sends Object Created to EventBridge. */
  readonly landing: s3.Bucket;
  /** Raw, quarantine, curated, marts, results, reports, config and athena-results. */
  readonly lake: s3.Bucket;

  constructor(scope: Construct, id: string, props: PolderBucketsProps = {}) {
    super(scope, id);

    // Server access logs need SSE-S3 on the target; logs of the logs would loop, so none here.
    this.accessLogs = new s3.Bucket(this, 'AccessLogs', {
      ...secure,
      lifecycleRules: [{ id: 'expire-logs', expiration: Duration.days(365), noncurrentVersionExpiration: Duration.days(30) }],
    });

    this.landing = new s3.Bucket(this, 'Landing', {
      ...secure,
      eventBridgeEnabled: true,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'landing/',
      lifecycleRules: [
        {
          id: 'expire-uploads',
          expiration: Duration.days(props.landingRetentionDays ?? 30),
          noncurrentVersionExpiration: Duration.days(landingNoncurrentVersionDays),
          abortIncompleteMultipartUploadAfter: Duration.days(7),
        },
      ],
    });

    this.lake = new s3.Bucket(this, 'Lake', {
      ...secure,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'lake/',
      lifecycleRules: [
        {
          // Nothing current is ever expired: old versions move to IA and go only after a year.
          id: 'noncurrent-versions',
          noncurrentVersionTransitions: [{ storageClass: s3.StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(30) }],
          noncurrentVersionExpiration: Duration.days(props.lakeNoncurrentDays ?? 365),
          abortIncompleteMultipartUploadAfter: Duration.days(7),
        },
        {
          id: lakePrefix.athenaResults,
          prefix: topPrefix(lakePrefix.athenaResults),
          expiration: Duration.days(props.athenaResultsDays ?? 30),
          noncurrentVersionExpiration: Duration.days(1),
        },
      ],
    });
  }
}
