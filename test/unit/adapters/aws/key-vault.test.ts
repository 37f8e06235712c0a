import { CreateTableCommand, GetTableCommand, GlueClient } from '@aws-sdk/client-glue';
import { HeadObjectCommand, NotFound, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { EntityNotFoundException } from '@aws-sdk/client-glue';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { GlueCatalog } from '../../../../adapters/aws/glue-catalog';
import { KeyVaultError, SecretsKeyVault } from '../../../../adapters/aws/key-vault';
import { TenantScopeError, tenantAwsPorts, tenantRoleArnFor } from '../../../../adapters/aws/ports';
import { S3ObjectStore } from '../../../../adapters/aws/s3-object-store';

const region = 'eu-west-1';
const s3 = mockClient(S3Client);
const glue = mockClient(GlueClient);
const secrets = mockClient(SecretsManagerClient);

afterEach(() => {
  s3.reset();
  glue.reset();
  secrets.reset();
});

function vault() {
  const store = new S3ObjectStore(new S3Client({ region }), { kmsKeyId: 'alias/polder/gemeente-a' });
  return new SecretsKeyVault(new SecretsManagerClient({ region }), store, new GlueCatalog(new GlueClient({ region })), 'lake');
}

describe('Adapter: SecretsKeyVault', () => {
  it("copies the secret into the key table's folder once, with the tenant's key, and registers the key table", async () => {
    // prepare
    s3.on(HeadObjectCommand).rejects(new NotFound({ message: 'NotFound', $metadata: { httpStatusCode: 404 } }));
    s3.on(PutObjectCommand).resolves({});
    secrets.on(GetSecretValueCommand, { SecretId: 'polder/gemeente-a/pseudonym-key' }).resolves({ SecretString: 's3cr3t' });
    glue.on(GetTableCommand).rejects(new EntityNotFoundException({ message: 'no', $metadata: {} }));
    glue.on(CreateTableCommand).resolves({});

    // act
    const table = await vault().pseudonymKeyTable('gemeente-a', 'polder_gemeente_a');

    // assess
    expect(table).toBe('_pseudonym_key');
    const put = s3.commandCalls(PutObjectCommand)[0]?.args[0].input;
    expect(put).toMatchObject({
      Bucket: 'lake',
      Key: 'key-tables/gemeente-a/pseudonym/key.csv',
      Body: 'key\ns3cr3t\n',
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: 'alias/polder/gemeente-a',
      BucketKeyEnabled: true,
    });
    const created = glue.commandCalls(CreateTableCommand)[0]?.args[0].input;
    expect(created?.DatabaseName).toBe('polder_gemeente_a');
    expect(created?.TableInput?.Name).toBe('_pseudonym_key');
    expect(created?.TableInput?.StorageDescriptor?.Location).toBe('s3://lake/key-tables/gemeente-a/pseudonym/');
    // the key is returned to nobody: the caller only learns the table's name
    expect(JSON.stringify(created)).not.toContain('s3cr3t');
  });

  it('reads no secret when the key table already has its copy', async () => {
    s3.on(HeadObjectCommand).resolves({ ContentLength: 10 });
    glue.on(GetTableCommand).resolves({ Table: { Name: '_pseudonym_key', DatabaseName: 'polder_gemeente_a', StorageDescriptor: { Columns: [], Location: 's3://lake/key-tables/gemeente-a/pseudonym/' } } });
    await vault().pseudonymKeyTable('gemeente-a', 'polder_gemeente_a');
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(0);
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
  });

  it('refuses an empty secret', async () => {
    s3.on(HeadObjectCommand).rejects(new NotFound({ message: 'NotFound', $metadata: { httpStatusCode: 404 } }));
    secrets.on(GetSecretValueCommand).resolves({ SecretString: ' ' });
    await expect(vault().pseudonymKeyTable('gemeente-a', 'polder_gemeente_a')).rejects.toThrow(KeyVaultError);
  });
});

describe('Adapter: tenantAwsPorts', () => {
  const env = { LANDING_BUCKET: 'landing', LAKE_BUCKET: 'lake', TENANT_ROLE_ARN_PATTERN: 'arn:aws:iam::1:role/polder-{tenant}-data', POLDER_FUNCTION: 'plan' };

  it('refuses a payload without a tenant: a data function runs only with one tenant role', () => {
    expect(() => tenantAwsPorts({ stage: 'integrate' }, env)).toThrow(TenantScopeError);
    expect(() => tenantAwsPorts({ tenant: '../x' }, env)).toThrow(TenantScopeError);
  });

  it('builds ports per tenant, once, each with its own credentials', () => {
    const a = tenantAwsPorts({ tenant: 'gemeente-a' }, env);
    expect(tenantAwsPorts({ tenant: 'gemeente-a' }, env)).toBe(a);
    const b = tenantAwsPorts({ tenant: 'gemeente-b' }, env);
    expect(b).not.toBe(a);
    expect(b.buckets).toEqual({ landing: 'landing', lake: 'lake' });
    expect(tenantRoleArnFor('gemeente-b', env)).toBe('arn:aws:iam::1:role/polder-gemeente-b-data');
  });
});
