import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { topPrefix } from '../core/keys';
import { type BuildStageName, zone } from '../core/names';
import { AthenaQuery, invoke, workflowMachine } from './common';

export type StageName = BuildStageName;

/** What each stage's UNLOADs read and write (see docs/architecture.md, "Buckets, zones and keys"). */
const stageZones: Record<StageName, { readPrefixes: readonly string[]; writePrefixes: readonly string[] }> = {
  // the raw table reads raw/, or decoded/ for a load with a query copy (core/query-copy.ts)
  integrate: { readPrefixes: [zone.raw, zone.decoded, zone.curated].map(topPrefix), writePrefixes: [topPrefix(zone.curated)] },
  datamart: { readPrefixes: [zone.curated, zone.marts].map(topPrefix), writePrefixes: [topPrefix(zone.marts)] },
  analyze: { readPrefixes: [zone.curated, zone.marts, zone.results].map(topPrefix), writePrefixes: [topPrefix(zone.results)] },
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
