import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { executionName, loadId, parseLandingKey } from '../../../../core/keys';
import { tenantDatabase } from '../../../../core/tables';
import type { FunctionDefinition } from '../../../../functions/lib/edge';
import type { Registry } from '../../../../local/runtime/project';
import { LocalRuntime } from '../../../../local/runtime/runtime';
import type { CfnTemplate } from '../../../../local/runtime/template';
import { objectCreatedEvent } from '../../../../schemas/events';
import { fixtureTemplate } from '../../../support/local-fixture-stack';

const projectRoot = join(import.meta.dirname, '..', '..', '..', '..');

/** Cores small enough to read, doing what the real ones do to the ports: S3, catalog, DuckDB, starter. */
function fixtureRegistry(): Registry {
  const def = <S extends z.ZodType>(schema: S, core: FunctionDefinition<S, unknown>['core']) => ({ schema, core }) as FunctionDefinition;
  const load = z.object({ tenant: z.string(), dataset: z.string(), loadId: z.string(), landing: z.object({ bucket: z.string(), key: z.string() }) });
  return {
    'start-pipeline': def(objectCreatedEvent, async (event, ports) => {
      const { tenant, dataset } = parseLandingKey(event.detail.object.key);
      const id = loadId({ bucket: event.detail.bucket.name, key: event.detail.object.key, sequencer: event.detail.object.sequencer, time: event.time });
      const input = { tenant, dataset, loadId: id, landing: { bucket: event.detail.bucket.name, key: event.detail.object.key } };
      return ports.starter!.start(executionName(tenant, dataset, id), input);
    }),
    ingest: def(load, async (input, ports) => {
      const raw = `raw/${input.tenant}/${input.dataset}/load=${input.loadId}/`;
      await ports.store.copy(input.landing, { bucket: ports.buckets.lake, key: `${raw}f.csv` });
      const database = tenantDatabase(input.tenant);
      await ports.catalog.putTable({
        database,
        name: `raw_${input.dataset}`,
        columns: [{ name: 'n', type: 'varchar' }],
        locations: [`s3://${ports.buckets.lake}/${raw}`],
        storage: { format: 'csv', delimiter: ',', quote: '"', encoding: 'utf-8', headerRows: 1 },
      });
      const location = `s3://${ports.buckets.lake}/curated/${input.tenant}/${input.dataset}/load=${input.loadId}/`;
      const query = `UNLOAD (select cast(n as bigint) as n from raw_${input.dataset}) TO '${location}' WITH (format = 'PARQUET', compression = 'SNAPPY')`;
      return { ...input, steps: [{ name: input.dataset, query, database, workgroup: `polder-${input.tenant}`, location }] };
    }),
    plan: def(z.looseObject({}), async (input) => input),
    publish: def(z.object({ name: z.string(), database: z.string(), location: z.string() }), async (step, ports) => {
      await ports.catalog.putTable({ database: step.database, name: step.name, columns: [{ name: 'n', type: 'bigint' }], locations: [step.location], storage: { format: 'parquet' } });
      const { rows } = await ports.engine.query(`select count(*) as rows, sum(n) as total from ${step.name}`, { tenant: '', database: step.database });
      return { name: step.name, ...rows[0] };
    }),
  };
}

