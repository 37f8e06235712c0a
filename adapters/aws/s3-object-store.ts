import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  PutObjectCommand,
  type S3Client,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { Readable } from 'node:stream';
import type { ObjectRef, ObjectStore } from '../../core/ports';
import { errorMessage, errorName, httpStatus } from './aws-error';

export class S3ObjectStoreError extends Error {
  override name = 'S3ObjectStoreError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** get/head/copy of a key that is not there; named like the local store's error so callers can match either. */
export class ObjectNotFoundError extends S3ObjectStoreError {
  override name = 'NoSuchKey';
}

/** How often a create-once write is tried while S3 reports a concurrent conditional write to the key. */
const conditionalAttempts = 5;

const uri = (ref: ObjectRef) => `s3://${ref.bucket}/${ref.key}`;

function isNotFound(error: unknown): boolean {
  const name = errorName(error);
  if (name === 'NoSuchBucket') return false;
  return name === 'NoSuchKey' || name === 'NotFound' || httpStatus(error) === 404;
}

/**
 * CopySource is "<bucket>/<key>" URL-encoded; the slashes between key segments stay as they are. A ref with a
 * version copies that version (`?versionId=`), not whatever the key holds by now.
 */
export function copySource(ref: ObjectRef): string {
  const source = `${ref.bucket}/${ref.key.split('/').map(encodeURIComponent).join('/')}`;
  return ref.versionId ? `${source}?versionId=${encodeURIComponent(ref.versionId)}` : source;
}

/** The largest object one CopyObject copies (5 GiB); larger ones are copied in parts with UploadPartCopy. */
export const maxCopyObjectBytes = 5 * 1024 ** 3;
/** S3 allows at most 10,000 parts; parts of at least 512 MiB keep big copies to few requests. */
const minCopyPartBytes = 512 * 1024 ** 2;
const maxParts = 10_000;
/** Part copies run inside S3; a few at once keep a 100 GB copy within minutes. */
const copyConcurrency = 8;

/** The byte ranges of a multipart copy of `size` bytes: `bytes=first-last` per part, in order. */
export function copyPartRanges(size: number): string[] {
  const part = Math.max(minCopyPartBytes, Math.ceil(size / maxParts));
  const ranges: string[] = [];
  for (let first = 0; first < size; first += part) ranges.push(`bytes=${first}-${Math.min(first + part, size) - 1}`);
  return ranges;
}

/** "bytes 0-99/1234" → 1234; undefined when the total is unknown ("*") or the header is missing. */
export function totalFromContentRange(contentRange: string | undefined): number | undefined {
  const match = /\/(\d+)\s*$/.exec(contentRange ?? '');
  return match ? Number(match[1]) : undefined;
}

type Body = { transformToByteArray(): Promise<Uint8Array> } | undefined;

/** GetObject's Body is a Node Readable in Lambda; any other body (a browser stream, a test double) is read whole. */
async function* chunksOf(body: Body): AsyncGenerator<Uint8Array> {
  if (body === undefined) return;
  if (Symbol.asyncIterator in body) {
    for await (const chunk of body as AsyncIterable<Uint8Array | string>) {
      yield typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk;
    }
  } else {
    yield await body.transformToByteArray();
  }
}

async function bytesOf(body: Body): Promise<Uint8Array> {
  return body ? body.transformToByteArray() : new Uint8Array();
}

/** ObjectStore on S3; keys are the same as in the local bucket folders. */
export class S3ObjectStore implements ObjectStore {
  constructor(
    private readonly client: S3Client,
    /** Every write is encrypted with this KMS key (the tenant's), with an S3 Bucket Key. */
    private readonly options: { kmsKeyId?: string } = {},
  ) {}

  /** SSE-KMS parameters of a write: the tenant's key when the store has one, else the bucket default. */
  private get encryption() {
    const { kmsKeyId } = this.options;
    return kmsKeyId ? { ServerSideEncryption: 'aws:kms' as const, SSEKMSKeyId: kmsKeyId, BucketKeyEnabled: true } : {};
  }

