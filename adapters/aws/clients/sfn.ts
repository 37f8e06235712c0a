import { SFNClient, type SFNClientConfig } from '@aws-sdk/client-sfn';

/** A new client; overrides are for tests and tools (endpoint, region, credentials). */
export function createSFNClient(overrides: SFNClientConfig = {}): SFNClient {
  return new SFNClient({ ...overrides });
}

/**
 * The one client of this Lambda container, made at import so warm invocations reuse its connections.
 * Constructing it does no I/O: region and credentials are resolved at the first call.
 */
export const sfn = createSFNClient();