describe('LocalRuntime on a fixture stack', () => {
  let workspace: string;
  let template: CfnTemplate;
  let runtime: LocalRuntime;

  beforeAll(async () => {
    workspace = await mkdtemp(join(tmpdir(), 'polder-runtime-'));
    template = fixtureTemplate();
    runtime = await LocalRuntime.open({ workspace, projectRoot, template, registry: fixtureRegistry() });
  });
  afterAll(async () => {
    await runtime?.close();
    await rm(workspace, { recursive: true, force: true });
  });

  it('stages tenants and packs into the lake config', async () => {
    const keys = await runtime.ports.store.list('lake', 'config/');
    expect(keys).toContain('config/tenants/leeuwarden.yaml');
    expect(keys.every((k) => k.startsWith('config/tenants/') || /^config\/packs\/[^/]+\/(pack\.yaml|contracts\/|models\/)/.test(k))).toBe(true);
  });

  it('builds the Object Created event S3 sends', async () => {
    const file = join(workspace, 'in.csv');
    await writeFile(file, 'n\n1\n2\n');
    const a = await runtime.putUpload(file, { tenant: 'town', dataset: 'counts' });
    const b = await runtime.putUpload(file, { tenant: 'town', dataset: 'counts', fileName: 'other.csv' });
    expect(objectCreatedEvent.parse(a)).toEqual(a);
    expect(a.detail).toMatchObject({ bucket: { name: 'landing' }, object: { key: 'town/counts/in.csv', size: 6, etag: '9f7722b93e8564d0257c257055fcf638' } });
    expect(b.detail.object.sequencer > a.detail.object.sequencer).toBe(true);
    expect(a.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(await readFile(runtime.ports.store.pathOf('landing', 'town/counts/other.csv'), 'utf8')).toBe('n\n1\n2\n');
  });

  it('delivers an upload: rule → start-pipeline → pipeline run with its nested stage run, once', async () => {
    const file = join(workspace, 'counts.csv');
    await writeFile(file, 'n\n1\n2\n3\n');
    const event = await runtime.putUpload(file, { tenant: 'town', dataset: 'counts' });
    const runs = await runtime.deliver(event);
    expect(runs).toHaveLength(1);
    const [run] = runs;
    expect(run?.status, run?.cause).toBe('SUCCEEDED');
    expect(run?.workflow).toBe('pipeline');
    expect((run?.output as { stage: { output: { built: unknown[] } } }).stage.output.built).toEqual([{ name: 'counts', rows: 3, total: 6 }]);
    expect(run?.children).toEqual([`${run?.name}--stage-1`]);

    const onDisk = JSON.parse(await readFile(join(workspace, 'runs', `${run?.name}.json`), 'utf8'));
    expect(onDisk).toMatchObject({ name: run?.name, status: 'SUCCEEDED', workflow: 'pipeline' });
    expect(onDisk.states.map((s: { name: string }) => s.name)).toEqual(['Ingest', 'Stage']);

    expect(await runtime.deliver(event)).toEqual([]);
    const listed = await runtime.listRuns({ tenant: 'town' });
    expect(listed.map((r) => r.name)).toEqual([run?.name, `${run?.name}--stage-1`]);
    expect(await runtime.listRuns({ tenant: 'elsewhere' })).toEqual([]);
  });

  it('starts a workflow directly and records a failing Lambda like Step Functions does', async () => {
    const run = await runtime.startExecution('pipeline', { tenant: 'town' }, 'bad-input');
    expect(run.status).toBe('FAILED');
    expect(run.error).toBe('PayloadValidationError');
    expect(JSON.parse(String(run.cause))).toMatchObject({ errorType: 'PayloadValidationError' });
    await expect(runtime.startExecution('pipeline', {}, 'bad-input')).rejects.toThrow(/already exists/);
  });

  it('runs the definitions of the template it was given', () => {
    const fromTemplate = Object.fromEntries(
      Object.values(template.Resources ?? {})
        .filter((r) => r.Type === 'AWS::StepFunctions::StateMachine')
        .map((r) => [
          (r.Properties?.Tags as { Key: string; Value: string }[]).find((t) => t.Key === 'polder:workflow')?.Value,
          JSON.parse(minimalResolve(template, r.Properties?.DefinitionString)),
        ]),
    );
    expect(runtime.definitions()).toEqual(fromTemplate);
  });
});

/** Independent of local/runtime/template.ts on purpose: only the intrinsics CDK writes into definitions. */
function minimalResolve(template: CfnTemplate, node: unknown): string {
  const types = Object.fromEntries(Object.entries(template.Resources ?? {}).map(([id, r]) => [id, r.Type]));
  const part = (p: unknown): string => {
    if (typeof p === 'string') return p;
    const o = p as Record<string, unknown>;
    if (o.Ref === 'AWS::Partition') return 'aws';
    if (o.Ref === 'AWS::Region') return 'eu-west-1';
    if (o.Ref === 'AWS::AccountId') return '000000000000';
    if (typeof o.Ref === 'string' && types[o.Ref] === 'AWS::StepFunctions::StateMachine') return `arn:aws:states:eu-west-1:000000000000:stateMachine:${o.Ref}`;
    const att = o['Fn::GetAtt'] as [string, string] | undefined;
    if (att && att[1] === 'Arn' && types[att[0]] === 'AWS::Lambda::Function') return `arn:aws:lambda:eu-west-1:000000000000:function:${att[0]}`;
    if (att && att[1] === 'Arn' && types[att[0]] === 'AWS::StepFunctions::StateMachine') return `arn:aws:states:eu-west-1:000000000000:stateMachine:${att[0]}`;
    throw new Error(`minimal resolver: ${JSON.stringify(p)}`);
  };
  if (typeof node === 'string') return node;
  const [sep, parts] = (node as { 'Fn::Join': [string, unknown[]] })['Fn::Join'];
  return parts.map(part).join(sep);
}

const haveInfra = existsSync(join(projectRoot, 'infra/app-builder.ts'));

describe.skipIf(!haveInfra)('LocalRuntime on the project CDK app', () => {
  let workspace: string;
  let runtime: LocalRuntime;

  beforeAll(async () => {
    workspace = await mkdtemp(join(tmpdir(), 'polder-runtime-app-'));
    runtime = await LocalRuntime.open({ workspace, projectRoot });
  });
  afterAll(async () => {
    await runtime?.close();
    await rm(workspace, { recursive: true, force: true });
  });

  it('runs exactly the state machine definitions the CDK app synthesizes', async () => {
    // A second, independent synthesis: the runtime must not run a hand-written copy.
    const { buildApp } = (await import('../../../../infra/' + 'app-builder')) as {
      buildApp: (o: { bundle: boolean }) => { app: { synth(): { getStackByName(n: string): { template: CfnTemplate } } } };
    };
    const template = buildApp({ bundle: false }).app.synth().getStackByName('Polder').template;
    const expected: Record<string, unknown> = {};
    for (const r of Object.values(template.Resources ?? {})) {
      if (r.Type !== 'AWS::StepFunctions::StateMachine') continue;
      const workflow = (r.Properties?.Tags as { Key: string; Value: string }[] | undefined)?.find((t) => t.Key === 'polder:workflow')?.Value;
      if (workflow) expected[workflow] = JSON.parse(minimalResolve(template, r.Properties?.DefinitionString));
    }
    expect(Object.keys(expected).sort()).toEqual(['analyze', 'datamart', 'integrate', 'pipeline', 'retention', 'validate']);
    expect(runtime.definitions()).toEqual(expected);
  });
});
