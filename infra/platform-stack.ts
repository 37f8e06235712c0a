import { ArnFormat, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { functionName, stage as stageName, type WorkflowName } from '../core/names';
import { PipelineWorkflow } from '../workflows/pipeline';
import { RetentionWorkflow } from '../workflows/retention';
import { type StageName, StageWorkflow } from '../workflows/stage';
import { ValidateWorkflow } from '../workflows/validate';
import { PolderBuckets } from './constructs/buckets';
import { ConfigDeployment } from './constructs/config-deployment';
import { PolderFunctions } from './constructs/functions';
import { exportBuckets } from './constructs/shared-buckets';
import { UploadTrigger } from './constructs/upload-trigger';

export interface PlatformStackProps extends StackProps {
  /** Folder holding functions/, tenants/, packs/ and package-lock.json. */
  readonly projectRoot: string;
  /** Tenant ids (tenants/*.yaml, known at synth time): whose data roles the platform may assume. */
  readonly tenants: readonly string[];
}

/** Everything shared by all tenants: buckets, config, functions, the five workflows and the upload trigger. */
export class PlatformStack extends Stack {
  readonly buckets: PolderBuckets;
  readonly functions: PolderFunctions;
  readonly machines: Record<WorkflowName, sfn.StateMachine>;
  /** Encrypts every log group of the platform (functions and state machines). */
  readonly logKey: kms.Key;
  /** The roles that run tenant work and may assume a tenant's data role: data functions and Athena-running machines. */
  readonly tenantWorkRoles: iam.IRole[];

  constructor(scope: Construct, id: string, props: PlatformStackProps) {
    super(scope, id, props);
    this.buckets = new PolderBuckets(this, 'Buckets');
    const { landing, lake } = this.buckets;
    exportBuckets(this, { Lake: lake, Landing: landing });

    new ConfigDeployment(this, 'Config', { lake, projectRoot: props.projectRoot });

    this.logKey = new kms.Key(this, 'LogKey', {
      description: 'Polder: CloudWatch Logs of the functions and state machines',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.logKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchLogsOfThisAccount',
        principals: [new iam.ServicePrincipal(`logs.${this.region}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': this.formatArn({ service: 'logs', resource: 'log-group', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME }) } },
      }),
    );
    const { logKey } = this;
    const tenants = props.tenants;

    this.functions = new PolderFunctions(this, 'Functions', { landing, lake, projectRoot: props.projectRoot, tenants, logKey });
    const fn = this.functions.byName;

    const validate = new ValidateWorkflow(this, 'Validate', {
      tenants,
      logKey,
      functions: { precheck: fn.precheck, prepareChecks: fn[functionName.prepareChecks], writeReport: fn[functionName.writeReport] },
    }).stateMachine;
    const stage = (name: StageName) =>
      new StageWorkflow(this, name[0]!.toUpperCase() + name.slice(1), {
        stage: name,
        tenants,
        logKey,
        functions: {
          plan: fn.plan,
          checkModel: fn[functionName.checkModel],
          publish: fn.publish,
          nextWave: fn[functionName.nextWave],
          summarize: fn.summarize,
          ...(name === stageName.analyze ? { trainScore: fn[functionName.trainScore] } : {}),
        },
      }).stateMachine;
    const integrate = stage(stageName.integrate);
    const datamart = stage(stageName.datamart);
    const analyze = stage(stageName.analyze);
    const pipeline = new PipelineWorkflow(this, 'Pipeline', {
      ingest: fn.ingest,
      logKey,
      reportFailure: fn[functionName.reportFailure],
      machines: { validate, integrate, datamart, analyze },
    }).stateMachine;
    const retention = new RetentionWorkflow(this, 'Retention', { retention: fn.retention, tenants, logKey }).stateMachine;
    this.machines = { validate, integrate, datamart, analyze, pipeline, retention };
    this.tenantWorkRoles = [
      ...this.functions.tenantDataFunctions().map((f) => f.role as iam.IRole),
      ...[validate, integrate, datamart, analyze].map((m) => m.role),
    ];

    this.functions.allowStartPipeline(pipeline);
    new UploadTrigger(this, 'UploadTrigger', { landing, target: fn[functionName.startPipeline] });
  }

  get lake(): s3.IBucket {
    return this.buckets.lake;
  }
}
