import { join } from 'node:path';
import { Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { configPart, envVar, tenantDatabasePrefix, type FunctionName, functionName, functionNames, zone } from '../../core/names';
import { configPrefix, topPrefix } from '../../core/keys';
import { athenaQueryStatements } from '../../workflows/common';

/** What one function may touch. Prefixes are lake zones (docs/architecture.md, "Buckets, zones and keys"). */
interface Access {
  readonly memoryMb: number;
  readonly timeout: Duration;
  readonly readsLanding?: boolean;
  readonly lakeRead?: readonly string[];
  readonly lakeWrite?: readonly string[];
  /**
   * Written with ObjectStore.putStream: a multipart upload (s3:PutObject covers its create, parts and complete),
   * which it aborts when the source fails (s3:AbortMultipartUpload).
   */
  readonly lakeStreamWrite?: readonly string[];
  /** 'read': GetTable only; 'write': also Create/UpdateTable (the Catalog port). */
  readonly glue?: 'read' | 'write';
  /** Runs queries through the QueryEngine port; Athena then reads these zones with the function's role. */
  readonly athenaReads?: readonly string[];
}

/** Every function reads the deployed config; contract snapshots live in reports/. */
const config = [configPrefix()];
const raw = topPrefix(zone.raw);
const decoded = topPrefix(zone.decoded);
const quarantine = topPrefix(zone.quarantine);
const curated = topPrefix(zone.curated);
const marts = topPrefix(zone.marts);
const results = topPrefix(zone.results);
const reports = topPrefix(zone.reports);
const access: Record<FunctionName, Access> = {
  [functionName.startPipeline]: { memoryMb: 256, timeout: Duration.seconds(30), lakeRead: config },
  [functionName.ingest]: {
    memoryMb: 512,
    timeout: Duration.minutes(5),
    readsLanding: true,
    // decoded/: the query copy (UTF-8 and/or gzip, core/query-copy.ts), streamed from raw/ (HeadObject for "exists" needs GetObject)
    lakeRead: [...config, raw, decoded, reports],
    lakeWrite: [raw, reports],
    lakeStreamWrite: [decoded],
  },
  [functionName.precheck]: { memoryMb: 1024, timeout: Duration.minutes(2), lakeRead: [...config, raw, reports] },
  // decoded/: checks that the query copy a load's raw table reads is there
  [functionName.prepareChecks]: { memoryMb: 512, timeout: Duration.minutes(1), lakeRead: [...config, reports, decoded], glue: 'write' },
  [functionName.writeReport]: {
    memoryMb: 1024,
    timeout: Duration.minutes(5),
    lakeRead: [...config, raw, reports],
    lakeWrite: [reports],
    glue: 'write',
    // The raw table reads raw/, or decoded/ for a load with a query copy.
    athenaReads: [quarantine, raw, decoded],
  },
  [functionName.plan]: {
    memoryMb: 512,
    timeout: Duration.minutes(1),
    lakeRead: [...config, reports],
    // The per-tenant pseudonym key is created on first use (core/pseudonym-key.ts).
    lakeWrite: [configPrefix(configPart.secrets)],
    glue: 'read',
  },
  [functionName.publish]: {
    memoryMb: 512,
    timeout: Duration.minutes(5),
    glue: 'write',
    athenaReads: [curated, marts, results],
  },
  [functionName.summarize]: { memoryMb: 256, timeout: Duration.seconds(30) },
};

export interface PolderFunctionsProps {
  readonly landing: s3.IBucket;
  readonly lake: s3.IBucket;
  /** Folder holding functions/ and package-lock.json. */
  readonly projectRoot: string;
  /** @default logs.RetentionDays.THREE_MONTHS */
  readonly logRetention?: logs.RetentionDays;
  /** @default lambda.Runtime.NODEJS_24_X */
  readonly runtime?: lambda.Runtime;
}

/** Pascal-case construct id of a function name: write-report → WriteReport. */
export const functionId = (name: string) => name.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase());

/**
 * The eight Lambda functions, each with its own role holding only what its row in `access` says.
 * Bundled by esbuild into one ESM file per function.
 */
export class PolderFunctions extends Construct {
  readonly byName: Record<FunctionName, nodejs.NodejsFunction>;

  constructor(scope: Construct, id: string, props: PolderFunctionsProps) {
    super(scope, id);
    const entries = functionNames.map((name) => [name, this.create(name, props)] as const);
    this.byName = Object.fromEntries(entries) as Record<FunctionName, nodejs.NodejsFunction>;
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
    const { landing, lake } = props;
    const objects = (prefixes: readonly string[]) => prefixes.map((p) => lake.arnForObjects(`${p}*`));
    if (spec.readsLanding) {
      // Versioned uploads: the copy names the version the event reported.
      role.addToPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject', 's3:GetObjectVersion'], resources: [landing.arnForObjects('*')] }));
    }
    if (spec.lakeRead || spec.lakeWrite || spec.lakeStreamWrite) {
      // ListBucket turns a missing key into 404 instead of 403 (ObjectStore.exists relies on it).
      role.addToPolicy(new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [lake.bucketArn] }));
    }
    if (spec.lakeRead) role.addToPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: objects(spec.lakeRead) }));
    if (spec.lakeWrite) role.addToPolicy(new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: objects(spec.lakeWrite) }));
    if (spec.lakeStreamWrite) {
      role.addToPolicy(
        new iam.PolicyStatement({ actions: ['s3:PutObject', 's3:AbortMultipartUpload'], resources: objects(spec.lakeStreamWrite) }),
      );
    }
    if (spec.glue) {
      const stack = Stack.of(this);
      const actions = ['glue:GetDatabase', 'glue:GetTable', ...(spec.glue === 'write' ? ['glue:CreateTable', 'glue:UpdateTable'] : [])];
      role.addToPolicy(
        new iam.PolicyStatement({
          actions,
          resources: [
            stack.formatArn({ service: 'glue', resource: 'catalog' }),
            stack.formatArn({ service: 'glue', resource: 'database', resourceName: `${tenantDatabasePrefix}*` }),
            stack.formatArn({ service: 'glue', resource: 'table', resourceName: `${tenantDatabasePrefix}*/*` }),
          ],
        }),
      );
    }
    if (spec.athenaReads) {
      // The same statements as the Athena tasks of the workflows, without UNLOAD targets: these queries only count.
      const statements = athenaQueryStatements(Stack.of(this), { lake, readPrefixes: spec.athenaReads, writePrefixes: [] });
      for (const statement of statements) {
        role.addToPolicy(statement);
      }
    }
  }
}
