import { Readable } from 'node:stream';
import { AbortMultipartUploadCommand, CompleteMultipartUploadCommand, CopyObjectCommand, CreateMultipartUploadCommand, GetObjectCommand, type GetObjectCommandOutput, HeadObjectCommand, ListObjectsV2Command, NoSuchKey, NotFound, PutObjectCommand, S3Client, S3ServiceException, UploadPartCommand } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { ObjectNotFoundError, S3ObjectStore, S3ObjectStoreError } from '../../../../adapters/aws/s3-object-store';
import { region, meta } from '../../../support/aws-sdk-mock';

const s3Mock = mockClient(S3Client);

function body(text: string): GetObjectCommandOutput['Body'] {
  const bytes = new TextEncoder().encode(text);
  return { transformToByteArray: async () => bytes } as unknown as GetObjectCommandOutput['Body'];
}

const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/** A GetObject Body as the SDK gives it in Node: a Readable (here of the given chunks, then maybe an error). */
function streamBody(parts: Buffer[], error?: Error): GetObjectCommandOutput['Body'] {
  async function* read(): AsyncGenerator<Buffer> {
    yield* parts;
    if (error) throw error;
  }
  return Readable.from(read(), { objectMode: false }) as unknown as GetObjectCommandOutput['Body'];
}

async function* chunks(...parts: (string | Uint8Array)[]): AsyncGenerator<Uint8Array> {
  for (const part of parts) yield typeof part === 'string' ? new TextEncoder().encode(part) : part;
}

async function collect(stream: AsyncIterable<Uint8Array>): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for await (const chunk of stream) out.push(chunk);
  return out;
}

