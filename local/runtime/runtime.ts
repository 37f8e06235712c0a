import { mkdir } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { Context as LambdaContext } from 'aws-lambda';
import { listTenants, tenantsWithDataset } from '../../core/config';
import { executionName, landingKey, parseS3Uri } from '../../core/keys';
import { pipelineInputFromEvent } from '../../core/pipeline-input';
import { type LoadReport, loadReport } from '../../schemas/report';
import type { Language } from '../../schemas/language';
import type { LoadInput } from '../../schemas/payloads';
import { putContractOverride } from './contract-override';
import type { Catalog, Clock, ObjectStore, Ports, QueryResult, WorkflowStarter } from '../../core/ports';
import { edge, type FunctionPorts } from '../../functions/lib/edge';
import type { ObjectCreatedEvent } from '../../schemas/events';
import { DuckDbEngine } from '../../adapters/local/duckdb-engine';
import { FsObjectStore } from '../../adapters/local/fs-object-store';
import { LocalCatalog } from '../../adapters/local/local-catalog';
import { LocalKeyVault } from '../../adapters/local/key-vault';
import { matchesPattern } from './event-pattern';
import { defaultProjectRoot, readCompatStatements, importRegistry, type Registry } from './project';
import { type RunRecord, RunStore } from './run-record';
import { failOrphanedRuns, removeOrphanedTemps } from './crash-recovery';
import { Runner, TaskError } from './runner';
import { objectCreated } from './s3-event';
import { stageConfig } from './stage-config';
import { synthesizePlatform } from './synth';
import { runUserQuery } from './user-query';
import { type CfnTemplate, lambdaArn, resolveTemplate, type ResolvedTemplate } from './template';
import { bucket, functionName, landingNoncurrentVersionDays, workflow } from '../../core/names';
import { WordedError } from '../../core/worded-error';
import { cliWords } from '../words';

export interface LocalPorts extends Ports {
  store: FsObjectStore & ObjectStore;
  engine: DuckDbEngine;
  catalog: LocalCatalog & Catalog;
  vault: LocalKeyVault;
  clock: Clock;
  buckets: { landing: typeof bucket.landing; lake: typeof bucket.lake };
  starter: WorkflowStarter;
}

export interface OpenOptions {
  workspace: string;
  projectRoot?: string;
  /** Use this template instead of synthesizing the project's CDK app (tests). */
  template?: CfnTemplate;
  /** Use these cores instead of the project's functions/registry.ts (tests). */
  registry?: Registry;
  /** Skip copying tenants/ and packs/ into the lake's config/. */
  stageConfig?: boolean;
}

export interface ValidateOptions {
  dataset: string;
  /** Defaults to the first configured tenant. */
  tenant?: string;
  /** A contract file to use instead of the packs' one for this dataset. */
  contractFile?: string;
  /** The language of the findings and report (default: the tenant's). */
  language?: Language;
}

export interface ValidateResult {
  report: LoadReport;
  /** The report's key in the lake. */
  reportKey: string;
  /** The validate run, with its per-state timings. */
  run: RunRecord;
  /** The ingest copy (landing → raw), and the validate run, in milliseconds. */
  ingestMs: number;
  validateMs: number;
}

/** A file could not be validated (no tenant, or the validate run failed). */
export class ValidateError extends WordedError {
  override name = 'ValidateError';
}

/** The workflow start-pipeline's starter starts (the one its Lambda gets the ARN of in AWS). */
const pipelineWorkflow = workflow.pipeline;

