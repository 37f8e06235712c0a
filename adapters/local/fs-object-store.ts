import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { copyFile, link, mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parseS3Uri } from '../../core/keys';
import type { ObjectRef, ObjectStore } from '../../core/ports';
import { tempPathFor } from './process-owner';

export class UnsafeKeyError extends Error {
  override name = 'UnsafeKeyError';
}

export class NoSuchKeyError extends Error {
  override name = 'NoSuchKey';
}

const bucketName = /^[a-z0-9][a-z0-9.-]*$/;
const versionIdPattern = /^[A-Za-z0-9._-]{1,1024}$/;

/** Rejects anything that could escape the bucket folder: the folder layout must equal the S3 key space. */
function checkKey(key: string): void {
  if (key.includes('\0')) throw new UnsafeKeyError(`object key contains a NUL byte: ${JSON.stringify(key)}`);
  if (key.startsWith('/') || key.startsWith('\\') || /^[A-Za-z]:/.test(key)) {
    throw new UnsafeKeyError(`object key must be relative, got "${key}"`);
  }
  if (key.split(/[/\\]/).some((part) => part === '..')) throw new UnsafeKeyError(`object key must not contain "..": "${key}"`);
}

function checkBucket(bucket: string): void {
  if (!bucketName.test(bucket)) throw new UnsafeKeyError(`not a bucket name: "${bucket}"`);
}

/** ObjectStore over folders: `<workspace>/buckets/<bucket>/<key>`, keys identical to S3. */
export class FsObjectStore implements ObjectStore {
  readonly root: string;
  /** Kept versions (`<workspace>/versions/<bucket>/<key>/<versionId>`), outside the buckets so no listing sees them. */
  readonly versionsRoot: string;

  constructor(workspace: string) {
    this.root = join(workspace, 'buckets');
    this.versionsRoot = join(workspace, 'versions');
  }

  /** The file a read of `ref` reads: the kept version when the ref names one, else the key's latest. */
  private readPath(ref: ObjectRef): string {
    const path = this.pathOf(ref.bucket, ref.key);
    if (ref.versionId === undefined) return path;
    if (!versionIdPattern.test(ref.versionId)) throw new UnsafeKeyError(`not a version id: "${ref.versionId}"`);
    return join(this.versionsRoot, ref.bucket, ref.key, ref.versionId);
  }

  pathOf(bucket: string, key: string): string {
    checkBucket(bucket);
    checkKey(key);
    return join(this.root, bucket, key);
  }

  /** `s3://bucket/key` → local path (a trailing slash is kept: it names a folder). */
  uriToPath(uri: string): string {
    const { bucket, key } = parseS3Uri(uri);
    const path = this.pathOf(bucket, key);
    return key.endsWith('/') && !path.endsWith(sep) ? path + sep : path;
  }

  async get(ref: ObjectRef): Promise<Uint8Array> {
    try {
      return new Uint8Array(await readFile(this.readPath(ref)));
    } catch (error) {
      throw this.missing(ref, error);
    }
  }

  async head(ref: ObjectRef, bytes: number): Promise<{ body: Uint8Array; size: number }> {
    let handle;
    try {
      handle = await open(this.readPath(ref), 'r');
    } catch (error) {
      throw this.missing(ref, error);
    }
    try {
      const { size } = await handle.stat();
      const buffer = Buffer.alloc(Math.max(0, Math.min(bytes, size)));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
      return { body: new Uint8Array(buffer.subarray(0, bytesRead)), size };
    } finally {
      await handle.close();
    }
  }

  async put(ref: ObjectRef, body: Uint8Array | string, _contentType?: string): Promise<void> {
    await this.writeAside(this.pathOf(ref.bucket, ref.key), (temp) => writeFile(temp, body));
  }

  /**
   * `link()` fails with EEXIST when the name is taken, atomically, also across processes (O_EXCL semantics), and
   * the file it links is already complete: a reader never sees a partial create-once object.
   */
  async putIfAbsent(ref: ObjectRef, body: Uint8Array | string, _contentType?: string): Promise<{ created: boolean; body: Uint8Array }> {
    const path = this.pathOf(ref.bucket, ref.key);
    await mkdir(dirname(path), { recursive: true });
    const temp = tempPathFor(path, '.tmp-put');
    try {
      await writeFile(temp, body);
      await link(temp, path);
      return { created: true, body: typeof body === 'string' ? new TextEncoder().encode(body) : body };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      return { created: false, body: await this.get(ref) };
    } finally {
      await rm(temp, { force: true });
    }
  }

