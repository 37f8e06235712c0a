import { cpSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenantDatabase, tenantWorkgroup } from '../../../core/tables';
import { buildApp } from '../../../infra/app-builder';
import { tenantLakePrefixes } from '../../../infra/constructs/tenant-access';
import { ACCOUNT, allowed, type Principal, type Request, Resolver, rolesOf } from '../../support/iam-matrix';

/**
 * The isolation matrix: every role of the synthesized app, acting for tenant A (its own data role, or a platform
 * role that has no tenant), against every resource of tenant B — each S3 prefix, upload, config file, Glue database
 * and table, Athena workgroup, secret and KMS key — is denied. Evaluated by @cloud-copilot/iam-simulate on the
 * templates as CloudFormation would deploy them (identity policies with the bucket, key and secret policies).
 */

const projectRoot = join(import.meta.dirname, '..', '..', '..');
const A = 'leeuwarden';
const B = 'harlingen';
const REGION = 'eu-west-1';

type Templates = ConstructorParameters<typeof Resolver>[0];
let templates: Templates;
let resolver: Resolver;
let roles: Principal[];
let temp: string;

/** A checkout with a second tenant: tenants/ copied plus harlingen.yaml, the rest linked. */
function twoTenantProject(): string {
  const root = mkdtempSync(join(tmpdir(), 'polder-iso-'));
  for (const entry of ['functions', 'packs', 'package.json', 'package-lock.json', 'node_modules']) symlinkSync(join(projectRoot, entry), join(root, entry));
  cpSync(join(projectRoot, 'tenants'), join(root, 'tenants'), { recursive: true });
  writeFileSync(
    join(root, 'tenants', `${B}.yaml`),
    `id: ${B}\nname: Gemeente Harlingen\ncbs_code: GM0072\npacks: [gullies]\nbytes_scanned_cutoff: 1000000000\nmin_published_count: 5\n`,
  );
  return root;
}

function findResource(stack: string, type: string, match: (props: Record<string, unknown>) => boolean): string {
  const found = Object.entries(templates[stack]!.Resources).find(([, r]) => r.Type === type && match(r.Properties ?? {}));
  if (!found) throw new Error(`no ${type} in ${stack}`);
  return found[0];
}

/** What tenant `t` owns, as requests, with the resource policy that guards each. */
function resourcesOf(t: string): Request[] {
  const stack = `Polder-${t}`;
  const lake = resolver.ref('Polder', findResource('Polder', 'AWS::S3::Bucket', (p) => JSON.stringify(p).includes('athena-results')));
  const landing = resolver.ref('Polder', findResource('Polder', 'AWS::S3::Bucket', (p) => JSON.stringify(p).includes('expire-uploads')));
  const lakePolicy = resolver.resolve('Polder', templates.Polder!.Resources[findResource('Polder', 'AWS::S3::BucketPolicy', (p) => JSON.stringify(p).includes('DeploymentTouchesOnlyConfig'))]!.Properties!.PolicyDocument);
  const keyId = findResource(stack, 'AWS::KMS::Key', () => true);
  const keyPolicy = resolver.resolve(stack, templates[stack]!.Resources[keyId]!.Properties!.KeyPolicy);
  const secretId = findResource(stack, 'AWS::SecretsManager::Secret', () => true);
  const secretPolicyId = findResource(stack, 'AWS::SecretsManager::ResourcePolicy', () => true);
  const secretPolicy = resolver.resolve(stack, templates[stack]!.Resources[secretPolicyId]!.Properties!.ResourcePolicy);
  const object = (key: string) => `arn:aws:s3:::${lake}/${key}`;
  const requests: Request[] = [];
  for (const prefix of tenantLakePrefixes(t)) {
    for (const action of ['s3:GetObject', 's3:PutObject', 's3:DeleteObject']) {
      requests.push({ action, resource: object(`${prefix}d/load=1/part-0.parquet`), resourcePolicy: lakePolicy });
    }
    requests.push({ action: 's3:ListBucket', resource: `arn:aws:s3:::${lake}`, resourcePolicy: lakePolicy, context: { 's3:prefix': `${prefix}d/` } });
  }
  // A contract a user supplied for the tenant (the tenant files themselves are platform config, read by start-pipeline).
  requests.push({ action: 's3:GetObject', resource: object(`config/overrides/${t}/contracts/d.yaml`), resourcePolicy: lakePolicy });
  requests.push({ action: 's3:GetObject', resource: `arn:aws:s3:::${landing}/${t}/d/upload.csv` });
  const glue = (resource: string) => `arn:aws:glue:${REGION}:${ACCOUNT}:${resource}`;
  for (const action of ['glue:GetDatabase', 'glue:GetTables', 'glue:CreateTable']) requests.push({ action, resource: glue(`database/${tenantDatabase(t)}`) });
  for (const action of ['glue:GetTable', 'glue:UpdateTable']) requests.push({ action, resource: glue(`table/${tenantDatabase(t)}/trees`) });
  for (const action of ['athena:StartQueryExecution', 'athena:GetQueryResults']) {
    requests.push({ action, resource: `arn:aws:athena:${REGION}:${ACCOUNT}:workgroup/${tenantWorkgroup(t)}` });
  }
  requests.push({ action: 'secretsmanager:GetSecretValue', resource: resolver.ref(stack, secretId), resourcePolicy: secretPolicy });
  for (const action of ['kms:Decrypt', 'kms:GenerateDataKey']) {
    requests.push({ action, resource: resolver.arn(stack, keyId), resourcePolicy: keyPolicy });
  }
  return requests;
}

