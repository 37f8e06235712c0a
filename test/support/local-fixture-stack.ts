import { App, Stack, Tags } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { CfnTemplate } from '../../local/runtime/template';

/**
 * A small stand-in for the platform stack, built with the same constructs the workflows use:
 * a `pipeline` machine (LambdaInvoke → nested `stage` run) and a `stage` machine (LambdaInvoke → Map of
 * Athena + LambdaInvoke), plus the EventBridge rule on the landing bucket.
 */
export function fixtureTemplate(): CfnTemplate {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'Polder');
  const landing = new s3.Bucket(stack, 'Landing', { eventBridgeEnabled: true });
  const lake = new s3.Bucket(stack, 'Lake');
  const fn = (id: string, name: string) =>
    new lambda.Function(stack, id, {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => null'),
      environment: { POLDER_FUNCTION: name, LANDING_BUCKET: landing.bucketName, LAKE_BUCKET: lake.bucketName },
    });
  const invoke = (id: string, f: lambda.IFunction) => new tasks.LambdaInvoke(stack, id, { lambdaFunction: f, outputPath: '$.Payload' });

  const stage = new sfn.StateMachine(stack, 'StageMachine', {
    definitionBody: sfn.DefinitionBody.fromChainable(
      invoke('Plan', fn('PlanFn', 'plan'))
        .next(
          new sfn.Map(stack, 'Build', { itemsPath: '$.steps', maxConcurrency: 4, resultPath: '$.built' }).itemProcessor(
            new tasks.AthenaStartQueryExecution(stack, 'RunQuery', {
              queryString: sfn.JsonPath.stringAt('$.query'),
              workGroup: sfn.JsonPath.stringAt('$.workgroup'),
              queryExecutionContext: { databaseName: sfn.JsonPath.stringAt('$.database') },
              integrationPattern: sfn.IntegrationPattern.RUN_JOB,
              resultSelector: { queryExecutionId: sfn.JsonPath.stringAt('$.QueryExecution.QueryExecutionId') },
              resultPath: '$.athena',
            }).next(invoke('Publish', fn('PublishFn', 'publish'))),
          ),
        )
        .next(new sfn.Pass(stack, 'Done', { parameters: { 'tenant.$': '$.tenant', 'built.$': '$.built' } })),
    ),
  });
  Tags.of(stage).add('polder:workflow', 'stage');

  const pipeline = new sfn.StateMachine(stack, 'PipelineMachine', {
    definitionBody: sfn.DefinitionBody.fromChainable(
      invoke('Ingest', fn('IngestFn', 'ingest')).next(
        new tasks.StepFunctionsStartExecution(stack, 'Stage', {
          stateMachine: stage,
          integrationPattern: sfn.IntegrationPattern.RUN_JOB,
          input: sfn.TaskInput.fromJsonPathAt('$'),
          resultSelector: { output: sfn.JsonPath.objectAt('$.Output') },
          resultPath: '$.stage',
        }),
      ),
    ),
  });
  Tags.of(pipeline).add('polder:workflow', 'pipeline');

  new events.Rule(stack, 'OnUpload', {
    eventPattern: { source: ['aws.s3'], detailType: ['Object Created'], detail: { bucket: { name: [landing.bucketName] } } },
    targets: [new targets.LambdaFunction(fn('StartFn', 'start-pipeline'))],
  });
  return app.synth().getStackByName('Polder').template as CfnTemplate;
}
