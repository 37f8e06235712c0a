import { join } from 'node:path';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { configPrefix } from '../../core/keys';
import { configPart, projectFolder } from '../../core/names';

/** Asset glob filter: drop everything in a pack folder, then take back pack.yaml, contracts/ and sql/. */
const packFilter = ['*/*', '!*/pack.yaml', '!*/contracts', '!*/contracts/**', '!*/sql', '!*/sql/**', '**/data/**', '**/.DS_Store'];

export interface ConfigDeploymentProps {
  readonly lake: s3.IBucket;
  /** Folder holding `tenants/` and `packs/`. */
  readonly projectRoot: string;
}

/**
 * Copies tenants/*.yaml to `config/tenants/` and packs (pack.yaml, contracts, sql; never `data/`) to
 * `config/packs/` in the lake, as the local runtime stages them (local/runtime/stage-config.ts).
 * prune is off: the lake also holds config/overrides and config/secrets (pseudonym keys), which a deploy
 * must never delete; removed pack files stay until removed by hand (the lake is versioned anyway).
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
      // Only what functions read (pack.yaml, contracts, sql). Sample data may hold personal data and is
      // only for the local demo.
      sources: [s3deploy.Source.asset(join(props.projectRoot, projectFolder.packs), { exclude: packFilter })],
      destinationBucket: props.lake,
      destinationKeyPrefix: configPrefix(configPart.packs),
      // Belt and braces: the sync skips data files too, should the asset filter above ever change.
      exclude: ['**/data/**'],
      prune: false,
    });
  }
}
