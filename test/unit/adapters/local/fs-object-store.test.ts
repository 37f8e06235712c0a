import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FsObjectStore, NoSuchKeyError, UnsafeKeyError } from '../../../../adapters/local/fs-object-store';

describe('FsObjectStore.putFile', () => {
  let workspace: string;
  let store: FsObjectStore;
  const local = (name: string) => join(workspace, 'local', name);

  beforeAll(async () => {
    workspace = await mkdtemp(join(tmpdir(), 'polder-fs-store-'));
    store = new FsObjectStore(workspace);
    await mkdir(join(workspace, 'local'));
  });
  afterAll(async () => {
    await rm(workspace, { recursive: true, force: true });
  });

  it('copies a file read in many chunks and returns its size and MD5 ETag', async () => {
    // Several read-stream chunks (64 KiB each), so the hash must span them.
    const body = Buffer.alloc(300_007);
    for (let i = 0; i < body.length; i++) body[i] = (i * 31 + (i >> 9)) & 0xff;
    await writeFile(local('upload.bin'), body);

    const result = await store.putFile({ bucket: 'landing', key: 't/d/upload.bin' }, local('upload.bin'));
    expect(result).toMatchObject({ size: body.length, etag: createHash('md5').update(body).digest('hex') });
    expect((await readFile(store.pathOf('landing', 't/d/upload.bin'))).equals(body)).toBe(true);
  });

  it('gives the ETags S3 gives, empty files included', async () => {
    await writeFile(local('small.csv'), 'n\n1\n2\n');
    await writeFile(local('empty.csv'), '');
    expect(await store.putFile({ bucket: 'lake', key: 'a/small.csv' }, local('small.csv'))).toMatchObject({ size: 6, etag: '9f7722b93e8564d0257c257055fcf638' });
    expect(await store.putFile({ bucket: 'lake', key: 'a/empty.csv' }, local('empty.csv'))).toMatchObject({ size: 0, etag: 'd41d8cd98f00b204e9800998ecf8427e' });
    expect(new TextDecoder().decode(await store.get({ bucket: 'lake', key: 'a/small.csv' }))).toBe('n\n1\n2\n');
  });

  it('is atomic: a file that cannot be read leaves the old object and no temp file', async () => {
    await store.put({ bucket: 'lake', key: 'b/x.csv' }, 'old');
    await expect(store.putFile({ bucket: 'lake', key: 'b/x.csv' }, local('missing.csv'))).rejects.toThrow(/ENOENT/);
    await expect(store.putFile({ bucket: 'lake', key: 'b/x.csv' }, join(workspace, 'local'))).rejects.toThrow(/EISDIR/);
    expect(await readdir(join(workspace, 'buckets/lake/b'))).toEqual(['x.csv']);
    expect(new TextDecoder().decode(await store.get({ bucket: 'lake', key: 'b/x.csv' }))).toBe('old');
  });

  it('refuses keys that leave the bucket', async () => {
    await expect(store.putFile({ bucket: 'lake', key: '../escape' }, local('small.csv'))).rejects.toBeInstanceOf(UnsafeKeyError);
  });
});

