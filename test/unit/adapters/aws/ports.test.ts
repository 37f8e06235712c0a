import { describe, expect, it } from 'vitest';
import { MissingEnvironmentError } from '../../../../adapters/aws/env';
import { awsPorts } from '../../../../adapters/aws/ports';
import '../../../support/aws-sdk-mock';

describe('Adapter: awsPorts', () => {
  it('names the missing variable', () => {
    // act
    const error = (() => {
      try {
        awsPorts({ LAKE_BUCKET: 'lake' });
      } catch (e) {
        return e;
      }
    })();

    // assess
    expect(error).toBeInstanceOf(MissingEnvironmentError);
    expect((error as Error).message).toContain('LANDING_BUCKET');
  });

  it('builds the ports once per environment, with the buckets from it', () => {
    // prepare
    const env = { LANDING_BUCKET: 'polder-landing-x', LAKE_BUCKET: 'polder-lake-x' };

    // act
    const first = awsPorts(env);
    const second = awsPorts(env);

    // assess
    expect(first.buckets).toEqual({ landing: 'polder-landing-x', lake: 'polder-lake-x' });
    expect(second).toBe(first);
  });

  it('lets the starter fail on use, naming its variable, when no state machine ARN is set', async () => {
    // prepare
    const ports = awsPorts({ LANDING_BUCKET: 'l', LAKE_BUCKET: 'k' });

    // act
    const error = await ports.starter.start('n', {}).catch((e: unknown) => e);

    // assess
    expect(error).toBeInstanceOf(MissingEnvironmentError);
    expect((error as Error).message).toContain('PIPELINE_STATE_MACHINE_ARN');
  });
});
