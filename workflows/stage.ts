import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { AthenaQuery, invoke, workflowMachine } from './common';

export type StageName = 'integrate' | 'datamart' | 'analyze';

/** What each stage's UNLOADs read and write (see docs/architecture.md, "Buckets, zones and keys"). */
const stageZones: Record<StageName, { readPrefixes: readonly string[]; writePrefixes: readonly string[] }> = {
  // the raw table reads raw/, or decoded/ for a load with a query copy (core/query-copy.ts)
  integrate: { readPrefixes: ['raw/', 'decoded/', 'curated/'], writePrefixes: ['curated/'] },
  datamart: { readPrefixes: ['curated/', 'marts/'], writePrefixes: ['marts/'] },
  analyze: { readPrefixes: ['curated/', 'marts/', 'results/'], writePrefixes: ['results/'] },
};

export interface StageWorkflowProps {
  readonly stage: StageName;
  readonly functions: {
    readonly plan: lambda.IFunction;
    readonly publish: lambda.IFunction;
    readonly summarize: lambda.IFunction;
  };
  readonly lake: s3.IBucket;
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
      new AthenaQuery(this, 'RunQuery', {
        access: { lake: props.lake, ...stageZones[props.stage] },
        resultPath: '$.athena',
      }).next(invoke(this, 'Publish', publish)),
    );
    const definition = invoke(this, 'Plan', plan).next(build).next(invoke(this, 'Summarize', summarize));

    this.stateMachine = workflowMachine(this, 'StateMachine', { workflow: props.stage, definition });
  }
}
