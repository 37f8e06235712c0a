import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { BuildStageName } from '../core/names';
import { AthenaQuery, invoke, workflowMachine } from './common';

export type StageName = BuildStageName;

export interface StageWorkflowProps {
  readonly stage: StageName;
  readonly functions: {
    readonly plan: lambda.IFunction;
    readonly publish: lambda.IFunction;
    readonly summarize: lambda.IFunction;
  };
  /** Tenant ids: the data roles the Athena task may run with. */
  readonly tenants: readonly string[];
  /** Encrypts the execution log group. */
  readonly logKey: kms.IKey;
  /**
   * How many build steps run at once; Athena's per-account concurrency is shared by all tenants.
   * @default 4
   */
  readonly maxConcurrency?: number;
}

/** integrate, datamart and analyze (input stageInput): Plan → Build (Map: RunQuery → Publish) → Summarize. */
export class StageWorkflow extends Construct {
  readonly stateMachine: sfn.StateMachine;

  constructor(scope: Construct, id: string, props: StageWorkflowProps) {
    super(scope, id);
    const { plan, publish, summarize } = props.functions;

    const build = new sfn.Map(this, 'Build', {
      itemsPath: '$.steps',
      maxConcurrency: props.maxConcurrency ?? 4,
      resultPath: '$.built',
    }).itemProcessor(
      new AthenaQuery(this, 'RunQuery', { tenants: props.tenants, resultPath: '$.athena' }).next(invoke(this, 'Publish', publish)),
    );
    const definition = invoke(this, 'Plan', plan).next(build).next(invoke(this, 'Summarize', summarize));

    this.stateMachine = workflowMachine(this, 'StateMachine', { workflow: props.stage, definition, logKey: props.logKey });
  }
}
