import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type PolderApp } from '../../../infra/app-builder';
import { taskStates } from '../../../local/runtime/asl';
import { resolveTemplate } from '../../../local/runtime/template';
import { athenaTransientErrors, lambdaTransientErrors } from '../../../workflows/common';

type Retrier = { ErrorEquals: string[]; IntervalSeconds?: number; MaxAttempts?: number; BackoffRate?: number; MaxDelaySeconds?: number; JitterStrategy?: string };

describe('nothing lost on AWS: retries, jitter and the failure destination of start-pipeline', () => {
  let built: PolderApp;
  let platform: Template;
  let machines: ReturnType<typeof resolveTemplate>['machines'];

  beforeAll(() => {
    built = buildApp({ bundle: false });
    platform = Template.fromStack(built.platform);
    machines = resolveTemplate(platform.toJSON()).machines;
  });

  it('every Lambda and Athena task of every workflow retries the standard transient errors with backoff and full jitter', () => {
    let lambdaTasks = 0;
    let athenaTasks = 0;
    for (const [workflow, machine] of Object.entries(machines)) {
      for (const { name, state } of taskStates(machine.definition)) {
        const retry = (state.Retry ?? []) as Retrier[];
        const where = `${workflow}.${name}`;
        const expected = state.Resource === 'arn:aws:states:::lambda:invoke' ? lambdaTransientErrors : state.Resource?.includes(':athena:') ? athenaTransientErrors : undefined;
        if (!expected) continue;
        if (expected === lambdaTransientErrors) lambdaTasks++;
        else athenaTasks++;
        const retrier = retry.find((r) => expected.every((e) => r.ErrorEquals.includes(e)));
        expect(retrier, `${where}: ${JSON.stringify(retry)}`).toMatchObject({ JitterStrategy: 'FULL', BackoffRate: 2 });
        expect(retrier?.MaxAttempts, where).toBeGreaterThanOrEqual(3);
        expect(retrier?.MaxDelaySeconds, where).toBeGreaterThan(0);
        // a function's own error (a bug, a rejected input) is never retried blindly
        expect(retry.flatMap((r) => r.ErrorEquals), where).not.toContain('States.ALL');
      }
    }
    expect(lambdaTasks).toBeGreaterThanOrEqual(10);
    expect(athenaTasks).toBe(4);
  });

  it('Ingest retries a timeout once, then a Catch writes the failure report and the run fails', () => {
    const { States } = machines.pipeline!.definition as { States: Record<string, { Retry?: Retrier[]; Catch?: unknown[]; Next?: string; Type?: string; Error?: string }> };
    expect(States.Ingest?.Retry).toContainEqual(
      expect.objectContaining({ ErrorEquals: ['Sandbox.Timedout', 'States.Timeout', 'Lambda.Unknown'], MaxAttempts: 1, JitterStrategy: 'FULL' }),
    );
    expect(States.Ingest?.Catch).toEqual([{ ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: 'ReportFailure' }]);
    expect(States.ReportFailure?.Next).toBe('IngestFailed');
    expect(States.IngestFailed).toMatchObject({ Type: 'Fail', Error: 'Polder.IngestFailed' });
    platform.hasResourceProperties('AWS::Lambda::Function', {
      MemorySize: 2048,
      Timeout: 900,
      Environment: { Variables: Match.objectLike({ POLDER_FUNCTION: 'ingest' }) },
    });
  });

  it('start-pipeline sends failed asynchronous invocations to an encrypted queue with a dead-letter queue', () => {
    const startPipeline = built.platform.resolve((built.platform.functions.byName['start-pipeline'].node.defaultChild as unknown as { ref: string }).ref);
    platform.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: startPipeline,
      MaximumRetryAttempts: 2,
      MaximumEventAgeInSeconds: 6 * 3600,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp('FailedStarts'), 'Arn'] } } },
    });
    platform.hasResourceProperties('AWS::SQS::Queue', {
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 14 * 24 * 3600,
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('DeadLetterQueue'), 'Arn'] }, maxReceiveCount: 5 },
    });
    // only TLS reaches the queue, and the function may send to it
    const policies = JSON.stringify(platform.findResources('AWS::SQS::QueuePolicy'));
    expect(policies).toMatch(/FailedStarts/);
    expect(policies).toMatch(/aws:SecureTransport/);
    const sends = Object.values(platform.findResources('AWS::IAM::Policy')).filter((p) => JSON.stringify(p).includes('sqs:SendMessage') && JSON.stringify(p).includes('FailedStarts'));
    expect(sends).toHaveLength(1);
  });
});
