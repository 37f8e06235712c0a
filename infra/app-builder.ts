import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { platformStackName, tenantStackPrefix } from '../core/names';
import { applyNag } from './nag';
import { PlatformStack } from './platform-stack';
import { TenantStack } from './tenant-stack';
import { readTenants } from './tenants';

export interface BuildAppOptions {
  /**
   * Bundle the Lambda functions with esbuild. Off for in-process synthesis (offline runtime, tests): then
   * only the entry files need to exist.
   * @default true
   */
  readonly bundle?: boolean;
  /** Cloud assembly folder. @default a temporary folder (the CLI passes cdk.out through CDK_OUTDIR) */
  readonly outdir?: string;
  /** Folder holding functions/, tenants/, packs/. @default the checkout this file is in */
  readonly projectRoot?: string;
  /**
   * Register the cdk-nag AwsSolutions pack, so synthesis fails on unacknowledged findings. The acknowledgements
   * are recorded either way. Off by default for in-process synthesis; infra/app.ts (cdk synth/deploy) turns it on.
   * @default false
   */
  readonly nag?: boolean;
}

export interface PolderApp {
  readonly app: App;
  readonly platform: PlatformStack;
  readonly tenants: TenantStack[];
}

export const PLATFORM_STACK = platformStackName;
export const tenantStackName = (tenant: string) => `${tenantStackPrefix}${tenant}`;

/** The Polder CDK app: stack `Polder` plus one `Polder-<tenant>` per tenants/*.yaml. Needs no AWS credentials. */
export function buildApp(opts: BuildAppOptions = {}): PolderApp {
  const projectRoot = opts.projectRoot ?? join(import.meta.dirname, '..');
  const app = new App({
    outdir: opts.outdir,
    context: {
      // No stack is bundled: NodejsFunction then skips esbuild.
      ...(opts.bundle === false ? { 'aws:cdk:bundling-stacks': [] } : {}),
      // Server access logs are delivered under a bucket policy, not the legacy log-delivery ACL.
      '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy': true,
      // Tenant stacks import the lake bucket name; a strong reference keeps the platform from dropping it.
      '@aws-cdk/core:defaultCrossStackReferences': 'strong',
    },
  });

  // Environment-agnostic: synthesizes offline, the account and region come from the deploy credentials.
  const tenantConfigs = readTenants(projectRoot);
  const platform = new PlatformStack(app, PLATFORM_STACK, {
    projectRoot,
    tenants: tenantConfigs.map((t) => t.id),
    description: 'Polder platform: buckets, functions, workflows',
  });
  const tenants = tenantConfigs.map(
    (tenant) =>
      new TenantStack(app, tenantStackName(tenant.id), {
        tenant,
        trustedRoles: platform.tenantWorkRoles,
        description: `Polder tenant ${tenant.id}: Glue database, Athena workgroup, KMS key, pseudonym key, data role`,
      }),
  );

  applyNag(app, { platform, tenants, check: opts.nag ?? false });
  return { app, platform, tenants };
}
