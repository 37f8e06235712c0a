import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { taskStates } from '../../../../local/runtime/asl';
import { matchesPattern } from '../../../../local/runtime/event-pattern';
import { RunStore } from '../../../../local/runtime/run-record';
import { type Integrations, Runner } from '../../../../local/runtime/runner';
import { type CfnTemplate, IntrinsicResolver, lambdaArn, resolveTemplate, stateMachineArn } from '../../../../local/runtime/template';
import { fixtureTemplate } from '../../../support/local-fixture-stack';

function idOf(template: CfnTemplate, prefix: string): string {
  const wanted = ['AWS::S3::Bucket', 'AWS::Lambda::Function', 'AWS::StepFunctions::StateMachine'];
  const id = Object.keys(template.Resources ?? {}).find(
    (k) => k.startsWith(prefix) && wanted.includes(String(template.Resources?.[k]?.Type)) && /^[A-Za-z]+[0-9A-F]{8}$/.test(k) && k.length === prefix.length + 8,
  );
  if (!id) throw new Error(`no ${prefix}`);
  return id;
}

describe('template resolution', () => {
  let template: CfnTemplate;
  let workspace: string;

  beforeAll(async () => {
    template = fixtureTemplate();
    workspace = await mkdtemp(join(tmpdir(), 'polder-template-'));
  });
  afterAll(() => rm(workspace, { recursive: true, force: true }));

  it('finds the tagged machines, the functions, the buckets and the rule', () => {
    const resolved = resolveTemplate(template);
    expect(Object.keys(resolved.machines).sort()).toEqual(['pipeline', 'stage']);
    expect(Object.values(resolved.functions).sort()).toEqual(['ingest', 'plan', 'publish', 'start-pipeline']);
    expect(resolved.buckets).toEqual({ [idOf(template, 'Landing')]: 'landing', [idOf(template, 'Lake')]: 'lake' });
    expect(resolved.rules).toHaveLength(1);
    expect(resolved.rules[0]?.targets).toEqual([idOf(template, 'StartFn')]);
    expect(resolved.rules[0]?.pattern).toEqual({ source: ['aws.s3'], 'detail-type': ['Object Created'], detail: { bucket: { name: ['landing'] } } });
  });

  it('resolves Fn::Join, Ref and Fn::GetAtt to local ARNs, leaving no intrinsic behind', () => {
    const { machines } = resolveTemplate(template);
    const pipeline = machines.pipeline?.definition as { States: Record<string, { Resource: string; Parameters: Record<string, unknown> }> };
    expect(pipeline.States.Ingest?.Resource).toBe('arn:aws:states:::lambda:invoke');
    expect(pipeline.States.Ingest?.Parameters.FunctionName).toBe(lambdaArn(idOf(template, 'IngestFn')));
    expect(pipeline.States.Stage?.Resource).toBe('arn:aws:states:::states:startExecution.sync:2');
    expect(pipeline.States.Stage?.Parameters.StateMachineArn).toBe(stateMachineArn(idOf(template, 'StageMachine')));
    expect(machines.pipeline?.arn).toBe(stateMachineArn(idOf(template, 'PipelineMachine')));
    const stageTasks = taskStates(machines.stage?.definition ?? {}).map((t) => [t.name, t.state.Resource]);
    expect(stageTasks).toEqual([
      ['Plan', 'arn:aws:states:::lambda:invoke'],
      ['RunQuery', 'arn:aws:states:::athena:startQueryExecution.sync'],
      ['Publish', 'arn:aws:states:::lambda:invoke'],
    ]);
    expect(JSON.stringify(machines)).not.toMatch(/Fn::|"Ref"/);
  });

  it('evaluates Fn::Sub with pseudo parameters, attributes and escapes', () => {
    const r = new IntrinsicResolver({ Fn: { Type: 'AWS::Lambda::Function' } }, {});
    expect(r.resolve({ 'Fn::Sub': 'arn:${AWS::Partition}:x:${AWS::Region}:${AWS::AccountId}/${Fn.Arn}/${!Lit}' })).toBe(
      `arn:aws:x:eu-west-1:000000000000/${lambdaArn('Fn')}/\${Lit}`,
    );
    expect(r.resolve({ 'Fn::Sub': ['${A}-${Fn}', { A: { 'Fn::Join': ['-', ['a', 'b']] } }] })).toBe('a-b-Fn');
    expect(() => r.resolve({ 'Fn::ImportValue': 'x' })).toThrow(/unsupported intrinsic/);
  });

  it('matches events like EventBridge', () => {
    const pattern = { source: ['aws.s3'], detail: { bucket: { name: ['landing'] }, object: { key: [{ prefix: 'a/' }, 'exact'] } } };
    const event = (bucket: string, key: string) => ({ source: 'aws.s3', detail: { bucket: { name: bucket }, object: { key } } });
    expect(matchesPattern(pattern, event('landing', 'a/b.csv'))).toBe(true);
    expect(matchesPattern(pattern, event('landing', 'exact'))).toBe(true);
    expect(matchesPattern(pattern, event('lake', 'a/b.csv'))).toBe(false);
    expect(matchesPattern(pattern, event('landing', 'b/a.csv'))).toBe(false);
    expect(matchesPattern({ source: ['aws.s3'], x: [{ exists: false }] }, { source: 'aws.s3' })).toBe(true);
    expect(matchesPattern({ source: [{ 'anything-but': ['aws.s3'] }] }, { source: 'aws.s3' })).toBe(false);
  });

  it('runs the resolved definitions with local task handlers, nested run and Map included', async () => {
    const { machines, functions } = resolveTemplate(template);
    const calls: string[] = [];
    const integrations: Integrations = {
      invokeLambda: async (id, payload) => {
        const name = functions[id];
        calls.push(String(name));
        const p = payload as Record<string, unknown>;
        if (name === 'ingest') return { ...p, steps: [1, 2, 3].map((n) => ({ n, query: `q${n}`, database: 'db', workgroup: 'wg' })) };
        if (name === 'plan') return p;
        if (name === 'publish') return { n: p.n, queryId: (p.athena as { queryExecutionId: string }).queryExecutionId };
        throw new Error(`unexpected ${String(name)}`);
      },
      runQuery: async ({ queryString, database, workGroup }) => {
        expect([database, workGroup]).toEqual(['db', 'wg']);
        if (queryString === 'boom') throw new Error('line 1:1: mismatched input');
        return { queryId: `id-${queryString}`, durationMs: 1, scannedBytes: 10 };
      },
    };
    const runs = new RunStore(workspace);
    const runner = new Runner(machines, integrations, runs);
    const run = await runner.start('pipeline', { tenant: 'town' }, { name: 'p1' });
    expect(run.status, run.cause).toBe('SUCCEEDED');
    expect(run.output).toEqual({
      tenant: 'town',
      steps: [1, 2, 3].map((n) => ({ n, query: `q${n}`, database: 'db', workgroup: 'wg' })),
      stage: { output: { tenant: 'town', built: [1, 2, 3].map((n) => ({ n, queryId: `id-q${n}` })) } },
    });
    expect(calls.sort()).toEqual(['ingest', 'plan', 'publish', 'publish', 'publish']);
    expect(run.children).toEqual(['p1--stage-1']);
    const child = await runs.read('p1--stage-1');
    expect(child).toMatchObject({ workflow: 'stage', parent: 'p1', status: 'SUCCEEDED' });
    expect(child?.states.filter((s) => s.name === 'RunQuery').map((s) => s.index).sort()).toEqual([0, 1, 2]);
    expect(child?.states.every((s) => s.exitedAt !== undefined && (s.durationMs ?? -1) >= 0)).toBe(true);
    expect(run.states.map((s) => s.name)).toEqual(['Ingest', 'Stage']);

    await expect(runner.start('pipeline', {}, { name: 'p1' })).rejects.toThrow(/already exists/);
  });

  it('fails the parent with States.TaskFailed when the child fails', async () => {
    const { machines } = resolveTemplate(template);
    const runner = new Runner(
      machines,
      {
        invokeLambda: async (_id, payload) => ({ ...(payload as object), steps: [{ query: 'boom', database: 'db', workgroup: 'wg' }] }),
        runQuery: async () => {
          throw new Error('line 1:1: mismatched input');
        },
      },
      new RunStore(workspace),
    );
    const run = await runner.start('pipeline', {}, { name: 'p2' });
    expect(run.status).toBe('FAILED');
    expect(run.error).toBe('States.TaskFailed');
    const cause = JSON.parse(String(run.cause)) as { Status: string; Error: string; Cause: string };
    expect(cause.Status).toBe('FAILED');
    expect(cause.Error).toBe('States.TaskFailed');
    expect(cause.Cause).toContain('mismatched input');
  });

  it('refuses a definition with a resource it cannot run', () => {
    const { machines } = resolveTemplate(template);
    const broken = structuredClone(machines.stage!);
    (broken.definition.States as Record<string, { Resource: string }>).Plan!.Resource = 'arn:aws:states:::glue:startJobRun.sync';
    expect(() => new Runner({ stage: broken }, { invokeLambda: async () => null, runQuery: async () => ({ queryId: '', durationMs: 0 }) }, new RunStore(workspace))).toThrow(
      /stage\.Plan: resource arn:aws:states:::glue:startJobRun.sync has no local integration/,
    );
  });
});