  /**
   * S3's `NoncurrentVersionExpiration` for the kept versions: a version that stopped being the key's latest more
   * than `days` ago (when the next one was put) is removed; the latest always stays. Returns how many went.
   */
  async expireNoncurrentVersions(bucket: string, days: number, now = Date.now()): Promise<number> {
    checkBucket(bucket);
    const base = join(this.versionsRoot, bucket);
    const entries = await readdir(base, { recursive: true, withFileTypes: true }).catch(() => []);
    const byKey = new Map<string, { path: string; putAt: number }[]>();
    for (const entry of entries) {
      if (!entry.isFile()) continue;
      const path = join(entry.parentPath, entry.name);
      const versions = byKey.get(entry.parentPath) ?? [];
      versions.push({ path, putAt: (await stat(path)).mtimeMs });
      byKey.set(entry.parentPath, versions);
    }
    let expired = 0;
    for (const versions of byKey.values()) {
      versions.sort((a, b) => a.putAt - b.putAt);
      for (let i = 0; i < versions.length - 1; i++) {
        // noncurrent since the next version was put
        if (now - (versions[i + 1] as { putAt: number }).putAt > days * 86_400_000) {
          await rm((versions[i] as { path: string }).path, { force: true });
          expired++;
        }
      }
    }
    return expired;
  }

  async *getStream(ref: ObjectRef): AsyncGenerator<Uint8Array> {
    const path = this.readPath(ref);
    try {
      // The stream opens the file on the first read, so a missing object fails here, at the first iteration.
      for await (const chunk of createReadStream(path)) yield chunk as Buffer;
    } catch (error) {
      throw this.missing(ref, error);
    }
  }

  async putStream(ref: ObjectRef, body: AsyncIterable<Uint8Array>, _contentType?: string): Promise<void> {
    await this.writeAside(this.pathOf(ref.bucket, ref.key), (temp) => pipeline(body, createWriteStream(temp)));
  }

  /**
   * Puts a local file without holding it in memory, as a new version of the key (the landing bucket is versioned on
   * S3); returns its size, the ETag S3 gives a single-part upload (the MD5 of the bytes, in hex), both taken while
   * copying, and the version id. The version is kept (a hard link, no second copy) before the key shows it, so a
   * read of that version gets these bytes even after the key is written again.
   */
  async putFile(ref: ObjectRef, localPath: string): Promise<{ size: number; etag: string; versionId: string }> {
    const md5 = createHash('md5');
    let size = 0;
    const versionId = randomBytes(24).toString('base64url');
    const version = this.readPath({ ...ref, versionId });
    await this.writeAside(this.pathOf(ref.bucket, ref.key), async (temp) => {
      // The read stream is opened here, inside the pipeline, so an error opening it rejects this put.
      await pipeline(
        createReadStream(localPath),
        async function* (chunks: AsyncIterable<Buffer>) {
          for await (const chunk of chunks) {
            md5.update(chunk);
            size += chunk.length;
            yield chunk;
          }
        },
        createWriteStream(temp),
      );
      await mkdir(dirname(version), { recursive: true });
      await link(temp, version);
    });
    return { size, etag: md5.digest('hex'), versionId };
  }

  async copy(from: ObjectRef, to: ObjectRef): Promise<void> {
    const source = this.readPath(from);
    await this.writeAside(this.pathOf(to.bucket, to.key), async (temp) => {
      try {
        await copyFile(source, temp);
      } catch (error) {
        throw this.missing(from, error);
      }
    });
  }

  /** S3 puts are atomic: readers never see half an object, so write to a temp file beside it and rename. */
  private async writeAside(path: string, write: (temp: string) => Promise<void>): Promise<void> {
    await mkdir(dirname(path), { recursive: true });
    const temp = tempPathFor(path, '.tmp-put');
    try {
      await write(temp);
      await rename(temp, path);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }

  /** Deletes one object (the local CLI's `contract overrides --remove`); a missing one is fine. */
  async remove(ref: ObjectRef): Promise<void> {
    await rm(this.pathOf(ref.bucket, ref.key), { force: true });
  }

  async exists(ref: ObjectRef): Promise<boolean> {
    try {
      return (await stat(this.readPath(ref))).isFile();
    } catch {
      return false;
    }
  }

  /** A folder holds one version of each object: deleting the files is deleting every version. */
  async deletePrefix(bucket: string, prefix: string): Promise<number> {
    const keys = await this.list(bucket, prefix);
    for (const key of keys) await rm(this.pathOf(bucket, key), { force: true });
    // a folder prefix goes as a whole, so no empty folder of a deleted load or run is left behind
    if (prefix.endsWith('/') && prefix.length > 1) await rm(this.pathOf(bucket, prefix), { recursive: true, force: true });
    return keys.length;
  }

  async list(bucket: string, prefix: string): Promise<string[]> {
    checkBucket(bucket);
    if (prefix !== '') checkKey(prefix);
    const base = join(this.root, bucket);
    // Walk only the folder the prefix points into; S3 prefixes may end mid-name.
    const slash = prefix.lastIndexOf('/');
    const start = join(base, prefix.slice(0, slash + 1));
    const keys: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      let entries;
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const entry of entries) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) await walk(path);
        else if (entry.isFile() && !entry.name.endsWith('.tmp-put')) {
          const key = relative(base, path).split(sep).join('/');
          if (key.startsWith(prefix)) keys.push(key);
        }
      }
    };
    await walk(start);
    return keys.sort();
  }

  private missing(ref: ObjectRef, error: unknown): Error {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return new NoSuchKeyError(`no object s3://${ref.bucket}/${ref.key}`);
    }
    return error as Error;
  }
}
