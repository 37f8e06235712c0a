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
    readonly checkModel: lambda.IFunction;
    readonly publish: lambda.IFunction;
    readonly nextWave: lambda.IFunction;
    readonly summarize: lambda.IFunction;
    /** Only analyze builds score models. */
    readonly trainScore?: lambda.IFunction;
  };
  /** Tenant ids: the data roles the Athena task may run with. */
  readonly tenants: readonly string[];
  /** Encrypts the execution log group. */
  readonly logKey: kms.IKey;
  /**
   * How many build steps of a wave run at once; Athena's per-account concurrency is shared by all tenants.
   * @default 4
   */
  readonly maxConcurrency?: number;
}

/**
 * integrate, datamart and analyze (input stageInput):
 * Plan → MoreWaves? → Build (Map over the wave: [Train →] RunQuery → Check → Publish) → NextWave → MoreWaves? (Build again)
 * → Summarize → Checked? (a model held back by its checks fails the stage).
 */
export class StageWorkflow extends Construct {
  readonly stateMachine: sfn.StateMachine;

  constructor(scope: Construct, id: string, props: StageWorkflowProps) {
    super(scope, id);
    const { plan, checkModel, publish, nextWave, summarize, trainScore } = props.functions;

    const runQuery = new AthenaQuery(this, 'RunQuery', { tenants: props.tenants, resultPath: '$.athena' });
    runQuery.next(invoke(this, 'Check', checkModel)).next(invoke(this, 'Publish', publish));
    // A score step carries its features select; training turns it into the scoring query.
    const item = trainScore
      ? new sfn.Choice(this, 'IsScore')
          .when(sfn.Condition.isPresent('$.select'), invoke(this, 'Train', trainScore).next(runQuery))
          .otherwise(runQuery)
      : runQuery;

    const build = new sfn.Map(this, 'Build', {
      itemsPath: '$.steps',
      maxConcurrency: props.maxConcurrency ?? 4,
      resultPath: '$.built',
    }).itemProcessor(item);

    const checked = new sfn.Choice(this, 'Checked')
      .when(
        sfn.Condition.stringEquals('$.status', 'failed'),
        new sfn.Fail(this, 'ChecksFailed', { error: 'ModelChecksFailed', causePath: '$.message' }),
      )
      .otherwise(new sfn.Succeed(this, 'Done'));
    const summarizeState = invoke(this, 'Summarize', summarize).next(checked);
    const moreWaves = new sfn.Choice(this, 'MoreWaves').when(sfn.Condition.isPresent('$.steps[0]'), build).otherwise(summarizeState);

    const planTask = invoke(this, 'Plan', plan);
    // Publishing found the table moved on (append/upsert built on a version no longer current, core/table-pointer.ts):
    // plan again on the table as it is now. Each turn means another load was published, so it ends.
    build.addCatch(planTask, { errors: ['StaleVersionError'], resultPath: '$.stale' });
    const definition = planTask.next(moreWaves);
    build.next(invoke(this, 'NextWave', nextWave)).next(moreWaves);

    this.stateMachine = workflowMachine(this, 'StateMachine', { workflow: props.stage, definition, logKey: props.logKey });
  }
}
