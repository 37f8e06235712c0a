import { readdirSync } from 'node:fs';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { App, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type PolderApp } from '../../../infra/app-builder';
import { resolveTemplate } from '../../../local/runtime/template';
import { workflowMachine } from '../../../workflows/common';
import { functionName, functionNames } from '../../../core/names';

/** The definitions the offline runtime will run, by workflow tag. */
type Definition = { StartAt: string; States: Record<string, Record<string, unknown>> };

const workflows = ['validate', 'integrate', 'datamart', 'analyze', 'pipeline', 'retention'];

describe('the Polder CDK app', () => {
  let built: PolderApp;
  let platform: Template;
  let tenant: Template;
  let definitions: Record<string, Definition>;
  let resolved: ReturnType<typeof resolveTemplate>;

  beforeAll(() => {
    // prepare: synthesize in-process without bundling, as the offline runtime does
    built = buildApp({ bundle: false });
    platform = Template.fromStack(built.platform);
    const leeuwarden = built.tenants.find((t) => t.stackName === 'Polder-leeuwarden');
    tenant = Template.fromStack(leeuwarden!);
    resolved = resolveTemplate(platform.toJSON());
    definitions = Object.fromEntries(Object.entries(resolved.machines).map(([name, m]) => [name, m.definition as Definition]));
  });

  it('names the stacks Polder and Polder-<tenant>', () => {
    // assess
    expect(built.platform.stackName).toBe('Polder');
    // one stack per file in tenants/ (the demo tenants of the packs)
    expect(built.tenants.map((t) => t.stackName).sort()).toEqual(['Polder-amsterdam', 'Polder-leeuwarden', 'Polder-utrecht', 'Polder-zaanstad']);
  });

  it('has six Standard state machines, each logging ALL without execution data, traced and tagged', () => {
    platform.resourceCountIs('AWS::StepFunctions::StateMachine', 6);
    for (const workflow of workflows) {
      platform.hasResourceProperties('AWS::StepFunctions::StateMachine', {
        StateMachineType: 'STANDARD',
        LoggingConfiguration: Match.objectLike({ Level: 'ALL', IncludeExecutionData: false }),
        TracingConfiguration: { Enabled: true },
        Tags: Match.arrayWith([{ Key: 'polder:workflow', Value: workflow }]),
      });
    }
    expect(Object.keys(definitions).sort()).toEqual([...workflows].sort());
  });

  it('defines validate as Precheck → HeaderAccepted → PrepareChecks → RunChecks → WriteReport', () => {
    const { StartAt, States } = definitions.validate!;
    const fn = (state: string) => resolved.functions[(States[state]?.Parameters as { FunctionName: string }).FunctionName.split(':function:')[1]!];

    expect(StartAt).toBe('Precheck');
    expect(Object.keys(States).sort()).toEqual(['HeaderAccepted', 'Precheck', 'PrepareChecks', 'RunChecks', 'WriteReport']);
    for (const [state, name] of [['Precheck', 'precheck'], ['PrepareChecks', 'prepare-checks'], ['WriteReport', 'write-report']] as const) {
      expect(States[state]).toMatchObject({ Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', OutputPath: '$.Payload' });
      expect(fn(state)).toBe(name);
    }
    expect(States.Precheck?.Next).toBe('HeaderAccepted');
    expect(States.HeaderAccepted).toMatchObject({
      Type: 'Choice',
      Choices: [{ Variable: '$.status', StringEquals: 'rejected', Next: 'WriteReport' }],
      Default: 'PrepareChecks',
    });
    expect(States.PrepareChecks?.Next).toBe('RunChecks');
    expect(States.RunChecks).toMatchObject({
      Type: 'Task',
      Resource: 'arn:aws:states:::athena:startQueryExecution.sync',
      Parameters: { 'QueryString.$': '$.query', 'WorkGroup.$': '$.workgroup', QueryExecutionContext: { 'Database.$': '$.database' } },
      ResultSelector: { 'queryExecutionId.$': '$.QueryExecution.QueryExecutionId' },
      ResultPath: '$.athena',
      Next: 'WriteReport',
    });
    expect(States.WriteReport?.End).toBe(true);
  });

  it('defines the three stages as Plan → waves of Build (Map: [Train →] RunQuery → Check → Publish, 4 at a time) → NextWave → Summarize → Checked', () => {
    const lambda = 'arn:aws:states:::lambda:invoke';
    for (const stage of ['integrate', 'datamart', 'analyze']) {
      const { StartAt, States } = definitions[stage]!;
      expect(StartAt).toBe('Plan');
      expect(States.Plan).toMatchObject({ Resource: lambda, Next: 'MoreWaves' });
      expect(States.MoreWaves).toMatchObject({
        Type: 'Choice',
        Choices: [{ Variable: '$.steps[0]', IsPresent: true, Next: 'Build' }],
        Default: 'Summarize',
      });
      const item = {
        RunQuery: { Resource: 'arn:aws:states:::athena:startQueryExecution.sync', ResultPath: '$.athena', Next: 'Check' },
        Check: { Resource: lambda, Next: 'Publish' },
        Publish: { Resource: lambda, End: true },
      };
      expect(States.Build).toMatchObject({
        Type: 'Map',
        ItemsPath: '$.steps',
        MaxConcurrency: 4,
        ResultPath: '$.built',
        Next: 'NextWave',
        ItemProcessor: { StartAt: stage === 'analyze' ? 'IsScore' : 'RunQuery', States: item },
      });
      // only analyze trains score models: a Lambda task before the scoring query
      const itemStates = (States.Build as { ItemProcessor: { States: Record<string, unknown> } }).ItemProcessor.States;
      if (stage === 'analyze') {
        expect(itemStates.IsScore).toMatchObject({
          Type: 'Choice',
          Choices: [{ Variable: '$.select', IsPresent: true, Next: 'Train' }],
          Default: 'RunQuery',
        });
        expect(itemStates.Train).toMatchObject({ Resource: lambda, Next: 'RunQuery' });
      } else expect(itemStates.Train).toBeUndefined();
      expect(States.NextWave).toMatchObject({ Resource: lambda, Next: 'MoreWaves' });
      expect(States.Summarize).toMatchObject({ Resource: lambda, Next: 'Checked' });
      expect(States.Checked).toMatchObject({ Type: 'Choice', Choices: [{ Variable: '$.status', StringEquals: 'failed', Next: 'ChecksFailed' }], Default: 'Done' });
      expect(States.ChecksFailed).toEqual({ Type: 'Fail', Error: 'ModelChecksFailed', CausePath: '$.message' });
    }
  });

  it('defines pipeline as Ingest → Validate → Accepted → Integrate → Datamart → Analyze, nested runs .sync:2', () => {
    const { StartAt, States } = definitions.pipeline!;
    const nested = 'arn:aws:states:::states:startExecution.sync:2';
    const machineOf = (state: string) => String((States[state]?.Parameters as { StateMachineArn: string }).StateMachineArn);
    const arnOf = (workflow: string) => resolved.machines[workflow]!.arn;

    expect(StartAt).toBe('Ingest');
    expect(States.Validate).toMatchObject({ Resource: nested, OutputPath: '$.Output', Parameters: { 'Input.$': '$' }, Next: 'Accepted' });
    expect(States.Accepted).toMatchObject({ Type: 'Choice', Default: 'Rejected' });
    expect(States.Rejected).toEqual({ Type: 'Succeed' });
    expect(States.Integrate).toMatchObject({
      Resource: nested,
      Parameters: { Input: { stage: 'integrate', 'tenant.$': '$.tenant', 'runId.$': '$.loadId', 'validate.$': '$' } },
      ResultSelector: { 'output.$': '$.Output' },
      ResultPath: '$.integrate',
      Next: 'Datamart',
    });
    expect(States.Datamart).toMatchObject({ Parameters: { Input: { stage: 'datamart' } }, ResultPath: '$.datamart', Next: 'Analyze' });
    expect(States.Analyze).toMatchObject({ Parameters: { Input: { stage: 'analyze' } }, ResultPath: '$.analyze', End: true });
    for (const workflow of ['validate', 'integrate', 'datamart', 'analyze']) {
      expect(machineOf(workflow[0]!.toUpperCase() + workflow.slice(1))).toBe(arnOf(workflow));
    }
  });

  it('starts start-pipeline for Object Created events of the landing bucket, with retries and a DLQ', () => {
    const landing = built.platform.resolve(built.platform.buckets.landing.bucketName);
    platform.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['aws.s3'], 'detail-type': ['Object Created'], detail: { bucket: { name: [landing] } } },
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^FunctionsStartPipeline'), 'Arn'] },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('DeadLetterQueue'), 'Arn'] } },
          RetryPolicy: Match.objectLike({ MaximumRetryAttempts: Match.anyValue() }),
        }),
      ],
    });
    // CDK turns EventBridge delivery on through its bucket-notifications custom resource
    platform.hasResourceProperties('Custom::S3BucketNotifications', { BucketName: landing, NotificationConfiguration: { EventBridgeConfiguration: {} } });
  });

  it('keeps every bucket private, TLS-only and encrypted; landing and lake versioned and logged', () => {
    const buckets = platform.findResources('AWS::S3::Bucket');
    expect(Object.keys(buckets)).toHaveLength(3);
    for (const bucket of Object.values(buckets)) {
      expect(bucket.Properties).toMatchObject({
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        VersioningConfiguration: { Status: 'Enabled' },
      });
    }
    const policies = Object.values(platform.findResources('AWS::S3::BucketPolicy'));
    expect(policies).toHaveLength(3);
    for (const policy of policies) {
      expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
    }
    const lake = built.platform.getLogicalId(built.platform.buckets.lake.node.defaultChild as never);
    platform.hasResource('AWS::S3::Bucket', { DeletionPolicy: 'Retain' });
    expect(buckets[lake]?.Properties).toMatchObject({
      VersioningConfiguration: { Status: 'Enabled' },
      LoggingConfiguration: { DestinationBucketName: expect.anything() },
    });
    expect(JSON.stringify(buckets[lake]?.Properties.LifecycleConfiguration)).toContain('athena-results/');
    expect(buckets[lake]?.Properties).not.toHaveProperty('BucketName');
  });

  it('keeps decoded/ (UTF-8 copies of windows-1252 uploads) under exactly the lifecycle rules of raw/', () => {
    const lake = built.platform.getLogicalId(built.platform.buckets.lake.node.defaultChild as never);
    const { Rules } = platform.toJSON().Resources[lake].Properties.LifecycleConfiguration as {
      Rules: { Id: string; Prefix?: string; Filter?: { Prefix?: string } }[];
    };
    const rulesFor = (key: string) => Rules.filter((r) => key.startsWith(r.Prefix ?? r.Filter?.Prefix ?? '')).map((r) => r.Id);
    expect(rulesFor('decoded/t/d/load=1/f.csv')).toEqual(rulesFor('raw/t/d/load=1/f.csv'));
    expect(rulesFor('raw/t/d/load=1/f.csv')).toContain('noncurrent-versions');
  });

  it('logs execution data only when the context polder:logExecutionData says so', () => {
    const debug = new App({ context: { 'polder:logExecutionData': 'true' } });
    const stack = new Stack(debug, 'W');
    workflowMachine(stack, 'M2', { workflow: 'validate', definition: new sfn.Pass(stack, 'P2'), logKey: new kms.Key(stack, 'K') });
    Template.fromStack(stack).hasResourceProperties('AWS::StepFunctions::StateMachine', {
      LoggingConfiguration: Match.objectLike({ IncludeExecutionData: true }),
    });
  });

  it('encrypts every log group with the platform log key and keeps it three months', () => {
    const groups = Object.values(platform.findResources('AWS::Logs::LogGroup'));
    // thirteen functions, six state machines
    expect(groups.length).toBe(19);
    for (const group of groups) {
      expect(group.Properties.KmsKeyId).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^LogKey/), 'Arn'] });
      expect(group.Properties.RetentionInDays).toBe(90);
    }
  });

  it('gives every function but start-pipeline the tenant role pattern, and start-pipeline none', () => {
    const functions = Object.values(platform.findResources('AWS::Lambda::Function')).map((f) => f.Properties.Environment?.Variables ?? {});
    const byName = Object.fromEntries(functions.filter((v) => v.POLDER_FUNCTION).map((v) => [v.POLDER_FUNCTION, v.TENANT_ROLE_ARN_PATTERN]));
    for (const name of functionNames.filter((n) => n !== functionName.startPipeline)) {
      expect(JSON.stringify(byName[name]), name).toContain(':role/polder-{tenant}-data');
    }
    expect(byName[functionName.startPipeline]).toBeUndefined();
  });

  it('runs the Athena tasks with the data role of the tenant the state names, and the machines may assume nothing else', () => {
    const runChecks = definitions.validate!.States.RunChecks as { Credentials?: Record<string, string> };
    expect(runChecks.Credentials).toEqual({ 'RoleArn.$': "States.Format('arn:aws:iam::000000000000:role/polder-{}-data', $.tenant)" });
    const policies = Object.entries(platform.findResources('AWS::IAM::Policy')).filter(([id]) => /StateMachineRole/.test(id));
    const assumes = policies.flatMap(([, p]) => p.Properties.PolicyDocument.Statement as { Action: string | string[] }[]).filter((st) => st.Action === 'sts:AssumeRole');
    expect(assumes.length).toBe(4);
    for (const [, p] of policies) {
      const actions = (p.Properties.PolicyDocument.Statement as { Action: string | string[] }[]).flatMap((st) => (Array.isArray(st.Action) ? st.Action : [st.Action]));
      expect(actions.filter((a) => /^(s3|glue|athena|kms|secretsmanager):/.test(a)), 'no data grant on a state machine role').toEqual([]);
    }
  });

  it('deploys tenants/ and packs/ (without data) into the lake config without pruning', () => {
    platform.hasResourceProperties('Custom::CDKBucketDeployment', { DestinationBucketKeyPrefix: 'config/tenants/', Prune: false });
    platform.hasResourceProperties('Custom::CDKBucketDeployment', {
      DestinationBucketKeyPrefix: 'config/packs/',
      Prune: false,
      Exclude: ['**/data/**'],
    });
    // the staged pack asset holds exactly what functions read
    const staged = readdirSync(built.app.outdir, { recursive: true, encoding: 'utf8' })
      .filter((f) => /^asset\.[0-9a-f]+\/gullies\/.+\.(yaml|sql|csv|md)$/.test(f))
      .map((f) => f.split('/').slice(1).join('/'));
    expect(staged).toContain('gullies/pack.yaml');
    expect(staged.some((f) => f.startsWith('gullies/contracts/'))).toBe(true);
    expect(staged.some((f) => f.startsWith('gullies/models/'))).toBe(true);
    expect(staged.filter((f) => !/^gullies\/(pack\.yaml|contracts\/|models\/)/.test(f))).toEqual([]);
  });

  it('runs the functions on Node 22+ ARM64 with tracing, their name and both buckets in the environment', () => {
    const functions = Object.values(platform.findResources('AWS::Lambda::Function')).filter(
      (f) => f.Properties.Environment?.Variables?.POLDER_FUNCTION,
    );
    expect(functions.map((f) => f.Properties.Environment.Variables.POLDER_FUNCTION).sort()).toEqual(
      ['check-model', 'ingest', 'next-wave', 'plan', 'precheck', 'prepare-checks', 'publish', 'report-failure', 'retention', 'start-pipeline', 'summarize', 'train-score', 'write-report'],
    );
    for (const f of functions) {
      const { Runtime, Architectures, TracingConfig, Handler, Environment } = f.Properties;
      expect(Number(/^nodejs(\d+)\.x$/.exec(Runtime)?.[1])).toBeGreaterThanOrEqual(22);
      expect(Architectures).toEqual(['arm64']);
      expect(TracingConfig).toEqual({ Mode: 'Active' });
      expect(Handler).toBe('index.handler');
      expect(Environment.Variables).toMatchObject({ LANDING_BUCKET: { Ref: expect.any(String) }, LAKE_BUCKET: { Ref: expect.any(String) } });
    }
    platform.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ POLDER_FUNCTION: 'start-pipeline', PIPELINE_STATE_MACHINE_ARN: { Ref: Match.stringLikeRegexp('^PipelineStateMachine') } }) },
    });
    for (const name of ['precheck', 'write-report']) {
      platform.hasResourceProperties('AWS::Lambda::Function', {
        MemorySize: 1024,
        Environment: { Variables: Match.objectLike({ POLDER_FUNCTION: name }) },
      });
    }
  });

  it('starts the retention machine every day from an EventBridge rule, and nothing else', () => {
    const retention = resolved.machines.retention!.logicalId;
    platform.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'cron(0 2 * * ? *)',
      Targets: Match.arrayWith([Match.objectLike({ Arn: { Ref: retention } })]),
    });
    // it deletes with the tenant's data role, which may delete every version in the tenant's own zones only
    tenant.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'DeleteOwnData', Action: ['s3:DeleteObject', 's3:DeleteObjectVersion'] })]) },
    });
  });

  it('lets start-pipeline start the pipeline machine and nothing else start anything but its nested runs', () => {
    const starters = Object.entries(platform.findResources('AWS::IAM::Policy')).filter(([, p]) =>
      JSON.stringify(p.Properties.PolicyDocument).includes('"states:StartExecution"'),
    );
    expect(starters.map(([id]) => id.replace(/[0-9A-F]{8}$/, '')).sort()).toEqual([
      'FunctionsStartPipelineRoleDefaultPolicy',
      'PipelineStateMachineRoleDefaultPolicy',
      'RetentionStateMachineEventsRoleDefaultPolicy',
    ]);
    const pipeline = resolved.machines.pipeline!.logicalId;
    const [, startPipeline] = starters.find(([id]) => id.startsWith('FunctionsStartPipeline'))!;
    expect(startPipeline.Properties.PolicyDocument.Statement).toContainEqual(
      expect.objectContaining({ Action: 'states:StartExecution', Resource: { Ref: pipeline } }),
    );
  });

  it('gives each tenant a Glue database and an enforced Athena workgroup, tagged with the tenant', () => {
    tenant.hasResourceProperties('AWS::Glue::Database', { DatabaseInput: Match.objectLike({ Name: 'polder_leeuwarden' }) });
    tenant.hasResourceProperties('AWS::Athena::WorkGroup', {
      Name: 'polder-leeuwarden',
      Tags: Match.arrayWith([{ Key: 'polder:tenant', Value: 'leeuwarden' }]),
      WorkGroupConfiguration: Match.objectLike({
        EnforceWorkGroupConfiguration: true,
        BytesScannedCutoffPerQuery: 10_000_000_000,
        PublishCloudWatchMetricsEnabled: true,
        EngineVersion: { SelectedEngineVersion: 'Athena engine version 3' },
        ResultConfiguration: {
          EncryptionConfiguration: { EncryptionOption: 'SSE_KMS', KmsKey: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AccessKey'), 'Arn'] } },
          OutputLocation: { 'Fn::Join': ['', ['s3://', { 'Fn::ImportValue': 'Polder-LakeBucketName' }, '/athena-results/leeuwarden/']] },
        },
      }),
    });
    expect(built.tenants.find((t) => t.stackName === 'Polder-leeuwarden')!.tags.tagValues()).toEqual({ 'polder:tenant': 'leeuwarden' });
  });
});

describe('cdk-nag AwsSolutions', () => {
  it('finds no unacknowledged errors or warnings', () => {
    // prepare
    const { app } = buildApp({ bundle: false });
    // act: v3 is a validation plugin; validateScope runs it directly and honours Validations.acknowledge
    app.synth();
    const { violations } = new AwsSolutionsChecks().validateScope(app);
    // assess
    const found = violations.flatMap((v) => v.violatingResources.map((r) => `${v.severity} ${v.ruleName} at ${r.constructPath}`));
    expect(found).toEqual([]);
  });

  it('lets synthesis pass with the pack registered as a validation plugin', () => {
    const { app } = buildApp({ bundle: false, nag: true });
    expect(() => app.synth()).not.toThrow();
  });

  it('fails synthesis on a finding nobody acknowledged', () => {
    const { app, platform } = buildApp({ bundle: false, nag: true });
    new s3.Bucket(platform, 'Unreviewed');
    expect(() => app.synth()).toThrow(/AwsSolutions-S1/);
  });
});
