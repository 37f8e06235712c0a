import { ExecutionAlreadyExists, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { SfnStarter } from '../../../../adapters/aws/sfn-starter';
import { region, meta } from '../../../support/aws-sdk-mock';

const sfnMock = mockClient(SFNClient);
const machine = 'arn:aws:states:eu-west-1:123456789012:stateMachine:PolderPipeline';

describe('Adapter: SfnStarter', () => {
  afterEach(() => {
    sfnMock.reset();
  });

  it('starts an execution with the given name and the input as JSON', async () => {
    // prepare
    const arn = 'arn:aws:states:eu-west-1:123456789012:execution:PolderPipeline:gemeente-a-inwoners-20240101t000000-abc';
    sfnMock.on(StartExecutionCommand).resolves({ executionArn: arn, startDate: new Date() });
    const starter = new SfnStarter(new SFNClient({ region }), machine);

    // act
    const result = await starter.start('gemeente-a-inwoners-20240101t000000-abc', { tenant: 'gemeente-a' });

    // assess
    expect(sfnMock).toHaveReceivedCommandExactlyOnceWith(StartExecutionCommand, {
      stateMachineArn: machine,
      name: 'gemeente-a-inwoners-20240101t000000-abc',
      input: '{"tenant":"gemeente-a"}',
    });
    expect(result).toEqual({ executionArn: arn, started: true });
  });

  it('answers started: false with the existing execution’s ARN on ExecutionAlreadyExists', async () => {
    // prepare
    sfnMock
      .on(StartExecutionCommand)
      .rejects(new ExecutionAlreadyExists({ message: 'Execution Already Exists', $metadata: meta(400) }));
    const starter = new SfnStarter(new SFNClient({ region }), machine);

    // act
    const result = await starter.start('dup-name', {});

    // assess
    expect(result).toEqual({
      executionArn: 'arn:aws:states:eu-west-1:123456789012:execution:PolderPipeline:dup-name',
      started: false,
    });
  });
});
