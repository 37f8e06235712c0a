import { AthenaClient } from '@aws-sdk/client-athena';
import { GlueClient } from '@aws-sdk/client-glue';
import { S3Client } from '@aws-sdk/client-s3';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { envVar } from '../../core/names';
import type { Ports, WorkflowStarter } from '../../core/ports';
import { tenantKeyAlias } from '../../core/tables';
import { athena } from './clients/athena';
import { glue } from './clients/glue';
import { s3 } from './clients/s3';
import { createSecretsClient } from './clients/secrets';
import { sfn } from './clients/sfn';
import { AthenaQueryEngine } from './athena-query-engine';
import { type Env, requiredEnv } from './env';
import { GlueCatalog } from './glue-catalog';
import { SecretsKeyVault } from './key-vault';
import { S3ObjectStore } from './s3-object-store';
import { SfnStarter } from './sfn-starter';

export type AwsPorts = Ports & { starter: WorkflowStarter };

export class TenantScopeError extends Error {
  override name = 'TenantScopeError';
}

const cache = new WeakMap<object, AwsPorts>();
const tenantCache = new WeakMap<object, Map<string, AwsPorts>>();

function portsOn(
  clients: { s3: S3Client; athena: AthenaClient; glue: GlueClient; secrets: ReturnType<typeof createSecretsClient> },
  env: Env,
  kmsKeyId?: string,
): AwsPorts {
  const buckets = { landing: requiredEnv(envVar.landingBucket, env), lake: requiredEnv(envVar.lakeBucket, env) };
  const store = new S3ObjectStore(clients.s3, { kmsKeyId });
  const catalog = new GlueCatalog(clients.glue);
  let starter: SfnStarter | undefined;
  return {
    store,
    engine: new AthenaQueryEngine(clients.athena),
    catalog,
    vault: new SecretsKeyVault(clients.secrets, store, catalog, buckets.lake),
    clock: { now: () => new Date() },
    buckets,
    starter: {
      start: async (name, input) => {
        starter ??= new SfnStarter(sfn, requiredEnv(envVar.pipelineStateMachineArn, env));
        return starter.start(name, input);
      },
    },
  };
}

/**
 * The ports on AWS with the function's own role: for the functions that touch no tenant data (start-pipeline,
 * summarize). Called by the handler edge at the first invocation (not at import, so importing a function module for
 * tests or the local runtime needs no environment). Built once per env object.
 */
export function awsPorts(env: Env = process.env): AwsPorts {
  const cached = cache.get(env);
  if (cached) return cached;
  const ports = portsOn({ s3, athena, glue, secrets: createSecretsClient() }, env);
  cache.set(env, ports);
  return ports;
}

/** The data role of a tenant, from the pattern the CDK sets on the data functions. */
export function tenantRoleArnFor(tenant: string, env: Env = process.env): string {
  return requiredEnv(envVar.tenantRoleArnPattern, env).replaceAll('{tenant}', tenant);
}

/**
 * The ports of one tenant: every client works with the tenant's data role (assumed per tenant, refreshed before
 * it expires), so a bug or a crafted statement reaches nothing of another tenant; writes use the tenant's KMS key.
 * The tenant is the one the payload names (the edge has parsed it already).
 */
export function tenantAwsPorts(input: unknown, env: Env = process.env): AwsPorts {
  const tenant = (input as { tenant?: unknown } | null)?.tenant;
  if (typeof tenant !== 'string' || !/^[a-z][a-z0-9-]*$/.test(tenant)) {
    throw new TenantScopeError('the payload names no tenant; a data function runs only with one tenant\'s role');
  }
  let perTenant = tenantCache.get(env);
  if (!perTenant) tenantCache.set(env, (perTenant = new Map()));
  const cached = perTenant.get(tenant);
  if (cached) return cached;
  const credentials = fromTemporaryCredentials({
    params: {
      RoleArn: tenantRoleArnFor(tenant, env),
      RoleSessionName: `${env[envVar.function] ?? 'function'}-${tenant}`.slice(0, 64),
      DurationSeconds: 3600,
    },
  });
  const ports = portsOn(
    {
      s3: new S3Client({ credentials }),
      athena: new AthenaClient({ credentials }),
      glue: new GlueClient({ credentials }),
      secrets: createSecretsClient({ credentials }),
    },
    env,
    tenantKeyAlias(tenant),
  );
  perTenant.set(tenant, ports);
  return ports;
}
