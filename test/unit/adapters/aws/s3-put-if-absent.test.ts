import { GetObjectCommand, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { S3ObjectStore, S3ObjectStoreError } from '../../../../adapters/aws/s3-object-store';

const s3 = mockClient(S3Client);
const store = new S3ObjectStore(new S3Client({ region: 'eu-west-1' }));
const ref = { bucket: 'lake', key: 'config/secrets/t/pseudonym-key' };
const body = (text: string) => ({ Body: { transformToByteArray: async () => new TextEncoder().encode(text) } }) as never;
const s3Error = (name: string, status: number) =>
  new S3ServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: status }, message: name });

afterEach(() => s3.reset());

describe('S3ObjectStore.putIfAbsent', () => {
  it('writes with If-None-Match: * and returns its own bytes when it created the object', async () => {
    s3.on(PutObjectCommand).resolves({});
    const out = await store.putIfAbsent(ref, 'mine', 'text/plain');
    expect(out.created).toBe(true);
    expect(new TextDecoder().decode(out.body)).toBe('mine');
    expect(s3.commandCalls(PutObjectCommand)[0]?.args[0].input).toMatchObject({ Bucket: 'lake', Key: ref.key, IfNoneMatch: '*' });
  });

  it('412 PreconditionFailed: another writer won, its object is returned', async () => {
    s3.on(PutObjectCommand).rejects(s3Error('PreconditionFailed', 412));
    s3.on(GetObjectCommand).resolves(body('winner'));
    const out = await store.putIfAbsent(ref, 'mine');
    expect(out.created).toBe(false);
    expect(new TextDecoder().decode(out.body)).toBe('winner');
  });

  it('409 ConditionalRequestConflict is retried until S3 decides', async () => {
    s3.on(PutObjectCommand).rejectsOnce(s3Error('ConditionalRequestConflict', 409)).rejectsOnce(s3Error('PreconditionFailed', 412));
    s3.on(GetObjectCommand).resolves(body('winner'));
    const out = await store.putIfAbsent(ref, 'mine');
    expect(out).toMatchObject({ created: false });
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(2);
  });

  it('any other error is an error, and a conflict that never ends gives up', async () => {
    s3.on(PutObjectCommand).rejects(s3Error('AccessDenied', 403));
    await expect(store.putIfAbsent(ref, 'mine')).rejects.toBeInstanceOf(S3ObjectStoreError);
    s3.reset();
    s3.on(PutObjectCommand).rejects(s3Error('ConditionalRequestConflict', 409));
    await expect(store.putIfAbsent(ref, 'mine')).rejects.toThrow(/cannot create/);
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(5);
  });
});
