import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { workflow } from '../core/names';
import { AthenaQuery, invoke, workflowMachine } from './common';

export interface ValidateWorkflowProps {
  readonly functions: {
    readonly precheck: lambda.IFunction;
    readonly prepareChecks: lambda.IFunction;
    readonly writeReport: lambda.IFunction;
  };
  /** Tenant ids: the data roles the checks query may run with (it writes the tenant's quarantine). */
  readonly tenants: readonly string[];
  /** Encrypts the execution log group. */
  readonly logKey: kms.IKey;
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
    // Reads the load's raw file (or its query copy in decoded/) and, for reference rules, curated datasets.
    const runChecks = new AthenaQuery(this, 'RunChecks', { tenants: props.tenants, resultPath: '$.athena' });
    // A file the engine cannot read past its head (ragged rows, stray quotes) still gets a report.
    runChecks.addCatch(writeReportTask, { errors: ['States.ALL'], resultPath: '$.checksError' });
    const definition = invoke(this, 'Precheck', precheck).next(
      new sfn.Choice(this, 'HeaderAccepted')
        .when(sfn.Condition.stringEquals('$.status', 'rejected'), writeReportTask)
        .otherwise(invoke(this, 'PrepareChecks', prepareChecks).next(runChecks).next(writeReportTask)),
    );

    this.stateMachine = workflowMachine(this, 'StateMachine', { workflow: workflow.validate, definition, logKey: props.logKey });
  }
}
