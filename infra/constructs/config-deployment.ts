import { join } from 'node:path';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { configPrefix } from '../../core/keys';
import { configPart, projectFolder } from '../../core/names';

/** Asset glob filter: drop everything in a pack folder, then take back pack.yaml, contracts/ and models/. */
const packFilter = ['*/*', '!*/pack.yaml', '!*/contracts', '!*/contracts/**', '!*/models', '!*/models/**', '**/data/**', '**/.DS_Store'];

export interface ConfigDeploymentProps {
  readonly lake: s3.IBucket;
  /** Folder holding `tenants/` and `packs/`. */
  readonly projectRoot: string;
}

/**
 * Copies tenants/*.yaml to `config/tenants/` and packs (pack.yaml, contracts, models; never `data/`) to
 * `config/packs/` in the lake, as the local runtime stages them (local/runtime/stage-config.ts).
 * prune is off: the lake also holds config/overrides, which a deploy must never delete; removed pack files stay
 * until removed by hand (the lake is versioned anyway). A deny in the lake's bucket policy keeps the deployment's
 * role to config/tenants/ and config/packs/.
 */
export class ConfigDeployment extends Construct {
  readonly tenants: s3deploy.BucketDeployment;
  readonly packs: s3deploy.BucketDeployment;

  constructor(scope: Construct, id: string, props: ConfigDeploymentProps) {
    super(scope, id);
    this.tenants = new s3deploy.BucketDeployment(this, 'Tenants', {
      sources: [s3deploy.Source.asset(join(props.projectRoot, projectFolder.tenants))],
      destinationBucket: props.lake,
      destinationKeyPrefix: configPrefix(configPart.tenants),
      prune: false,
    });
    this.packs = new s3deploy.BucketDeployment(this, 'Packs', {
      // Only what functions read (pack.yaml, contracts, models). Sample data may hold personal data and is
      // only for the local demo.
      sources: [s3deploy.Source.asset(join(props.projectRoot, projectFolder.packs), { exclude: packFilter })],
      destinationBucket: props.lake,
      destinationKeyPrefix: configPrefix(configPart.packs),
      // Belt and braces: the sync skips data files too, should the asset filter above ever change.
      exclude: ['**/data/**'],
      prune: false,
    });
    // BucketDeployment grants its handler read/write/delete on the whole bucket; the lake's policy takes every
    // read, write and delete outside config/tenants/ and config/packs/ back, so a deploy never touches tenant data.
    const deployed = [configPrefix(configPart.tenants), configPrefix(configPart.packs)];
    const config = deployed.map((prefix) => props.lake.arnForObjects(`${prefix}*`));
    for (const role of new Set([this.tenants.handlerRole, this.packs.handlerRole])) {
      const principals = [new iam.ArnPrincipal(role.roleArn)];
      props.lake.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: 'DeploymentTouchesOnlyConfig',
          effect: iam.Effect.DENY,
          principals,
          actions: ['s3:GetObject*', 's3:DeleteObject*', 's3:PutObject*', 's3:Abort*', 's3:RestoreObject', 's3:ReplicateObject'],
          notResources: config,
        }),
      );
      props.lake.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: 'DeploymentListsOnlyConfig',
          effect: iam.Effect.DENY,
          principals,
          actions: ['s3:ListBucket*'],
          resources: [props.lake.bucketArn],
          conditions: { StringNotLike: { 's3:prefix': deployed.map((prefix) => `${prefix}*`) } },
        }),
      );
    }
  }
}
