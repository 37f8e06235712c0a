import { Duration } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { stage, workflow } from '../core/names';
import { backoff, invoke, workflowMachine } from './common';

export interface PipelineWorkflowProps {
  readonly ingest: lambda.IFunction;
  /** Encrypts the execution log group. */
  readonly logKey: kms.IKey;
  /** Writes the failure report when ingest fails for good (functions/report-failure.ts). */
  readonly reportFailure: lambda.IFunction;
  readonly machines: {
    readonly validate: sfn.IStateMachine;
    readonly integrate: sfn.IStateMachine;
    readonly datamart: sfn.IStateMachine;
    readonly analyze: sfn.IStateMachine;
  };
}

/**
 * How a Lambda that ran out of time or died shows in Step Functions: the function's own timeout (Sandbox.Timedout),
 * the task's TimeoutSeconds (States.Timeout), a runtime that exited (out of memory: Lambda.Unknown).
 */
export const ingestTimeoutErrors = ['Sandbox.Timedout', 'States.Timeout', 'Lambda.Unknown'] as const;

/** A nested run that waits for the child (`states:startExecution.sync:2`, Output parsed as JSON). */
function nested(scope: Construct, id: string, machine: sfn.IStateMachine, props: Partial<tasks.StepFunctionsStartExecutionProps>) {
  const task = new tasks.StepFunctionsStartExecution(scope, id, {
    stateMachine: machine,
    integrationPattern: sfn.IntegrationPattern.RUN_JOB,
    ...props,
  });
  // Too many running executions in the account is transient; anything else is the child's own failure.
  task.addRetry(
    backoff({ errors: ['StepFunctions.ExecutionLimitExceeded'], interval: Duration.seconds(30), maxAttempts: 5, maxDelay: Duration.minutes(5) }),
  );
  return task;
}

/** The stage input for datamart and analyze: triggered by this load, run id = load id. */
const stageInput = (name: typeof stage.datamart | typeof stage.analyze) =>
  sfn.TaskInput.fromObject({
    stage: name,
    tenant: sfn.JsonPath.stringAt('$.tenant'),
    dataset: sfn.JsonPath.stringAt('$.dataset'),
    loadId: sfn.JsonPath.stringAt('$.loadId'),
    runId: sfn.JsonPath.stringAt('$.loadId'),
  });

const outputSelector = { output: sfn.JsonPath.objectAt('$.Output') };

/** pipeline (input pipelineInput): Ingest → Validate → Accepted → Integrate → Datamart → Analyze. */
export class PipelineWorkflow extends Construct {
  readonly stateMachine: sfn.StateMachine;

  constructor(scope: Construct, id: string, props: PipelineWorkflowProps) {
    super(scope, id);
    const { machines } = props;

    const integrate = nested(this, 'Integrate', machines.integrate, {
      input: sfn.TaskInput.fromObject({
        stage: stage.integrate,
        tenant: sfn.JsonPath.stringAt('$.tenant'),
        dataset: sfn.JsonPath.stringAt('$.dataset'),
        loadId: sfn.JsonPath.stringAt('$.loadId'),
        runId: sfn.JsonPath.stringAt('$.loadId'),
        validate: sfn.JsonPath.objectAt('$'),
      }),
      resultSelector: outputSelector,
      resultPath: '$.integrate',
    });
    const datamart = nested(this, 'Datamart', machines.datamart, {
      input: stageInput(stage.datamart),
      resultSelector: outputSelector,
      resultPath: '$.datamart',
    });
    const analyze = nested(this, 'Analyze', machines.analyze, {
      input: stageInput(stage.analyze),
      resultSelector: outputSelector,
      resultPath: '$.analyze',
    });

    const ingest = invoke(this, 'Ingest', props.ingest);
    // A timed-out or crashed ingest (a slow S3 read, a cold network) is tried once more before it counts as failed.
    ingest.addRetry(backoff({ errors: ingestTimeoutErrors, interval: Duration.seconds(10), maxAttempts: 1 }));
    // A load that cannot be taken in still ends with a report; the execution then fails, so the history is true.
    ingest.addCatch(
      invoke(this, 'ReportFailure', props.reportFailure).next(
        new sfn.Fail(this, 'IngestFailed', { error: 'Polder.IngestFailed', cause: 'ingest failed after its retries; see failure.json in the load’s reports/ folder' }),
      ),
      { errors: ['States.ALL'], resultPath: '$.failure' },
    );
    const definition = ingest
      .next(nested(this, 'Validate', machines.validate, { input: sfn.TaskInput.fromJsonPathAt('$'), outputPath: '$.Output' }))
      .next(
        new sfn.Choice(this, 'Accepted')
          .when(
            sfn.Condition.or(
              sfn.Condition.stringEquals('$.status', 'accepted'),
              sfn.Condition.stringEquals('$.status', 'accepted_with_warnings'),
            ),
            integrate.next(datamart).next(analyze),
          )
          .otherwise(new sfn.Succeed(this, 'Rejected')),
      );

    this.stateMachine = workflowMachine(this, 'StateMachine', {
      workflow: workflow.pipeline,
      definition,
      logKey: props.logKey,
      // Covers the four nested runs end to end.
      timeout: Duration.hours(8),
    });
  }
}
