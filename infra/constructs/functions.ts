import { join } from 'node:path';
import { Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { configPrefix } from '../../core/keys';
import { configPart, envVar, type FunctionName, functionName, functionNames } from '../../core/names';
import { tenantRoleArn } from '../../workflows/common';

/**
 * What one function may touch with its own role. Tenant data is reached only through the tenant's data role
 * (infra/constructs/tenant-access.ts), assumed per invocation for the tenant the payload names
 * (adapters/aws/ports.ts, tenantAwsPorts): the functions' own roles hold no lake, Glue or Athena grant.
 */
interface Access {
  readonly memoryMb: number;
  readonly timeout: Duration;
  /** Works on one tenant's data: may assume the data roles of the tenants, and nothing else. */
  readonly tenantData?: boolean;
  /** Reads the deployed tenant files (config/tenants/), which hold no data. */
  readonly readsTenantFiles?: boolean;
}

const access: Record<FunctionName, Access> = {
  // Checks the tenant of an upload exists before starting its run.
  [functionName.startPipeline]: { memoryMb: 256, timeout: Duration.seconds(30), readsTenantFiles: true },
  // Sized for large uploads (bench/ingest.ts): the gzip query copy is one stream on one core, ~60 MB/s (2 GB in
  // ~34 s); 2048 MB buys a bit more than one vCPU, so S3 reads and writes do not take from it; 15 minutes is Lambda's
  // limit. Streamed, so neither memory nor /tmp grows with the file.
  [functionName.ingest]: { memoryMb: 2048, timeout: Duration.minutes(15), tenantData: true },
  [functionName.precheck]: { memoryMb: 1024, timeout: Duration.minutes(2), tenantData: true },
  [functionName.prepareChecks]: { memoryMb: 512, timeout: Duration.minutes(1), tenantData: true },
  [functionName.writeReport]: { memoryMb: 1024, timeout: Duration.minutes(5), tenantData: true },
  [functionName.plan]: { memoryMb: 512, timeout: Duration.minutes(1), tenantData: true },
  // plans the waves after the first: reads model files, probes the next models' columns
  [functionName.nextWave]: { memoryMb: 512, timeout: Duration.minutes(1), tenantData: true },
  // samples the features, fits the logistic regression in memory, UNLOADs coefficients and calibration to results/
  [functionName.trainScore]: { memoryMb: 2048, timeout: Duration.minutes(10), tenantData: true },
  // registers the build as <table>__candidate and runs its data tests, counts and reconciliations
  [functionName.checkModel]: { memoryMb: 512, timeout: Duration.minutes(5), tenantData: true },
  // also records each build's version (reports/<tenant>/versions/)
  [functionName.publish]: { memoryMb: 512, timeout: Duration.minutes(5), tenantData: true },
  // writes the stage's run report (reports/<tenant>/runs/); drops a load's own tables (core/tables.ts) after integrate
  [functionName.summarize]: { memoryMb: 256, timeout: Duration.seconds(30), tenantData: true },
  // writes reports/…/failure.json when ingest failed for good, with the tenant's data role
  [functionName.reportFailure]: { memoryMb: 256, timeout: Duration.seconds(30), tenantData: true },
  // deletes one tenant's expired loads: its data role may delete its own zones and tables
  [functionName.retention]: { memoryMb: 512, timeout: Duration.minutes(15), tenantData: true },
};

export interface PolderFunctionsProps {
  readonly landing: s3.IBucket;
  readonly lake: s3.IBucket;
  /** Folder holding functions/ and package-lock.json. */
  readonly projectRoot: string;
  /** Tenant ids (tenants/*.yaml): the data roles the data functions may assume. */
  readonly tenants: readonly string[];
  /** Encrypts the functions' log groups. */
  readonly logKey: kms.IKey;
  /** @default logs.RetentionDays.THREE_MONTHS */
  readonly logRetention?: logs.RetentionDays;
  /** @default lambda.Runtime.NODEJS_24_X */
  readonly runtime?: lambda.Runtime;
}

/** Pascal-case construct id of a function name: write-report → WriteReport. */
export const functionId = (name: string) => name.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase());

