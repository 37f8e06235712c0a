import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { workflow } from '../core/names';
import { invoke, workflowMachine } from './common';

export interface RetentionWorkflowProps {
  readonly retention: lambda.IFunction;
  /** Encrypts the state machine's log group. */
  readonly logKey: kms.IKey;
  /** Tenant ids (tenants/*.yaml): the scheduled run covers each of them. */
  readonly tenants: readonly string[];
  /**
   * When the retention run starts (UTC).
   * @default every day at 02:00 UTC
   */
  readonly schedule?: events.Schedule;
}

/**
 * retention (input `{ tenants: [...], asOf? }`): `Tenants` Map (one tenant at a time) → `Retention` (the retention
 * Lambda with that tenant's data role: expired loads deleted in every zone with their old versions, the tables and
 * derived marts dropped, an audit record written). Started every day by an EventBridge rule with every tenant,
 * offline by `polder retention run`.
 */
export class RetentionWorkflow extends Construct {
  readonly stateMachine: sfn.StateMachine;
  readonly rule: events.Rule;

  constructor(scope: Construct, id: string, props: RetentionWorkflowProps) {
    super(scope, id);
    const perTenant = new sfn.Map(this, 'Tenants', {
      itemsPath: '$.tenants',
      maxConcurrency: 1,
      itemSelector: { 'tenant.$': '$$.Map.Item.Value', 'asOf.$': '$.asOf' },
      resultPath: '$.tenants',
    }).itemProcessor(invoke(this, 'Retention', props.retention));
    this.stateMachine = workflowMachine(this, 'StateMachine', { workflow: workflow.retention, definition: perTenant, logKey: props.logKey });
    this.rule = new events.Rule(this, 'Schedule', {
      description: 'Polder: delete loads whose retention has passed, every tenant',
      schedule: props.schedule ?? events.Schedule.cron({ minute: '0', hour: '2' }),
      // asOf null: the function takes its clock
      targets: [new targets.SfnStateMachine(this.stateMachine, { input: events.RuleTargetInput.fromObject({ tenants: props.tenants, asOf: null }) })],
    });
  }
}