describe('FsObjectStore.getStream and putStream', () => {
  let workspace: string;
  let store: FsObjectStore;

  beforeAll(async () => {
    workspace = await mkdtemp(join(tmpdir(), 'polder-fs-stream-'));
    store = new FsObjectStore(workspace);
  });
  afterAll(async () => {
    await rm(workspace, { recursive: true, force: true });
  });

  async function* chunks(...parts: Uint8Array[]): AsyncGenerator<Uint8Array> {
    yield* parts;
  }

  it('streams an object back in chunks that add up to it', async () => {
    const body = Buffer.alloc(200_003, 0x5a);
    await store.putStream({ bucket: 'lake', key: 's/a.bin' }, chunks(body.subarray(0, 7), body.subarray(7)));
    const got: Uint8Array[] = [];
    for await (const chunk of store.getStream({ bucket: 'lake', key: 's/a.bin' })) got.push(chunk);
    expect(got.length).toBeGreaterThan(1);
    expect(Buffer.concat(got).equals(body)).toBe(true);
  });

  it('fails a stream of a missing object at its first read, like get', async () => {
    const stream = store.getStream({ bucket: 'lake', key: 's/missing.bin' });
    await expect(stream[Symbol.asyncIterator]().next()).rejects.toBeInstanceOf(NoSuchKeyError);
  });

  it('is atomic: a source that fails leaves the old object, no temp file, and its own error', async () => {
    await store.put({ bucket: 'lake', key: 's/b/x.csv' }, 'old');
    const cause = new Error('source broke');
    async function* failing(): AsyncGenerator<Uint8Array> {
      yield new TextEncoder().encode('half a ');
      throw cause;
    }
    await expect(store.putStream({ bucket: 'lake', key: 's/b/x.csv' }, failing())).rejects.toBe(cause);
    expect(await readdir(join(workspace, 'buckets/lake/s/b'))).toEqual(['x.csv']);
    expect(new TextDecoder().decode(await store.get({ bucket: 'lake', key: 's/b/x.csv' }))).toBe('old');
  });
});

describe('FsObjectStore: versions of an upload', () => {
  it('keeps each put of a key as its own version; a read of a version gets its bytes after the key is rewritten', async () => {
    const workspace = await mkdtemp(join(tmpdir(), 'polder-versions-'));
    const store = new FsObjectStore(workspace);
    const file = join(workspace, 'upload.csv');
    const ref = { bucket: 'landing', key: 't/d/upload.csv' };
    await writeFile(file, 'first\n');
    const first = await store.putFile(ref, file);
    await writeFile(file, 'second, longer\n');
    const second = await store.putFile(ref, file);
    expect(first.versionId).not.toBe(second.versionId);
    const text = async (r: typeof ref & { versionId?: string }) => new TextDecoder().decode(await store.get(r));
    expect(await text(ref)).toBe('second, longer\n');
    expect(await text({ ...ref, versionId: first.versionId })).toBe('first\n');
    expect(await text({ ...ref, versionId: second.versionId })).toBe('second, longer\n');
    await store.copy({ ...ref, versionId: first.versionId }, { bucket: 'lake', key: 'raw/t/d/load=1/upload.csv' });
    expect(await text({ bucket: 'lake', key: 'raw/t/d/load=1/upload.csv' })).toBe('first\n');
    // versions are not objects of the bucket
    expect(await store.list('landing', '')).toEqual(['t/d/upload.csv']);
    expect(await store.exists({ ...ref, versionId: 'nope' })).toBe(false);
    await expect(store.get({ ...ref, versionId: '../../x' })).rejects.toThrow(/not a version id/);
    await rm(workspace, { recursive: true, force: true });
  });
});

describe('FsObjectStore: noncurrent versions expire like the landing bucket’s lifecycle', () => {
  it('removes a version noncurrent for longer than the days given, never the latest', async () => {
    const workspace = await mkdtemp(join(tmpdir(), 'polder-expire-'));
    const store = new FsObjectStore(workspace);
    const file = join(workspace, 'upload.csv');
    const ref = { bucket: 'landing', key: 't/d/upload.csv' };
    const versions = [];
    for (const text of ['one', 'two', 'three']) {
      await writeFile(file, text);
      versions.push((await store.putFile(ref, file)).versionId);
    }
    const day = 86_400_000;
    // now: nothing is noncurrent for a week yet
    expect(await store.expireNoncurrentVersions('landing', 7)).toBe(0);
    // eight days on: the two older ones went noncurrent more than 7 days ago; the latest stays
    expect(await store.expireNoncurrentVersions('landing', 7, Date.now() + 8 * day)).toBe(2);
    expect(await store.exists({ ...ref, versionId: versions[0] })).toBe(false);
    expect(await store.exists({ ...ref, versionId: versions[1] })).toBe(false);
    expect(new TextDecoder().decode(await store.get({ ...ref, versionId: versions[2] }))).toBe('three');
    expect(new TextDecoder().decode(await store.get(ref))).toBe('three');
    await rm(workspace, { recursive: true, force: true });
  });
});