/**
 * The Lambda functions, each with its own role holding only what its row in `access` says.
 * Bundled by esbuild into one ESM file per function.
 */
export class PolderFunctions extends Construct {
  readonly byName: Record<FunctionName, nodejs.NodejsFunction>;

  constructor(scope: Construct, id: string, props: PolderFunctionsProps) {
    super(scope, id);
    const entries = functionNames.map((name) => [name, this.create(name, props)] as const);
    this.byName = Object.fromEntries(entries) as Record<FunctionName, nodejs.NodejsFunction>;
  }

  /** The functions that work on one tenant's data with its data role. */
  tenantDataFunctions(): nodejs.NodejsFunction[] {
    return functionNames.filter((n) => access[n].tenantData).map((n) => this.byName[n]);
  }

  /** start-pipeline starts the pipeline; only the platform stack knows the machine, after the workflows. */
  allowStartPipeline(machine: { stateMachineArn: string; grantStartExecution(g: iam.IGrantable): iam.Grant }): void {
    const fn = this.byName[functionName.startPipeline];
    fn.addEnvironment(envVar.pipelineStateMachineArn, machine.stateMachineArn);
    machine.grantStartExecution(fn);
  }

  private create(name: FunctionName, props: PolderFunctionsProps): nodejs.NodejsFunction {
    const id = functionId(name);
    const spec = access[name];
    const logGroup = new logs.LogGroup(this, `${id}Logs`, {
      retention: props.logRetention ?? logs.RetentionDays.THREE_MONTHS,
      encryptionKey: props.logKey,
    });
    // An own role instead of AWSLambdaBasicExecutionRole: it may write only to its own log group.
    const role = new iam.Role(this, `${id}Role`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Polder ${name} function`,
    });
    logGroup.grantWrite(role);

    const fn = new nodejs.NodejsFunction(this, id, {
      entry: join(props.projectRoot, 'functions', `${name}.ts`),
      handler: 'handler',
      projectRoot: props.projectRoot,
      depsLockFilePath: join(props.projectRoot, 'package-lock.json'),
      runtime: props.runtime ?? lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: spec.memoryMb,
      timeout: spec.timeout,
      tracing: lambda.Tracing.ACTIVE,
      role,
      logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      description: `Polder ${name}`,
      environment: {
        [envVar.function]: name,
        [envVar.landingBucket]: props.landing.bucketName,
        [envVar.lakeBucket]: props.lake.bucketName,
        NODE_OPTIONS: '--enable-source-maps',
        ...(spec.tenantData ? { [envVar.tenantRoleArnPattern]: tenantRoleArn(Stack.of(this), '{tenant}') } : {}),
      },
      bundling: {
        format: nodejs.OutputFormat.ESM,
        mainFields: ['module', 'main'],
        target: 'node22',
        minify: true,
        sourceMap: true,
        // ESM output has no `require`; CJS dependencies bundled into it still call it.
        banner: "import { createRequire as __polderCreateRequire } from 'node:module'; const require = __polderCreateRequire(import.meta.url);",
      },
    });
    this.grant(role, spec, props);
    return fn;
  }

  private grant(role: iam.Role, spec: Access, props: PolderFunctionsProps): void {
    if (spec.tenantData && props.tenants.length > 0) {
      role.addToPolicy(
        new iam.PolicyStatement({ actions: ['sts:AssumeRole'], resources: props.tenants.map((t) => tenantRoleArn(Stack.of(this), t)) }),
      );
    }
    if (spec.readsTenantFiles) {
      const tenantFiles = `${configPrefix(configPart.tenants)}*`;
      role.addToPolicy(
        new iam.PolicyStatement({
          actions: ['s3:ListBucket'],
          resources: [props.lake.bucketArn],
          conditions: { StringLike: { 's3:prefix': [tenantFiles] } },
        }),
      );
      role.addToPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [props.lake.arnForObjects(tenantFiles)] }));
    }
  }
}