describe('Adapter: S3ObjectStore', () => {
  afterEach(() => {
    s3Mock.reset();
  });

  const store = () => new S3ObjectStore(new S3Client({ region }));

  it('gets a whole object as bytes', async () => {
    // prepare
    s3Mock.on(GetObjectCommand, { Bucket: 'lake', Key: 'config/tenants/a.yaml' }).resolves({ Body: body('name: a\n') });

    // act
    const bytes = await store().get({ bucket: 'lake', key: 'config/tenants/a.yaml' });

    // assess
    expect(decode(bytes)).toBe('name: a\n');
  });

  it('turns NoSuchKey on get into ObjectNotFoundError with the SDK error as cause', async () => {
    // prepare
    const cause = new NoSuchKey({ message: 'The specified key does not exist.', $metadata: meta(404) });
    s3Mock.on(GetObjectCommand).rejects(cause);

    // act
    const error = await store().get({ bucket: 'lake', key: 'missing' }).catch((e: unknown) => e);

    // assess
    expect(error).toBeInstanceOf(ObjectNotFoundError);
    expect(error).toBeInstanceOf(S3ObjectStoreError);
    expect((error as Error).message).toBe('no object s3://lake/missing');
    expect((error as Error).cause).toBe(cause);
  });

  it('puts a string with its content type', async () => {
    // prepare
    s3Mock.on(PutObjectCommand).resolves({});

    // act
    await store().put({ bucket: 'lake', key: 'reports/a/d/load=1/report.json' }, '{}', 'application/json');

    // assess
    expect(s3Mock).toHaveReceivedCommandExactlyOnceWith(PutObjectCommand, {
      Bucket: 'lake',
      Key: 'reports/a/d/load=1/report.json',
      Body: '{}',
      ContentType: 'application/json',
    });
  });

  it('reads the head with a byte range and takes the size from Content-Range', async () => {
    // prepare
    s3Mock.on(GetObjectCommand).resolves({ Body: body('id;naam\n1;'), ContentRange: 'bytes 0-9/52341', ContentLength: 10 });

    // act
    const head = await store().head({ bucket: 'lake', key: 'raw/a/d/load=1/f.csv' }, 10);

    // assess
    expect(s3Mock).toHaveReceivedCommandWith(GetObjectCommand, { Bucket: 'lake', Key: 'raw/a/d/load=1/f.csv', Range: 'bytes=0-9' });
    expect(decode(head.body)).toBe('id;naam\n1;');
    expect(head.size).toBe(52341);
  });

  it('reads the head of an object smaller than the range (size from Content-Range)', async () => {
    // prepare
    s3Mock.on(GetObjectCommand).resolves({ Body: body('a,b\n'), ContentRange: 'bytes 0-3/4', ContentLength: 4 });

    // act
    const head = await store().head({ bucket: 'lake', key: 'k' }, 65536);

    // assess
    expect(s3Mock).toHaveReceivedCommandWith(GetObjectCommand, { Range: 'bytes=0-65535' });
    expect(head).toEqual({ body: new TextEncoder().encode('a,b\n'), size: 4 });
  });

  it('reads the head of an empty object: S3’s 416 InvalidRange means size 0', async () => {
    // prepare
    s3Mock.on(GetObjectCommand).rejects(
      new S3ServiceException({ name: 'InvalidRange', $fault: 'client', $metadata: meta(416), message: 'The requested range is not satisfiable' }),
    );

    // act
    const head = await store().head({ bucket: 'lake', key: 'raw/a/d/load=1/empty.csv' }, 65536);

    // assess
    expect(head.size).toBe(0);
    expect(head.body.length).toBe(0);
  });

  it('copies with a URL-encoded CopySource that keeps the key’s slashes', async () => {
    // prepare
    s3Mock.on(HeadObjectCommand).resolves({ ContentLength: 10 });
    s3Mock.on(CopyObjectCommand).resolves({});

    // act
    await store().copy(
      { bucket: 'landing', key: 'gemeente-a/inwoners/Bestand 2024 (é)+#.csv' },
      { bucket: 'lake', key: 'raw/gemeente-a/inwoners/load=1/Bestand 2024 (é)+#.csv' },
    );

    // assess
    expect(s3Mock).toHaveReceivedCommandExactlyOnceWith(CopyObjectCommand, {
      Bucket: 'lake',
      Key: 'raw/gemeente-a/inwoners/load=1/Bestand 2024 (é)+#.csv',
      CopySource: 'landing/gemeente-a/inwoners/Bestand%202024%20(%C3%A9)%2B%23.csv',
    });
  });

  it('lists every page of a prefix, sorted', async () => {
    // prepare
    s3Mock
      .on(ListObjectsV2Command, { Bucket: 'lake', Prefix: 'curated/a/', ContinuationToken: undefined })
      .resolves({ Contents: [{ Key: 'curated/a/d/load=2/x.parquet' }, { Key: 'curated/a/d/load=1/x.parquet' }], IsTruncated: true, NextContinuationToken: 'next' })
      .on(ListObjectsV2Command, { Bucket: 'lake', Prefix: 'curated/a/', ContinuationToken: 'next' })
      .resolves({ Contents: [{ Key: 'curated/a/b/load=1/x.parquet' }], IsTruncated: false });

    // act
    const keys = await store().list('lake', 'curated/a/');

    // assess
    expect(s3Mock).toHaveReceivedCommandTimes(ListObjectsV2Command, 2);
    expect(keys).toEqual(['curated/a/b/load=1/x.parquet', 'curated/a/d/load=1/x.parquet', 'curated/a/d/load=2/x.parquet']);
  });

  it('says exists false on NotFound and true on a HeadObject answer', async () => {
    // prepare
    s3Mock
      .on(HeadObjectCommand, { Key: 'missing' })
      .rejects(new NotFound({ message: 'NotFound', $metadata: meta(404) }))
      .on(HeadObjectCommand, { Key: 'there' })
      .resolves({ ContentLength: 3 });

    // act
    const missing = await store().exists({ bucket: 'lake', key: 'missing' });
    const there = await store().exists({ bucket: 'lake', key: 'there' });

    // assess
    expect(missing).toBe(false);
    expect(there).toBe(true);
  });

  it('does not mistake 403 on exists for absence', async () => {
    // prepare
    const cause = new S3ServiceException({ name: 'Forbidden', $fault: 'client', $metadata: meta(403), message: 'Forbidden' });
    s3Mock.on(HeadObjectCommand).rejects(cause);

    // act
    const error = await store().exists({ bucket: 'lake', key: 'k' }).catch((e: unknown) => e);

    // assess
    expect(error).toBeInstanceOf(S3ObjectStoreError);
    expect(error).not.toBeInstanceOf(ObjectNotFoundError);
    expect((error as Error).cause).toBe(cause);
  });

  it('decides exists by a listing of the key when HEAD says 403 (a tenant role lists only below its prefixes)', async () => {
    // prepare
    const forbidden = new S3ServiceException({ name: 'Forbidden', $fault: 'client', $metadata: meta(403), message: 'Forbidden' });
    s3Mock.on(HeadObjectCommand).rejects(forbidden);
    s3Mock.on(ListObjectsV2Command, { Prefix: 'raw/a/k' }).resolves({ Contents: [{ Key: 'raw/a/k' }] });
    s3Mock.on(ListObjectsV2Command, { Prefix: 'raw/a/missing' }).resolves({ Contents: [{ Key: 'raw/a/missing-not' }] });

    // act
    const there = await store().exists({ bucket: 'lake', key: 'raw/a/k' });
    const missing = await store().exists({ bucket: 'lake', key: 'raw/a/missing' });

    // assess
    expect(there).toBe(true);
    expect(missing).toBe(false);
  });

  it("encrypts every write with the tenant's KMS key and an S3 Bucket Key when it has one", async () => {
    // prepare
    s3Mock.on(PutObjectCommand).resolves({});
    s3Mock.on(HeadObjectCommand).resolves({ ContentLength: 1 });
    s3Mock.on(CopyObjectCommand).resolves({});
    const tenantStore = new S3ObjectStore(new S3Client({ region }), { kmsKeyId: 'alias/polder/a' });
    const sse = { ServerSideEncryption: 'aws:kms' as const, SSEKMSKeyId: 'alias/polder/a', BucketKeyEnabled: true };

    // act
    await tenantStore.put({ bucket: 'lake', key: 'raw/a/x' }, 'x');
    await tenantStore.copy({ bucket: 'landing', key: 'a/d/x' }, { bucket: 'lake', key: 'raw/a/y' });
    await tenantStore.putIfAbsent({ bucket: 'lake', key: 'reports/a/d/load=1/contract.json' }, '{}');

    // assess
    expect(s3Mock).toHaveReceivedCommandWith(PutObjectCommand, sse);
    expect(s3Mock).toHaveReceivedCommandWith(CopyObjectCommand, sse);
    expect(s3Mock).toHaveReceivedCommandWith(PutObjectCommand, { ...sse, IfNoneMatch: '*' });
  });

  it('streams an object in the chunks of its Body, sending nothing before the first read', async () => {
    // prepare
    const parts = [Buffer.from('id;naam\n'), Buffer.from('1;Caf'), Buffer.from([0xe9]), Buffer.from('\n')];
    s3Mock.on(GetObjectCommand, { Bucket: 'lake', Key: 'raw/a/d/load=1/f.csv' }).resolves({ Body: streamBody(parts) });

    // act
    const stream = store().getStream({ bucket: 'lake', key: 'raw/a/d/load=1/f.csv' });
    const sentBefore = s3Mock.calls().length;
    const chunks = await collect(stream);

    // assess
    expect(sentBefore).toBe(0);
    expect(chunks).toEqual(parts);
    expect(s3Mock).toHaveReceivedCommandExactlyOnceWith(GetObjectCommand, { Bucket: 'lake', Key: 'raw/a/d/load=1/f.csv' });
  });

  it('fails a stream of a missing object at its first read with ObjectNotFoundError, and a broken Body with the read error', async () => {
    // prepare
    s3Mock
      .on(GetObjectCommand, { Key: 'missing' })
      .rejects(new NoSuchKey({ message: 'The specified key does not exist.', $metadata: meta(404) }))
      .on(GetObjectCommand, { Key: 'broken' })
      .resolves({ Body: streamBody([Buffer.from('a;b\n')], new Error('socket hang up')) });

    // act
    const missing = await collect(store().getStream({ bucket: 'lake', key: 'missing' })).catch((e: unknown) => e);
    const broken = await collect(store().getStream({ bucket: 'lake', key: 'broken' })).catch((e: unknown) => e);

    // assess
    expect(missing).toBeInstanceOf(ObjectNotFoundError);
    expect((missing as Error).message).toBe('no object s3://lake/missing');
    expect(broken).toBeInstanceOf(S3ObjectStoreError);
    expect((broken as Error).message).toBe('cannot read s3://lake/broken: socket hang up');
  });

  it('puts a small stream with one PutObject (lib-storage Upload below one part)', async () => {
    // prepare
    s3Mock.on(PutObjectCommand).resolves({ ETag: '"e"' });

    // act
    await store().putStream({ bucket: 'lake', key: 'decoded/a/d/load=1/f.csv' }, chunks('id;naam\n', '1;Café\n'), 'text/csv; charset=utf-8');

    // assess
    expect(s3Mock).toHaveReceivedCommandExactlyOnceWith(PutObjectCommand, {
      Bucket: 'lake',
      Key: 'decoded/a/d/load=1/f.csv',
      ContentType: 'text/csv; charset=utf-8',
    });
    expect(s3Mock).not.toHaveReceivedCommand(CreateMultipartUploadCommand);
    const sent = s3Mock.commandCalls(PutObjectCommand)[0]?.args[0].input.Body as Uint8Array;
    expect(decode(sent)).toBe('id;naam\n1;Café\n');
  });

  it('puts a stream larger than a part as a multipart upload of 5 MiB parts', async () => {
    // prepare
    s3Mock.on(CreateMultipartUploadCommand).resolves({ UploadId: 'u-1' });
    s3Mock.on(UploadPartCommand).callsFake((input: { PartNumber: number }) => ({ ETag: `"p${input.PartNumber}"` }));
    s3Mock.on(CompleteMultipartUploadCommand).resolves({});
    const mib = Buffer.alloc(1 << 20, 0x61);

    // act: 11 MiB in 1 MiB chunks
    await store().putStream({ bucket: 'lake', key: 'decoded/a/d/load=1/big.csv' }, chunks(...Array.from({ length: 11 }, () => mib)));

    // assess
    const parts = s3Mock.commandCalls(UploadPartCommand).map((c) => [c.args[0].input.PartNumber, (c.args[0].input.Body as Uint8Array).length]);
    expect(parts.sort((a, b) => Number(a[0]) - Number(b[0]))).toEqual([
      [1, 5 << 20],
      [2, 5 << 20],
      [3, 1 << 20],
    ]);
    expect(s3Mock).toHaveReceivedCommandWith(CompleteMultipartUploadCommand, {
      Bucket: 'lake',
      Key: 'decoded/a/d/load=1/big.csv',
      UploadId: 'u-1',
      MultipartUpload: { Parts: [{ PartNumber: 1, ETag: '"p1"' }, { PartNumber: 2, ETag: '"p2"' }, { PartNumber: 3, ETag: '"p3"' }] },
    });
    expect(s3Mock).not.toHaveReceivedCommand(PutObjectCommand);
    expect(s3Mock).not.toHaveReceivedCommand(AbortMultipartUploadCommand);
  });

  it('aborts the multipart upload and throws the source’s own error when the source fails', async () => {
    // prepare
    s3Mock.on(CreateMultipartUploadCommand).resolves({ UploadId: 'u-2' });
    s3Mock.on(UploadPartCommand).resolves({ ETag: '"p"' });
    s3Mock.on(AbortMultipartUploadCommand).resolves({});
    const cause = new ObjectNotFoundError('no object s3://lake/raw/a/d/load=1/f.csv');
    async function* failing(): AsyncGenerator<Uint8Array> {
      for (let i = 0; i < 6; i++) yield Buffer.alloc(1 << 20, 0x62);
      throw cause;
    }

    // act
    const error = await store().putStream({ bucket: 'lake', key: 'decoded/a/d/load=1/f.csv' }, failing()).catch((e: unknown) => e);

    // assess
    expect(error).toBe(cause);
    expect(s3Mock).toHaveReceivedCommandExactlyOnceWith(AbortMultipartUploadCommand, {
      Bucket: 'lake',
      Key: 'decoded/a/d/load=1/f.csv',
      UploadId: 'u-2',
    });
    expect(s3Mock).not.toHaveReceivedCommand(CompleteMultipartUploadCommand);
  });

  it('wraps a failed PutObject of a stream like put does', async () => {
    // prepare
    s3Mock.on(PutObjectCommand).rejects(new S3ServiceException({ name: 'AccessDenied', $fault: 'client', $metadata: meta(403), message: 'Access Denied' }));

    // act
    const error = await store().putStream({ bucket: 'lake', key: 'decoded/x.csv' }, chunks('a')).catch((e: unknown) => e);

    // assess
    expect(error).toBeInstanceOf(S3ObjectStoreError);
    expect((error as Error).message).toBe('cannot write s3://lake/decoded/x.csv: Access Denied');
  });
});
