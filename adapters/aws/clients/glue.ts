import { GlueClient, type GlueClientConfig } from '@aws-sdk/client-glue';

/** A new client; overrides are for tests and tools (endpoint, region, credentials). */
export function createGlueClient(overrides: GlueClientConfig = {}): GlueClient {
  return new GlueClient({ ...overrides });
}

/**
 * The one client of this Lambda container, made at import so warm invocations reuse its connections.
 * Constructing it does no I/O: region and credentials are resolved at the first call.
 */
export const glue = createGlueClient();
