import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  S3Client,
  S3ServiceException,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { copyPartRanges, copySource, maxCopyObjectBytes, S3ObjectStore } from '../../../../adapters/aws/s3-object-store';

const s3 = mockClient(S3Client);
const store = new S3ObjectStore(new S3Client({ region: 'eu-west-1' }));
const upload = { bucket: 'landing', key: 'gemeente-a/bomen/bomen.csv', versionId: 'v2.x_Y' };
const raw = { bucket: 'lake', key: 'raw/gemeente-a/bomen/load=1/bomen.csv' };
const GiB = 1024 ** 3;

afterEach(() => s3.reset());

describe('S3ObjectStore: the version an event names', () => {
  it('copies that version (CopySource ?versionId=), not the key’s latest', async () => {
    s3.on(HeadObjectCommand).resolves({ ContentLength: 100 });
    s3.on(CopyObjectCommand).resolves({});
    await store.copy(upload, raw);
    expect(s3.commandCalls(HeadObjectCommand)[0]?.args[0].input).toEqual({ Bucket: 'landing', Key: upload.key, VersionId: 'v2.x_Y' });
    expect(s3.commandCalls(CopyObjectCommand)[0]?.args[0].input).toEqual({
      Bucket: 'lake',
      Key: raw.key,
      CopySource: 'landing/gemeente-a/bomen/bomen.csv?versionId=v2.x_Y',
    });
  });

  it('reads that version', async () => {
    s3.on(GetObjectCommand).resolves({ Body: { transformToByteArray: async () => new Uint8Array([1]) } } as never);
    await store.get(upload);
    expect(s3.commandCalls(GetObjectCommand)[0]?.args[0].input).toMatchObject({ VersionId: 'v2.x_Y' });
  });

  it('URL-encodes a version id with characters that need it', () => {
    expect(copySource({ bucket: 'b', key: 'k', versionId: 'a+b/c' })).toBe('b/k?versionId=a%2Bb%2Fc');
    expect(copySource({ bucket: 'b', key: 'k' })).toBe('b/k');
  });
});

describe('S3ObjectStore: copies above 5 GiB', () => {
  it('splits into parts of at least 512 MiB that cover every byte once, at most 10,000', () => {
    const ranges = copyPartRanges(12 * GiB + 5);
    expect(ranges).toHaveLength(25);
    expect(ranges[0]).toBe(`bytes=0-${512 * 1024 ** 2 - 1}`);
    expect(ranges.at(-1)).toBe(`bytes=${12 * GiB}-${12 * GiB + 4}`);
    const bounds = ranges.map((r) => r.slice(6).split('-').map(Number) as [number, number]);
    for (let i = 1; i < bounds.length; i++) expect(bounds[i]![0]).toBe(bounds[i - 1]![1] + 1);
    expect(copyPartRanges(5 * 1024 ** 4)).toHaveLength(10_000);
  });

  it('copies exactly 5 GiB with one CopyObject, and more with UploadPartCopy of the version, in order', async () => {
    s3.on(HeadObjectCommand).resolves({ ContentLength: maxCopyObjectBytes });
    s3.on(CopyObjectCommand).resolves({});
    await store.copy(upload, raw);
    expect(s3.commandCalls(CreateMultipartUploadCommand)).toHaveLength(0);

    s3.reset();
    s3.on(HeadObjectCommand).resolves({ ContentLength: 6 * GiB, ContentType: 'text/csv' });
    s3.on(CreateMultipartUploadCommand).resolves({ UploadId: 'u1' });
    s3.on(UploadPartCopyCommand).callsFake((input: { PartNumber: number }) => ({ CopyPartResult: { ETag: `"e${input.PartNumber}"` } }));
    s3.on(CompleteMultipartUploadCommand).resolves({});
    await store.copy(upload, raw);
    expect(s3.commandCalls(CopyObjectCommand)).toHaveLength(0);
    expect(s3.commandCalls(CreateMultipartUploadCommand)[0]?.args[0].input).toEqual({ Bucket: 'lake', Key: raw.key, ContentType: 'text/csv' });
    const parts = s3.commandCalls(UploadPartCopyCommand).map((c) => c.args[0].input);
    expect(parts).toHaveLength(12);
    for (const part of parts) expect(part).toMatchObject({ UploadId: 'u1', CopySource: 'landing/gemeente-a/bomen/bomen.csv?versionId=v2.x_Y' });
    const complete = s3.commandCalls(CompleteMultipartUploadCommand)[0]?.args[0].input;
    expect(complete?.MultipartUpload?.Parts).toEqual(Array.from({ length: 12 }, (_, i) => ({ ETag: `"e${i + 1}"`, PartNumber: i + 1 })));
  });

  it('aborts the multipart upload when a part fails, so no half copy appears', async () => {
    s3.on(HeadObjectCommand).resolves({ ContentLength: 6 * GiB });
    s3.on(CreateMultipartUploadCommand).resolves({ UploadId: 'u2' });
    s3.on(UploadPartCopyCommand).rejects(new S3ServiceException({ name: 'SlowDown', $fault: 'server', $metadata: { httpStatusCode: 503 }, message: 'slow down' }));
    s3.on(AbortMultipartUploadCommand).resolves({});
    await expect(store.copy(upload, raw)).rejects.toThrow(/cannot copy .*slow down/);
    expect(s3.commandCalls(AbortMultipartUploadCommand)[0]?.args[0].input).toEqual({ Bucket: 'lake', Key: raw.key, UploadId: 'u2' });
    expect(s3.commandCalls(CompleteMultipartUploadCommand)).toHaveLength(0);
  });
});