  async get(ref: ObjectRef): Promise<Uint8Array> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: ref.bucket, Key: ref.key, VersionId: ref.versionId }));
      return await bytesOf(out.Body);
    } catch (error) {
      throw this.wrap(`cannot read ${uri(ref)}`, ref, error);
    }
  }

  async head(ref: ObjectRef, bytes: number): Promise<{ body: Uint8Array; size: number }> {
    // "bytes=0--1" is not a range: for a zero-byte head only the size is needed.
    if (bytes <= 0) return { body: new Uint8Array(), size: await this.size(ref) };
    try {
      const out = await this.client.send(
        new GetObjectCommand({ Bucket: ref.bucket, Key: ref.key, VersionId: ref.versionId, Range: `bytes=0-${Math.floor(bytes) - 1}` }),
      );
      const body = await bytesOf(out.Body);
      // Without Content-Range S3 ignored the range and sent the whole object.
      const size = totalFromContentRange(out.ContentRange) ?? out.ContentLength ?? body.length;
      return { body: body.length > bytes ? body.subarray(0, bytes) : body, size };
    } catch (error) {
      // S3 answers 416 InvalidRange to any range on an empty object; a range from 0 fails for no other reason.
      if (errorName(error) === 'InvalidRange' || httpStatus(error) === 416) return { body: new Uint8Array(), size: 0 };
      throw this.wrap(`cannot read the first ${bytes} bytes of ${uri(ref)}`, ref, error);
    }
  }

  async put(ref: ObjectRef, body: Uint8Array | string, contentType?: string): Promise<void> {
    try {
      await this.client.send(
        new PutObjectCommand({ Bucket: ref.bucket, Key: ref.key, Body: body, ContentType: contentType, ...this.encryption }),
      );
    } catch (error) {
      throw this.wrap(`cannot write ${uri(ref)}`, ref, error);
    }
  }

  /**
   * PutObject with `If-None-Match: *`: S3 writes only when no object has the key. 412 PreconditionFailed means
   * another writer won, so its object is read and returned; 409 ConditionalRequestConflict means a conditional
   * write to the key is in flight, and S3 asks to retry (the retry then sees 412 or wins).
   */
  async putIfAbsent(ref: ObjectRef, body: Uint8Array | string, contentType?: string): Promise<{ created: boolean; body: Uint8Array }> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.client.send(
          new PutObjectCommand({ Bucket: ref.bucket, Key: ref.key, Body: body, ContentType: contentType, IfNoneMatch: '*', ...this.encryption }),
        );
        return { created: true, body: typeof body === 'string' ? new TextEncoder().encode(body) : body };
      } catch (error) {
        if (errorName(error) === 'PreconditionFailed' || httpStatus(error) === 412) return { created: false, body: await this.get(ref) };
        const conflict = errorName(error) === 'ConditionalRequestConflict' || httpStatus(error) === 409;
        if (!conflict || attempt >= conditionalAttempts) throw this.wrap(`cannot create ${uri(ref)}`, ref, error);
        await new Promise((done) => setTimeout(done, Math.random() * 100 * 2 ** attempt));
      }
    }
  }

  async *getStream(ref: ObjectRef): AsyncGenerator<Uint8Array> {
    let body: Body;
    try {
      body = (await this.client.send(new GetObjectCommand({ Bucket: ref.bucket, Key: ref.key, VersionId: ref.versionId }))).Body;
    } catch (error) {
      throw this.wrap(`cannot read ${uri(ref)}`, ref, error);
    }
    try {
      // A consumer that stops early ends this loop too, which destroys the body and frees the connection.
      for await (const chunk of chunksOf(body)) yield chunk;
    } catch (error) {
      throw this.wrap(`cannot read ${uri(ref)}`, ref, error);
    }
  }

  /**
   * A multipart upload through lib-storage's Upload (one PutObject when the body fits in one 5 MiB part): at most
   * four parts are held in memory. The object appears only when the upload completes; when the body or a part
   * fails, Upload aborts the multipart upload (s3:AbortMultipartUpload) and nothing is written.
   */
  async putStream(ref: ObjectRef, body: AsyncIterable<Uint8Array>, contentType?: string): Promise<void> {
    let sourceFailed = false;
    let sourceError: unknown;
    async function* source(): AsyncGenerator<Uint8Array> {
      try {
        yield* body;
      } catch (error) {
        sourceFailed = true;
        sourceError = error;
        throw error;
      }
    }
    try {
      const upload = new Upload({
        client: this.client,
        params: { Bucket: ref.bucket, Key: ref.key, Body: Readable.from(source()), ContentType: contentType, ...this.encryption },
      });
      await upload.done();
    } catch (error) {
      // The body's own error (e.g. the source object is missing) says more than the upload's.
      if (sourceFailed) throw sourceError;
      throw this.wrap(`cannot write ${uri(ref)}`, ref, error);
    }
  }

  /** CopyObject up to 5 GiB; above that a multipart copy (UploadPartCopy), aborted when a part fails. */
  async copy(from: ObjectRef, to: ObjectRef): Promise<void> {
    try {
      const source = await this.client.send(new HeadObjectCommand({ Bucket: from.bucket, Key: from.key, VersionId: from.versionId }));
      const size = source.ContentLength ?? 0;
      if (size <= maxCopyObjectBytes) {
        await this.client.send(new CopyObjectCommand({ Bucket: to.bucket, Key: to.key, CopySource: copySource(from), ...this.encryption }));
      } else {
        await this.multipartCopy(from, to, size, source.ContentType);
      }
    } catch (error) {
      throw this.wrap(`cannot copy ${uri(from)} to ${uri(to)}`, from, error);
    }
  }

  private async multipartCopy(from: ObjectRef, to: ObjectRef, size: number, contentType: string | undefined): Promise<void> {
    const target = { Bucket: to.bucket, Key: to.key };
    const { UploadId } = await this.client.send(new CreateMultipartUploadCommand({ ...target, ContentType: contentType, ...this.encryption }));
    try {
      const ranges = copyPartRanges(size);
      const parts: { ETag?: string; PartNumber: number }[] = [];
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < ranges.length) {
          const index = next++;
          const out = await this.client.send(
            new UploadPartCopyCommand({ ...target, UploadId, PartNumber: index + 1, CopySource: copySource(from), CopySourceRange: ranges[index] }),
          );
          parts[index] = { ETag: out.CopyPartResult?.ETag, PartNumber: index + 1 };
        }
      };
      await Promise.all(Array.from({ length: Math.min(copyConcurrency, ranges.length) }, worker));
      await this.client.send(new CompleteMultipartUploadCommand({ ...target, UploadId, MultipartUpload: { Parts: parts } }));
    } catch (error) {
      // no half-copied object appears, and the parts stop costing storage
      await this.client.send(new AbortMultipartUploadCommand({ ...target, UploadId })).catch(() => undefined);
      throw error;
    }
  }

  async exists(ref: ObjectRef): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: ref.bucket, Key: ref.key, VersionId: ref.versionId }));
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      // A missing key is 404 only when S3 finds s3:ListBucket for the caller; a tenant role lists only below its own
      // prefixes (an s3:prefix condition, which a HEAD does not carry), so S3 says 403: a listing of the key decides.
      if (httpStatus(error) === 403) {
        const listed = await this.list(ref.bucket, ref.key).catch(() => undefined);
        if (listed) return listed.includes(ref.key);
      }
      throw this.wrap(`cannot check ${uri(ref)}`, ref, error);
    }
  }

  /**
   * Every version and delete marker under the prefix (ListObjectVersions), deleted by version id in batches of
   * 1,000 (DeleteObjects): a plain delete in a versioned bucket would only add a delete marker and keep the data.
   */
  async deletePrefix(bucket: string, prefix: string): Promise<number> {
    let deleted = 0;
    let keyMarker: string | undefined;
    let versionMarker: string | undefined;
    try {
      do {
        const out = await this.client.send(
          new ListObjectVersionsCommand({ Bucket: bucket, Prefix: prefix, KeyMarker: keyMarker, VersionIdMarker: versionMarker }),
        );
        const objects = [...(out.Versions ?? []), ...(out.DeleteMarkers ?? [])]
          .filter((v) => v.Key !== undefined)
          .map((v) => ({ Key: v.Key as string, VersionId: v.VersionId }));
        for (let i = 0; i < objects.length; i += 1000) {
          const batch = objects.slice(i, i + 1000);
          const result = await this.client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: batch, Quiet: true } }));
          const failed = result.Errors ?? [];
          if (failed.length > 0) {
            throw new S3ObjectStoreError(`cannot delete ${failed.length} object version(s) under s3://${bucket}/${prefix}: ${failed[0]?.Key} ${failed[0]?.Code} ${failed[0]?.Message}`);
          }
          deleted += batch.length;
        }
        keyMarker = out.IsTruncated ? out.NextKeyMarker : undefined;
        versionMarker = out.IsTruncated ? out.NextVersionIdMarker : undefined;
      } while (keyMarker);
    } catch (error) {
      if (error instanceof S3ObjectStoreError) throw error;
      throw this.wrap(`cannot delete s3://${bucket}/${prefix}`, { bucket, key: prefix }, error);
    }
    return deleted;
  }

  async list(bucket: string, prefix: string): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    try {
      do {
        const out = await this.client.send(
          new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
        );
        for (const object of out.Contents ?? []) if (object.Key !== undefined) keys.push(object.Key);
        token = out.IsTruncated ? out.NextContinuationToken : undefined;
      } while (token);
    } catch (error) {
      throw this.wrap(`cannot list s3://${bucket}/${prefix}`, { bucket, key: prefix }, error);
    }
    return keys.sort();
  }

  private async size(ref: ObjectRef): Promise<number> {
    try {
      const out = await this.client.send(new HeadObjectCommand({ Bucket: ref.bucket, Key: ref.key, VersionId: ref.versionId }));
      return out.ContentLength ?? 0;
    } catch (error) {
      throw this.wrap(`cannot read the size of ${uri(ref)}`, ref, error);
    }
  }

  private wrap(message: string, ref: ObjectRef, error: unknown): S3ObjectStoreError {
    if (isNotFound(error)) return new ObjectNotFoundError(`no object ${uri(ref)}`, { cause: error });
    return new S3ObjectStoreError(`${message}: ${errorMessage(error)}`, { cause: error });
  }
}
