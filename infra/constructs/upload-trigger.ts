import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface UploadTriggerProps {
  /** Bucket with EventBridge notifications on. */
  readonly landing: s3.IBucket;
  /** start-pipeline. */
  readonly target: lambda.IFunction;
  /**
   * How often EventBridge retries a failed invocation before the event goes to the dead-letter queue.
   * @default 8
   */
  readonly retryAttempts?: number;
}

/** S3 "Object Created" in the landing bucket → start-pipeline; undeliverable events are kept in a queue. */
export class UploadTrigger extends Construct {
  readonly rule: events.Rule;
  readonly deadLetterQueue: sqs.Queue;
  /**
   * Where start-pipeline's failed asynchronous invocations go (EventBridge invokes it asynchronously): an event it
   * could not start a run for after Lambda's retries (unknown tenant, throttled past the event's age, a bug) is kept
   * with the error, to be replayed, instead of dropped.
   */
  readonly failedStarts: sqs.Queue;

  constructor(scope: Construct, id: string, props: UploadTriggerProps) {
    super(scope, id);
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // The longest SQS allows: a lost event is a lost upload, someone must be able to replay it.
      retentionPeriod: Duration.days(14),
    });
    this.failedStarts = new sqs.Queue(this, 'FailedStarts', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      // a record a replayer cannot handle five times joins the undeliverable events
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: 5 },
    });
    props.target.configureAsyncInvoke({
      onFailure: new destinations.SqsDestination(this.failedStarts),
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
    });
    this.rule = new events.Rule(this, 'Rule', {
      description: 'Polder: start the pipeline for every upload to the landing bucket',
      eventPattern: {
        source: ['aws.s3'],
        detailType: ['Object Created'],
        detail: { bucket: { name: [props.landing.bucketName] } },
      },
      targets: [
        new targets.LambdaFunction(props.target, {
          deadLetterQueue: this.deadLetterQueue,
          retryAttempts: props.retryAttempts ?? 8,
          maxEventAge: Duration.hours(6),
        }),
      ],
    });
  }
}
