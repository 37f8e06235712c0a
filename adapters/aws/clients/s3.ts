import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';

/** A new client; overrides are for tests and tools (endpoint, region, credentials). */
export function createS3Client(overrides: S3ClientConfig = {}): S3Client {
  return new S3Client({ ...overrides });
}

/**
 * The one client of this Lambda container, made at import so warm invocations reuse its connections.
 * Constructing it does no I/O: region and credentials are resolved at the first call.
 */
export const s3 = createS3Client();
