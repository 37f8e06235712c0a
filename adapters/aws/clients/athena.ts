import { AthenaClient, type AthenaClientConfig } from '@aws-sdk/client-athena';

/** A new client; overrides are for tests and tools (endpoint, region, credentials). */
export function createAthenaClient(overrides: AthenaClientConfig = {}): AthenaClient {
  return new AthenaClient({ ...overrides });
}

/**
 * The one client of this Lambda container, made at import so warm invocations reuse its connections.
 * Constructing it does no I/O: region and credentials are resolved at the first call.
 */
export const athena = createAthenaClient();
