import { allCustomMatcher, type CustomMatcher } from 'aws-sdk-client-mock-vitest';
import { expect } from 'vitest';

/** aws-sdk-client-mock's vitest matchers (toHaveReceivedCommandWith, …), for the adapter tests. */
// The matchers are typed against @vitest/expect 4; vitest 5 runs them unchanged but types `this` differently.
expect.extend(allCustomMatcher as unknown as Parameters<typeof expect.extend>[0]);

declare module 'vitest' {
  interface Matchers<R extends void | Promise<void> = void | Promise<void>, T = unknown> extends CustomMatcher<R> {}
}

export const region = 'eu-west-1';
export const meta = (httpStatusCode: number) => ({ httpStatusCode });