const dataRole = (t: string) => roles.find((r) => r.arn.endsWith(`:role/polder-${t}-data`))!;

/** Every (principal, request) that is allowed. */
async function reachable(principals: Principal[], requests: Request[]): Promise<string[]> {
  const found: string[] = [];
  for (const principal of principals) {
    for (const request of requests) {
      if (await allowed(principal, request)) found.push(`${principal.name} ${request.action} ${request.resource}${request.context ? ` ${JSON.stringify(request.context)}` : ''}`);
    }
  }
  return found;
}

/** Roles that may act for tenant A: A's data role and every platform role (they hold no tenant of their own). */
const tenantAPrincipals = () => roles.filter((r) => !r.name.startsWith(`Polder-${B}/`));

beforeAll(() => {
  temp = twoTenantProject();
  const { app } = buildApp({ bundle: false, projectRoot: temp });
  const assembly = app.synth();
  templates = Object.fromEntries(assembly.stacks.map((s) => [s.stackName, s.template as Templates[string]]));
  resolver = new Resolver(templates);
  roles = rolesOf(templates, resolver);
});

afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('Isolation matrix on the synthesized templates (two tenants)', () => {
  it('has both tenant stacks, each with its own data role', () => {
    expect(Object.keys(templates)).toEqual(expect.arrayContaining(['Polder', `Polder-${A}`, `Polder-${B}`]));
    expect(dataRole(A)).toBeDefined();
    expect(dataRole(B)).toBeDefined();
  });

  it("lets tenant A's data role reach every resource of tenant A (the matrix can say yes)", async () => {
    // Nothing deletes (the lake is versioned; a new load writes a new folder).
    const own = resourcesOf(A).filter((r) => r.action !== 's3:DeleteObject');
    const denied: string[] = [];
    for (const request of own) if (!(await allowed(dataRole(A), request))) denied.push(`${request.action} ${request.resource}`);
    expect(denied).toEqual([]);
  });

  it('denies every role acting for tenant A every resource of tenant B', async () => {
    const found = await reachable(tenantAPrincipals(), resourcesOf(B));
    expect(found).toEqual([]);
  });

  it('denies every role but its own data role the resources of tenant A as well (platform roles hold no data grant)', async () => {
    const others = roles.filter((r) => r !== dataRole(A));
    expect(await reachable(others, resourcesOf(A))).toEqual([]);
  });

  it('lets the platform roles assume a tenant role only by its name, and no tenant role assume another', async () => {
    const assume = (t: string): Request => ({ action: 'sts:AssumeRole', resource: dataRole(t).arn });
    expect(await allowed(dataRole(A), assume(B))).toBe(false);
    expect(await allowed(dataRole(B), assume(A))).toBe(false);
  });

  it("keeps tenant B's secret and key out of reach even when A's role is widened to every secret and key (their own policies name B's role)", async () => {
    const role = structuredClone(dataRole(A));
    let widened = 0;
    for (const p of role.policies) {
      for (const st of (p.policy as { Statement: Record<string, unknown>[] }).Statement) {
        const actions = [st.Action].flat() as string[];
        if (actions.some((a) => a.startsWith('secretsmanager:') || a.startsWith('kms:'))) {
          st.Resource = '*';
          widened++;
        }
      }
    }
    expect(widened).toBe(2);
    const vault = resourcesOf(B).filter((r) => /^(secretsmanager|kms):/.test(r.action));
    expect(vault.length).toBe(3);
    expect(await reachable([role], vault)).toEqual([]);
  });

  describe('fails under a widening mutation of one statement', () => {
    const mutations: [string, (statement: Record<string, unknown>) => boolean][] = [
      ['an S3 prefix without the tenant', (st) => replaceIn(st, `/curated/${A}/*`, '/curated/*')],
      ['the Glue database as polder_*', (st) => replaceIn(st, `database/${tenantDatabase(A)}`, 'database/polder_*') && replaceIn(st, `table/${tenantDatabase(A)}/*`, 'table/polder_*/*')],
      ['the workgroup as polder-*', (st) => replaceIn(st, `workgroup/${tenantWorkgroup(A)}`, 'workgroup/polder-*')],
      ['the landing prefix as *', (st) => replaceIn(st, `/${A}/*`, '/*', (r) => !r.includes('/config/') && !/\/(raw|decoded|quarantine|curated|marts|results|reports|keys|athena-results)\//.test(r))],
    ];
    for (const [name, mutate] of mutations) {
      it(name, async () => {
        const role = structuredClone(dataRole(A));
        const statements = role.policies.flatMap((p) => (p.policy as { Statement: Record<string, unknown>[] }).Statement);
        expect(statements.filter((s) => mutate(s)).length, 'the mutation applies').toBeGreaterThan(0);
        const found = await reachable([role], resourcesOf(B));
        expect(found.length).toBeGreaterThan(0);
      });
    }
  });
});

/** Replaces `from` by `to` at the end of the statement's resources (those `only` admits); true when one changed. */
function replaceIn(statement: Record<string, unknown>, from: string, to: string, only: (r: string) => boolean = () => true): boolean {
  const list = Array.isArray(statement.Resource) ? (statement.Resource as string[]) : [statement.Resource as string];
  let changed = false;
  const next = list.map((r) => {
    if (typeof r === 'string' && r.endsWith(from) && only(r)) {
      changed = true;
      return r.slice(0, -from.length) + to;
    }
    return r;
  });
  statement.Resource = next;
  return changed;
}
