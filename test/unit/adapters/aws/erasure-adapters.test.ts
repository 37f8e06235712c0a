import { DeleteTableCommand, EntityNotFoundException, GlueClient } from '@aws-sdk/client-glue';
import { DeleteObjectsCommand, ListObjectVersionsCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { allCustomMatcher, type CustomMatcher } from 'aws-sdk-client-mock-vitest';
import { afterEach, describe, expect, it } from 'vitest';
import { GlueCatalog } from '../../../../adapters/aws/glue-catalog';
import { S3ObjectStore, S3ObjectStoreError } from '../../../../adapters/aws/s3-object-store';

declare module 'vitest' {
  interface Matchers<R extends void | Promise<void> = void | Promise<void>, T = unknown> extends CustomMatcher<R> {}
}
expect.extend(allCustomMatcher as unknown as Parameters<typeof expect.extend>[0]);

const s3Mock = mockClient(S3Client);
const glueMock = mockClient(GlueClient);
afterEach(() => {
  s3Mock.reset();
  glueMock.reset();
});

describe('Adapter: S3ObjectStore.deletePrefix', () => {
  it('deletes every version and delete marker under the prefix, page by page', async () => {
    // prepare
    s3Mock
      .on(ListObjectVersionsCommand, { KeyMarker: undefined })
      .resolves({
        IsTruncated: true,
        NextKeyMarker: 'raw/t/d/load=1/b.csv',
        NextVersionIdMarker: 'v3',
        Versions: [
          { Key: 'raw/t/d/load=1/a.csv', VersionId: 'v1' },
          { Key: 'raw/t/d/load=1/a.csv', VersionId: 'v2' },
        ],
        DeleteMarkers: [{ Key: 'raw/t/d/load=1/b.csv', VersionId: 'v3' }],
      })
      .on(ListObjectVersionsCommand, { KeyMarker: 'raw/t/d/load=1/b.csv' })
      .resolves({ IsTruncated: false, Versions: [{ Key: 'raw/t/d/load=1/b.csv', VersionId: 'v4' }] });
    s3Mock.on(DeleteObjectsCommand).resolves({});
    const store = new S3ObjectStore(new S3Client({ region: 'eu-west-1' }));
    // act
    const deleted = await store.deletePrefix('lake', 'raw/t/d/load=1/');
    // assess
    expect(deleted).toBe(4);
    expect(s3Mock).toHaveReceivedCommandWith(ListObjectVersionsCommand, { Bucket: 'lake', Prefix: 'raw/t/d/load=1/', KeyMarker: 'raw/t/d/load=1/b.csv', VersionIdMarker: 'v3' });
    expect(s3Mock).toHaveReceivedCommandWith(DeleteObjectsCommand, {
      Bucket: 'lake',
      Delete: {
        Quiet: true,
        Objects: [
          { Key: 'raw/t/d/load=1/a.csv', VersionId: 'v1' },
          { Key: 'raw/t/d/load=1/a.csv', VersionId: 'v2' },
          { Key: 'raw/t/d/load=1/b.csv', VersionId: 'v3' },
        ],
      },
    });
    expect(s3Mock).toHaveReceivedCommandWith(DeleteObjectsCommand, { Delete: { Quiet: true, Objects: [{ Key: 'raw/t/d/load=1/b.csv', VersionId: 'v4' }] } });
  });

  it('fails when S3 reports a version it could not delete', async () => {
    s3Mock.on(ListObjectVersionsCommand).resolves({ Versions: [{ Key: 'k', VersionId: 'v1' }] });
    s3Mock.on(DeleteObjectsCommand).resolves({ Errors: [{ Key: 'k', Code: 'AccessDenied', Message: 'no' }] });
    const store = new S3ObjectStore(new S3Client({ region: 'eu-west-1' }));
    await expect(store.deletePrefix('lake', 'k')).rejects.toThrow(S3ObjectStoreError);
  });
});

describe('Adapter: GlueCatalog.deleteTable', () => {
  it('deletes the table and takes a missing one as done', async () => {
    glueMock.on(DeleteTableCommand, { Name: 'gone' }).rejects(new EntityNotFoundException({ message: 'no', $metadata: {} }));
    glueMock.on(DeleteTableCommand, { Name: 'trees' }).resolves({});
    const catalog = new GlueCatalog(new GlueClient({ region: 'eu-west-1' }));
    await catalog.deleteTable('polder_t', 'trees');
    await catalog.deleteTable('polder_t', 'gone');
    expect(glueMock).toHaveReceivedCommandWith(DeleteTableCommand, { DatabaseName: 'polder_t', Name: 'trees' });
  });
});
