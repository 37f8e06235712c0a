import { SecretsManagerClient, type SecretsManagerClientConfig } from '@aws-sdk/client-secrets-manager';

/** A new client; overrides are for tests and tools (endpoint, region, credentials). */
export function createSecretsClient(overrides: SecretsManagerClientConfig = {}): SecretsManagerClient {
  return new SecretsManagerClient({ ...overrides });
}
