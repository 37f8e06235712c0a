import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { topPrefix } from '../core/keys';
import { workflow, zone } from '../core/names';
import { AthenaQuery, invoke, workflowMachine } from './common';

export interface ValidateWorkflowProps {
  readonly functions: {
    readonly precheck: lambda.IFunction;
    readonly prepareChecks: lambda.IFunction;
    readonly writeReport: lambda.IFunction;
  };
  /** The lake bucket; the checks query writes quarantine Parquet there. */
  readonly lake: s3.IBucket;
}

/**
 * validate (input loadInput): Precheck → HeaderAccepted → PrepareChecks → RunChecks → WriteReport.
 * A file whose head is already rejected skips the Athena pass and goes straight to the report.
 */
export class ValidateWorkflow extends Construct {
  readonly stateMachine: sfn.StateMachine;

  constructor(scope: Construct, id: string, props: ValidateWorkflowProps) {
    super(scope, id);
    const { precheck, prepareChecks, writeReport } = props.functions;

    const writeReportTask = invoke(this, 'WriteReport', writeReport);
    const runChecks = new AthenaQuery(this, 'RunChecks', {
      // Reads the load's raw file (decoded/: its query copy, UTF-8 and/or gzip) and, for reference rules,
      // curated datasets.
      access: { lake: props.lake, readPrefixes: [zone.raw, zone.decoded, zone.curated].map(topPrefix), writePrefixes: [topPrefix(zone.quarantine)] },
      resultPath: '$.athena',
    });
    // A file the engine cannot read past its head (ragged rows, stray quotes) still gets a report.
    runChecks.addCatch(writeReportTask, { errors: ['States.ALL'], resultPath: '$.checksError' });
    const definition = invoke(this, 'Precheck', precheck).next(
      new sfn.Choice(this, 'HeaderAccepted')
        .when(sfn.Condition.stringEquals('$.status', 'rejected'), writeReportTask)
        .otherwise(invoke(this, 'PrepareChecks', prepareChecks).next(runChecks).next(writeReportTask)),
    );

    this.stateMachine = workflowMachine(this, 'StateMachine', { workflow: workflow.validate, definition });
  }
}
