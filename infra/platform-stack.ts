import { Stack, type StackProps } from 'aws-cdk-lib';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { functionName, stage as stageName, type WorkflowName } from '../core/names';
import { PipelineWorkflow } from '../workflows/pipeline';
import { type StageName, StageWorkflow } from '../workflows/stage';
import { ValidateWorkflow } from '../workflows/validate';
import { PolderBuckets } from './constructs/buckets';
import { ConfigDeployment } from './constructs/config-deployment';
import { PolderFunctions } from './constructs/functions';
import { UploadTrigger } from './constructs/upload-trigger';

export interface PlatformStackProps extends StackProps {
  /** Folder holding functions/, tenants/, packs/ and package-lock.json. */
  readonly projectRoot: string;
}

/** Everything shared by all tenants: buckets, config, functions, the five workflows and the upload trigger. */
export class PlatformStack extends Stack {
  readonly buckets: PolderBuckets;
  readonly functions: PolderFunctions;
  readonly machines: Record<WorkflowName, sfn.StateMachine>;

  constructor(scope: Construct, id: string, props: PlatformStackProps) {
    super(scope, id, props);
    this.buckets = new PolderBuckets(this, 'Buckets');
    const { landing, lake } = this.buckets;

    new ConfigDeployment(this, 'Config', { lake, projectRoot: props.projectRoot });

    this.functions = new PolderFunctions(this, 'Functions', { landing, lake, projectRoot: props.projectRoot });
    const fn = this.functions.byName;

    const validate = new ValidateWorkflow(this, 'Validate', {
      lake,
      functions: { precheck: fn.precheck, prepareChecks: fn[functionName.prepareChecks], writeReport: fn[functionName.writeReport] },
    }).stateMachine;
    const stage = (name: StageName) =>
      new StageWorkflow(this, name[0]!.toUpperCase() + name.slice(1), {
        stage: name,
        lake,
        functions: { plan: fn.plan, publish: fn.publish, summarize: fn.summarize },
      }).stateMachine;
    const integrate = stage(stageName.integrate);
    const datamart = stage(stageName.datamart);
    const analyze = stage(stageName.analyze);
    const pipeline = new PipelineWorkflow(this, 'Pipeline', {
      ingest: fn.ingest,
      machines: { validate, integrate, datamart, analyze },
    }).stateMachine;
    this.machines = { validate, integrate, datamart, analyze, pipeline };

    this.functions.allowStartPipeline(pipeline);
    new UploadTrigger(this, 'UploadTrigger', { landing, target: fn[functionName.startPipeline] });
  }

  get lake(): s3.IBucket {
    return this.buckets.lake;
  }
}