function lambdaContext(functionId: string, name: string): LambdaContext {
  const deadline = Date.now() + 15 * 60_000;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: functionId,
    functionVersion: '$LATEST',
    invokedFunctionArn: lambdaArn(functionId),
    memoryLimitInMB: '1024',
    awsRequestId: crypto.randomUUID(),
    logGroupName: `/aws/lambda/${functionId}`,
    logStreamName: `local/${name}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/**
 * The offline Polder: the synthesized state machines run by aws-local-stepfunctions, Lambda cores
 * in-process behind the same zod edge, DuckDB for Athena, folders for buckets.
 */
export class LocalRuntime {
  private readonly inFlight = new Set<Promise<RunRecord>>();
  readonly ports: LocalPorts;
  private readonly runner: Runner;
  private readonly runs: RunStore;

  private constructor(
    readonly workspace: string,
    readonly projectRoot: string,
    private readonly resolved: ResolvedTemplate,
    private readonly registry: Registry,
    private readonly compat: string[],
  ) {
    const store = new FsObjectStore(workspace);
    const catalog = new LocalCatalog(workspace);
    const engine = new DuckDbEngine({
      catalog,
      uriToPath: (uri) => store.uriToPath(uri),
      cacheDir: join(workspace, 'cache', 'utf8'),
      compatStatements: compat,
    });
    this.runs = new RunStore(workspace);
    this.ports = {
      store,
      catalog,
      engine,
      vault: new LocalKeyVault(workspace, catalog),
      clock: { now: () => new Date() },
      buckets: { landing: bucket.landing, lake: bucket.lake },
      starter: this.starter(),
    };
    this.runner = new Runner(
      resolved.machines,
      {
        invokeLambda: (functionId, payload) => this.invokeAsTask(functionId, payload),
        runQuery: async ({ queryString, database }) => this.ports.engine.execute(queryString, { database }),
      },
      this.runs,
    );
    for (const id of new Set(Object.keys(resolved.functions))) {
      const name = resolved.functions[id] as string;
      if (!registry[name]) throw new Error(`Lambda ${id} runs "${name}", which functions/registry.ts does not have`);
    }
  }

  static async open(options: OpenOptions): Promise<LocalRuntime> {
    const workspace = resolve(options.workspace);
    const projectRoot = resolve(options.projectRoot ?? defaultProjectRoot);
    for (const dir of ['buckets/landing', 'buckets/lake', 'catalog', 'runs']) await mkdir(join(workspace, dir), { recursive: true });
    const template = options.template ?? (await synthesizePlatform(projectRoot));
    const registry = options.registry ?? (await importRegistry(projectRoot));
    const runtime = new LocalRuntime(workspace, projectRoot, resolveTemplate(template), registry, await readCompatStatements(projectRoot));
    await runtime.recover();
    if (options.stageConfig !== false) await stageConfig(projectRoot, runtime.ports.store, runtime.ports.buckets.lake);
    return runtime;
  }

  /** Where the runtime tells the user what it did on its own (the CLI: stderr, in --lang); silent when unset (tests, scripts). */
  static notice: ((texts: Readonly<Record<Language, string>>) => void) | undefined;

  /** Runs whose process died and were marked FAILED when this runtime opened (see crash-recovery.ts). */
  orphansFailed: RunRecord[] = [];

  /**
   * After a crash: every run whose process is gone is marked FAILED at the state it died in, and the temp files
   * such a process left are removed. Every command opens a runtime, so the next command after a crash does this.
   */
  private async recover(): Promise<void> {
    this.orphansFailed = await failOrphanedRuns(this.runs);
    for (const run of this.orphansFailed.filter((r) => !r.parent)) {
      LocalRuntime.notice?.({ nl: cliWords.nl.orphaned(run.name, run.current?.state), en: cliWords.en.orphaned(run.name, run.current?.state) });
    }
    await removeOrphanedTemps(['buckets', 'catalog', 'runs', 'cache'].map((dir) => join(this.workspace, dir)));
    // as the landing bucket's lifecycle does on S3: an upload's bytes are not kept for ever once overwritten
    await this.ports.store.expireNoncurrentVersions(this.ports.buckets.landing, landingNoncurrentVersionDays);
  }

  /** The resolved definitions this runtime runs, by workflow name. */
  definitions(): Record<string, object> {
    return Object.fromEntries(Object.entries(this.resolved.machines).map(([w, m]) => [w, structuredClone(m.definition)]));
  }

  /**
   * Copies a file into the landing bucket and returns the event S3 would send to EventBridge. Streamed, with
   * the size and ETag taken on the way: an upload may be larger than memory.
   */
  async putUpload(localFile: string, opts: { tenant: string; dataset: string; fileName?: string }): Promise<ObjectCreatedEvent> {
    const key = landingKey(opts.tenant, opts.dataset, opts.fileName ?? basename(localFile));
    const bucket = this.ports.buckets.landing;
    const { size, etag, versionId } = await this.ports.store.putFile({ bucket, key }, localFile);
    return objectCreated({ bucket, key, size, etag, versionId, time: this.ports.clock.now() });
  }

  /** Routes an event like EventBridge, runs the targets and waits for the executions they start. */
  async deliver(event: ObjectCreatedEvent): Promise<RunRecord[]> {
    const started: Promise<RunRecord>[] = [];
    const starter = this.starter(started);
    for (const rule of this.resolved.rules) {
      if (!matchesPattern(rule.pattern, event)) continue;
      for (const target of rule.targets) await this.invoke(target, event, starter);
    }
    return Promise.all(started);
  }

  /**
   * Checks a file without the pipeline, as `polder validate` and the benchmark do: upload to landing (with the
   * contract file, when given, put in front of the packs' one), ingest, then the validate state machine. The rules
   * and the report are exactly those of an upload. Times the ingest copy and the validate run apart.
   */
  /**
   * The tenant a dataset belongs to, when none is named: the one whose packs list it. A dataset of several tenants
   * needs --tenant; with a contract of its own, a dataset of no tenant is checked as the first tenant's.
   */
  private async tenantFor(dataset: string, ownContract: boolean): Promise<string> {
    const { store, buckets } = this.ports;
    const owners = await tenantsWithDataset(store, buckets.lake, dataset);
    if (owners.length > 1) {
      const names = owners.join(', ');
      throw new ValidateError({
        nl: `dataset "${dataset}" hoort bij meer dan één tenant (${names}): kies er een met --tenant`,
        en: `dataset "${dataset}" belongs to several tenants (${names}): name one with --tenant`,
      });
    }
    const tenant = owners[0] ?? (ownContract ? (await listTenants(store, buckets.lake))[0] : undefined);
    if (tenant) return tenant;
    throw new ValidateError(
      ownContract
        ? { nl: 'er zijn geen tenants: voeg er een toe onder tenants/', en: 'no tenants are configured: add one under tenants/' }
        : {
            nl: `geen tenant heeft dataset "${dataset}": noem de tenant met --tenant, of geef een contract met --contract`,
            en: `no tenant has dataset "${dataset}": name the tenant with --tenant, or give a contract with --contract`,
          },
    );
  }

  async validate(file: string, opts: ValidateOptions): Promise<ValidateResult> {
    const { store, buckets } = this.ports;
    const tenant = opts.tenant ?? (await this.tenantFor(opts.dataset, opts.contractFile !== undefined));
    if (opts.contractFile) await putContractOverride(store, buckets.lake, { tenant, dataset: opts.dataset, contractFile: opts.contractFile });
    const ingest = this.registry[functionName.ingest];
    if (!ingest) throw new Error(`functions/registry.ts has no ${functionName.ingest}`);
    const event = await this.putUpload(file, { tenant, dataset: opts.dataset });
    let start = performance.now();
    const ingested = (await ingest.core(pipelineInputFromEvent(event), this.ports)) as LoadInput;
    const loadInput = opts.language ? { ...ingested, language: opts.language } : ingested;
    const ingestMs = performance.now() - start;
    start = performance.now();
    const run = await this.startExecution(workflow.validate, loadInput);
    const validateMs = performance.now() - start;
    if (run.status !== 'SUCCEEDED') {
      const why = `${run.error ?? ''} ${run.cause ?? ''}`.trim();
      throw new ValidateError({ nl: `de controle kon niet worden uitgevoerd: ${why}`, en: `validation failed to run: ${why}` });
    }
    const reportKey = parseS3Uri((run.output as { report: string }).report).key;
    const report = loadReport.parse(JSON.parse(new TextDecoder().decode(await store.get({ bucket: buckets.lake, key: reportKey }))));
    return { report, reportKey, run, ingestMs, validateMs };
  }

  /** Runs a workflow to its end (name defaults to `<workflow>-<time>-<random>`). */
  async startExecution(workflow: string, input: unknown, name?: string): Promise<RunRecord> {
    const stamp = new Date().toISOString().replace(/[-:.TZ]/g, '').slice(0, 14);
    const run = this.runner.start(workflow, input, { name: name ?? executionName(workflow, stamp, crypto.randomUUID().slice(0, 8)) });
    return this.track(run);
  }

  /** Resumes a failed run from the state it failed in (`polder rerun`; RedriveExecution on AWS). */
  async redrive(name: string): Promise<RunRecord> {
    return this.track(this.runner.redrive(name));
  }

  /** A user's query of a tenant's published tables, confined (local/runtime/user-query.ts); a refusal said in `language`. */
  query(sql: string, tenant: string, language?: Language): Promise<QueryResult> {
    return runUserQuery(this.ports, { sql, tenant, workspace: this.workspace, compat: this.compat, language });
  }

  async listRuns(filter: { tenant?: string } = {}): Promise<RunRecord[]> {
    const all = await this.runs.list();
    if (!filter.tenant) return all;
    return all.filter((r) => (r.input as { tenant?: unknown } | null)?.tenant === filter.tenant);
  }

  /** Waits for runs still going, then closes DuckDB. */
  async close(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
    this.ports.engine.close();
  }

  private track(run: Promise<RunRecord>): Promise<RunRecord> {
    this.inFlight.add(run);
    void run.finally(() => this.inFlight.delete(run)).catch(() => undefined);
    return run;
  }

  /** StartExecution for the pipeline: async in AWS, so the run is not awaited here, only collected. */
  private starter(collect?: Promise<RunRecord>[]): WorkflowStarter {
    return {
      start: async (name, input) => {
        const executionArn = this.runner.executionArnOf(pipelineWorkflow, name);
        const reserved = await this.runner.reserve(pipelineWorkflow, input, { name });
        if (!reserved) return { executionArn, started: false };
        const run = this.track(this.runner.runReserved(reserved));
        collect?.push(run);
        return { executionArn, started: true };
      },
    };
  }

  /** One Lambda invocation: the registry core behind the same middy + zod edge as in AWS. */
  private async invoke(functionId: string, payload: unknown, starter: WorkflowStarter): Promise<unknown> {
    const name = this.resolved.functions[functionId];
    const definition = name ? this.registry[name] : undefined;
    if (!name || !definition) throw new TaskError('Lambda.ResourceNotFoundException', `no local function ${functionId}`);
    const ports: FunctionPorts = { ...this.ports, starter };
    const handler = edge(definition, () => ports);
    return handler(payload, lambdaContext(functionId, name));
  }

  /** A Lambda invoked by a Task state: an unhandled error becomes what the Lambda service reports. */
  private async invokeAsTask(functionId: string, payload: unknown): Promise<unknown> {
    try {
      return await this.invoke(functionId, payload, this.ports.starter);
    } catch (error) {
      if (error instanceof TaskError) throw error;
      // Error = the error's type (what Retry/Catch match), Cause = the JSON the Lambda runtime writes.
      const e = error instanceof Error ? error : new Error(String(error));
      const cause = { errorType: e.name, errorMessage: e.message, trace: (e.stack ?? '').split('\n') };
      throw new TaskError(e.name, JSON.stringify(cause));
    }
  }
}
