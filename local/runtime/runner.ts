import { createHash } from 'node:crypto';
import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { type AslMachine, type AslState, startingAt, taskStates, withServiceDefaults } from './asl';
import { currentOwner } from '../../adapters/local/process-owner';
import { pauseIfAsked } from './fault-hooks';
import type { RunRecord, RunStore } from './run-record';
import { executionArn, functionIdOf, type MachineInfo } from './template';
import { workflowTag } from '../../core/names';
import { WordedError } from '../../core/worded-error';

type JSONValue = Parameters<StateMachine['run']>[0];

/** An error a Task reports to the interpreter: `name` is what Retry/Catch match, `message` the Cause. */
export class TaskError extends Error {
  constructor(name: string, cause: string) {
    super(cause);
    this.name = name;
  }
}

export class ExecutionAlreadyExists extends Error {
  override name = 'ExecutionAlreadyExists';
}

export interface AthenaRequest {
  queryString: string;
  workGroup?: string;
  database: string;
}

export interface AthenaResult {
  queryId: string;
  scannedBytes?: number;
  durationMs: number;
}

/** What the service integrations do locally; the runtime wires them to the registry cores and DuckDB. */
export interface Integrations {
  /** Runs the core behind a Lambda logical id; returns its (JSON) result or throws with the error's name. */
  invokeLambda(functionId: string, payload: unknown): Promise<unknown>;
  runQuery(request: AthenaRequest): Promise<AthenaResult>;
}

export interface RunOptions {
  name: string;
  parent?: string;
}

const lambdaInvoke = 'arn:aws:states:::lambda:invoke';
const athenaSync = 'arn:aws:states:::athena:startQueryExecution.sync';
const nestedSync2 = 'arn:aws:states:::states:startExecution.sync:2';

/** Step Functions' limit on a state's input or output, and on a task's result (States.DataLimitExceeded). */
export const payloadLimitBytes = 256 * 1024;

const jsonBytes = (value: unknown): number => Buffer.byteLength(JSON.stringify(value ?? null), 'utf8');

const json = <T>(value: T): T => (value === undefined ? (null as T) : (JSON.parse(JSON.stringify(value)) as T));

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Where a redriven run resumes: its failed state, the input that state had, and the failed child it redrives. */
interface ResumeAt {
  state: string;
  input: unknown;
  child?: string;
}

export class RedriveError extends WordedError {
  override name = 'RedriveError';
}

/**
 * Keeps a run's record on disk in step with the interpreter's events: written at every state transition, so a
 * process that dies leaves a record that says which state it died in (see crash-recovery.ts).
 */
class Journal {
  private saved: Promise<void> = Promise.resolve();
  readonly failure: { error?: string; cause?: string } = {};

  constructor(
    private readonly record: RunRecord,
    private readonly runs: RunStore,
  ) {}

  save(): Promise<void> {
    const record = this.record;
    this.saved = this.saved.then(() => this.runs.write(record));
    return this.saved;
  }

  async follow(events: AsyncIterable<object>): Promise<void> {
    const { states } = this.record;
    for await (const raw of events) {
      const event = raw as { type: string; timestamp: number } & Record<string, unknown>;
      const state = event.state as { name: string; input?: unknown } | undefined;
      const index = typeof event.index === 'number' ? event.index : undefined;
      const at = new Date(event.timestamp).toISOString();
      if ((event.type === 'StateEntered' || event.type === 'StateRetried') && state) {
        // a retry runs the state again without entering it again: each attempt is an entry of its own
        states.push({ name: state.name, ...(index !== undefined ? { index } : {}), enteredAt: at, inputBytes: jsonBytes(state.input), ...(event.type === 'StateRetried' ? { retry: true } : {}) });
        // a top-level state is where a redrive can resume (a Map resumes as a whole)
        if (index === undefined && event.type === 'StateEntered') this.record.current = { state: state.name, input: state.input ?? null };
      } else if ((event.type === 'StateExited' || event.type === 'StateFailed') && state) {
        const open = [...states].reverse().find((s) => s.name === state.name && s.index === index && s.exitedAt === undefined);
        if (open) {
          open.exitedAt = at;
          open.durationMs = event.timestamp - Date.parse(open.enteredAt);
          if (event.type === 'StateFailed') open.failed = true;
          const output = (state as { output?: unknown }).output;
          if (output !== undefined) open.outputBytes = jsonBytes(output);
        }
      } else if (event.type === 'StateCaught' && state && index === undefined) {
        // a Catch that leads to a Fail state (a failure report, then fail): a redrive resumes at the caught state
        this.record.caught = { state: state.name, input: state.input ?? null };
      } else if (event.type === 'ExecutionFailed') {
        this.failure.error = String(event.Error);
        this.failure.cause = typeof event.Cause === 'string' ? event.Cause : JSON.stringify(event.Cause);
        continue;
      } else continue;
      await this.save();
    }
  }

  /** Resolves once the record on disk shows `state` entered (the interpreter's event may not be handled yet). */
  async entered(state: string): Promise<void> {
    const deadline = Date.now() + 5_000;
    while (!this.record.states.some((s) => s.name === state && s.exitedAt === undefined) && Date.now() < deadline) {
      await new Promise((done) => setTimeout(done, 2));
    }
    await this.saved;
  }
}

/** Runs resolved definitions with aws-local-stepfunctions; every Task goes to a local integration. */
export class Runner {
  private readonly byArn = new Map<string, MachineInfo>();
  private readonly taken = new Set<string>();

  constructor(
    private readonly machines: Record<string, MachineInfo>,
    private readonly integrations: Integrations,
    private readonly runs: RunStore,
  ) {
    for (const machine of Object.values(machines)) {
      this.byArn.set(machine.arn, machine);
      // Fail at start-up, not halfway through a run, when a definition uses something we can't run.
      this.overrides(machine, { name: '(check)', arn: '', children: [] } as unknown as RunRecord, new Journal({} as RunRecord, runs));
    }
  }

  /**
   * Reserves an execution name by creating its record (RUNNING, owned by this process); undefined when the name
   * was used before, in this process or any other: the record file is created exclusively.
   */
  async reserve(workflow: string, input: unknown, options: RunOptions): Promise<RunRecord | undefined> {
    if (this.taken.has(options.name)) return undefined;
    this.taken.add(options.name);
    const record: RunRecord = {
      name: options.name,
      workflow,
      arn: executionArn(this.machine(workflow).logicalId, options.name),
      status: 'RUNNING',
      input: json(input),
      startedAt: new Date().toISOString(),
      parent: options.parent,
      children: [],
      states: [],
      owner: currentOwner(),
    };
    return (await this.runs.create(record)) ? record : undefined;
  }

  executionArnOf(workflow: string, name: string): string {
    const machine = this.machine(workflow);
    return executionArn(machine.logicalId, name);
  }

  machine(workflow: string): MachineInfo {
    const machine = this.machines[workflow];
    if (!machine) throw new Error(`no state machine tagged ${workflowTag}=${workflow} (have: ${Object.keys(this.machines).join(', ')})`);
    return machine;
  }

  /** Starts a run; refuses a used name like StartExecution's ExecutionAlreadyExists. */
  async start(workflow: string, input: unknown, options: RunOptions): Promise<RunRecord> {
    const record = await this.reserve(workflow, input, options);
    if (!record) throw new ExecutionAlreadyExists(`execution ${options.name} already exists`);
    return this.runReserved(record);
  }

  /**
   * Resumes a failed run from the state it failed in, with the input that state had, like Step Functions'
   * RedriveExecution: same name, `redriveCount` + 1, the states that succeeded are not run again. When that state
   * started a nested run that failed, the nested run is redriven the same way rather than started anew.
   */
  async redrive(name: string): Promise<RunRecord> {
    const record = await this.runs.read(name);
    if (!record) throw new RedriveError({ nl: `er is geen run ${name}`, en: `no run named ${name}` });
    if (record.status !== 'FAILED') {
      throw new RedriveError({
        nl: `run ${name} is ${record.status}; alleen een mislukte run kan worden hervat`,
        en: `run ${name} is ${record.status}; only a failed run can be rerun`,
      });
    }
    if (!record.current) throw new RedriveError({ nl: `run ${name} mislukte voor zijn eerste stap; start hem opnieuw`, en: `run ${name} failed before its first state; start it anew` });
    const machine = this.machine(record.workflow);
    // failed in a Fail state after a Catch (e.g. Ingest → ReportFailure → IngestFailed): resume at the state that failed
    const failedInFail = (machine.definition as AslMachine).States?.[record.current.state]?.Type === 'Fail';
    const resumeAt = failedInFail && record.caught ? record.caught : record.current;
    try {
      this.interpreter(machine, resumeAt.state);
    } catch (error) {
      const why = (error as Error).message;
      throw new RedriveError({ nl: `run ${name} kan niet verder bij ${resumeAt.state}: ${why}`, en: `run ${name} cannot resume at ${resumeAt.state}: ${why}` });
    }
    const count = (record.redriveCount ?? 0) + 1;
    if (!(await this.runs.claim(name, `redrive-${count}`))) throw new RedriveError({ nl: `run ${name} wordt al hervat`, en: `run ${name} is already being rerun` });
    this.taken.add(name);
    // by the children's own records: a process may have died between starting a child and saving the parent
    const children = (await this.runs.list()).filter((r) => r.parent === name);
    record.children = [...new Set([...record.children, ...children.map((c) => c.name)])];
    const failedChild = children.reverse().find((c) => c.status === 'FAILED');
    const from: ResumeAt = { ...resumeAt, ...(failedChild ? { child: failedChild.name } : {}) };
    for (const key of ['output', 'error', 'cause', 'stoppedAt', 'durationMs'] as const) delete record[key];
    Object.assign(record, { status: 'RUNNING', owner: currentOwner(), redriveCount: count, redrivenAt: new Date().toISOString() });
    await this.runs.write(record);
    return this.runReserved(record, from);
  }

  /** The interpreter for a machine's definition, started at `startAt` (a redrive) or at its StartAt. */
  private interpreter(machine: MachineInfo, startAt?: string): StateMachine {
    const definition = withServiceDefaults(startAt ? startingAt(machine.definition, startAt) : machine.definition);
    return new StateMachine(definition as unknown as StateMachineDefinition, { validationOptions: { checkPaths: true, checkArn: true } });
  }

  /** Runs a reserved record (from its start, or from `from` when redriven); resolves with the final record, also when the run failed. */
  async runReserved(record: RunRecord, from?: ResumeAt): Promise<RunRecord> {
    const machine = this.machine(record.workflow);
    const started = Date.now();
    const journal = new Journal(record, this.runs);
    const stateMachine = this.interpreter(machine, from?.state);
    const execution = stateMachine.run(json(from ? from.input : record.input) as JSONValue, {
      overrides: { taskResourceLocalHandlers: this.overrides(machine, record, journal, from) },
      context: {
        Execution: { Id: record.arn, Name: record.name, RoleArn: `arn:aws:iam::000000000000:role/${machine.logicalId}` },
        StateMachine: { Id: machine.arn, Name: machine.logicalId },
      },
    });
    const followed = journal.follow(execution.eventLogs);
    try {
      record.output = await execution.result;
      record.status = 'SUCCEEDED';
    } catch (error) {
      record.status = 'FAILED';
      const inner = (error as { cause?: unknown }).cause;
      const source = inner instanceof Error ? inner : (error as Error);
      record.error = journal.failure.error ?? source.name;
      record.cause = journal.failure.cause ?? source.message;
    }
    await followed;
    const stopped = new Date();
    record.stoppedAt = stopped.toISOString();
    // a redriven run counts from its first start, as the service's StopDate - StartDate does
    record.durationMs = from ? stopped.getTime() - Date.parse(record.startedAt) : stopped.getTime() - started;
    await journal.save();
    return record;
  }

  /** One local handler per Task state, keyed by state name as the interpreter wants. */
  private overrides(machine: MachineInfo, run: RunRecord, journal: Journal, from?: ResumeAt) {
    const handlers: Record<string, (input: JSONValue) => Promise<JSONValue>> = {};
    for (const { name, state, inMap } of taskStates(machine.definition)) {
      if (handlers[name]) throw new Error(`${machine.workflow}: two Task states are named "${name}"`);
      const handler = this.handlerFor(machine, name, state, run, () => journal.save(), from?.state === name ? from.child : undefined);
      handlers[name] = async (input) => {
        // the record says which state runs before the state does anything, so a crash in it is placed right
        await journal.entered(name);
        // A redrive resumes a Map as a whole; like the service, it does not run again a task of an iteration that
        // succeeded (an UNLOAD would find its target folder taken): such a task gives its recorded result.
        const key = inMap ? `${name}:${createHash('sha256').update(JSON.stringify(input)).digest('hex')}` : undefined;
        const done = key ? run.completed?.[key] : undefined;
        if (from && done !== undefined) return done as JSONValue;
        await pauseIfAsked(machine.workflow, name);
        const result = await handler(input);
        if (key) {
          (run.completed ??= {})[key] = result;
          await journal.save();
        }
        return result;
      };
    }
    return handlers;
  }

  private handlerFor(
    machine: MachineInfo,
    stateName: string,
    state: AslState,
    run: RunRecord,
    save: () => Promise<void>,
    redriveChild?: string,
  ) {
    const resource = String(state.Resource);
    const where = `${machine.workflow}.${stateName}`;
    if (resource === lambdaInvoke || resource.includes(':function:')) {
      const direct = resource !== lambdaInvoke;
      const fixed = direct ? resource : isRecord(state.Parameters) ? state.Parameters.FunctionName : undefined;
      if (!direct && typeof fixed !== 'string' && !(isRecord(state.Parameters) && 'FunctionName.$' in state.Parameters)) {
        throw new Error(`${where}: lambda:invoke without FunctionName`);
      }
      return async (input: JSONValue): Promise<JSONValue> => {
        const params = isRecord(input) ? input : {};
        const target = direct ? resource : String(params.FunctionName);
        const payload = direct ? input : params.Payload;
        const result = json(await this.integrations.invokeLambda(functionIdOf(target), json(payload ?? null)));
        // as in AWS: a result over the limit fails the task instead of passing on
        const size = jsonBytes(result);
        if (size > payloadLimitBytes) {
          throw new TaskError('States.DataLimitExceeded', `${where}: the result of ${size} bytes is larger than the ${payloadLimitBytes} bytes Step Functions allows`);
        }
        // A direct Lambda resource returns the payload itself; the service integration wraps it.
        if (direct) return result as JSONValue;
        return { ExecutedVersion: '$LATEST', Payload: result, StatusCode: 200 } as JSONValue;
      };
    }
    if (resource === athenaSync) {
      return async (input: JSONValue): Promise<JSONValue> => {
        const params = isRecord(input) ? input : {};
        const context = isRecord(params.QueryExecutionContext) ? params.QueryExecutionContext : {};
        const queryString = String(params.QueryString ?? '');
        const database = String(context.Database ?? '');
        const submitted = Date.now();
        const execution = {
          Query: queryString,
          QueryExecutionContext: { Database: database },
          StatementType: /^\s*(unload|select|with)\b/i.test(queryString) ? 'DML' : 'DDL',
          WorkGroup: params.WorkGroup,
        };
        try {
          const result = await this.integrations.runQuery({
            queryString,
            database,
            ...(typeof params.WorkGroup === 'string' ? { workGroup: params.WorkGroup } : {}),
          });
          return json({
            QueryExecution: {
              ...execution,
              QueryExecutionId: result.queryId,
              ResultConfiguration: { OutputLocation: `s3://lake/athena-results/${result.queryId}.csv` },
              Status: { State: 'SUCCEEDED', SubmissionDateTime: submitted, CompletionDateTime: Date.now() },
              Statistics: {
                EngineExecutionTimeInMillis: result.durationMs,
                TotalExecutionTimeInMillis: result.durationMs,
                DataScannedInBytes: result.scannedBytes ?? 0,
              },
            },
          }) as JSONValue;
        } catch (error) {
          // Like the .sync integration: the task fails with the query execution as the cause.
          const message = (error as Error).message;
          throw new TaskError(
            'States.TaskFailed',
            JSON.stringify({
              QueryExecution: {
                ...execution,
                Status: { State: 'FAILED', StateChangeReason: message, SubmissionDateTime: submitted, CompletionDateTime: Date.now() },
              },
            }),
          );
        }
      };
    }
    if (resource === nestedSync2) {
      return async (input: JSONValue): Promise<JSONValue> => {
        const params = isRecord(input) ? input : {};
        const target = this.byArn.get(String(params.StateMachineArn));
        if (!target) throw new TaskError('StateMachineDoesNotExist', `${where}: no local state machine ${String(params.StateMachineArn)}`);
        // Input may be a JSON string (TaskInput.fromText) or a JSON value.
        const childInput = typeof params.Input === 'string' ? (JSON.parse(params.Input) as unknown) : (params.Input ?? {});
        let child: RunRecord;
        const previous = redriveChild ? await this.runs.read(redriveChild) : undefined;
        redriveChild = undefined;
        if (previous?.status === 'SUCCEEDED') child = previous;
        else if (previous?.status === 'FAILED') child = await this.redrive(previous.name);
        else {
          const name = typeof params.Name === 'string' ? params.Name : this.childName(run, target.workflow);
          const reserved = await this.reserve(target.workflow, childInput, { name, parent: run.name });
          if (!reserved) throw new TaskError('StepFunctions.ExecutionAlreadyExistsException', `execution ${name} already exists`);
          run.children.push(name);
          await save();
          child = await this.runReserved(reserved);
        }
        const described = {
          ExecutionArn: child.arn,
          Input: child.input,
          InputDetails: { Included: true },
          Name: child.name,
          StartDate: Date.parse(child.startedAt),
          StateMachineArn: target.arn,
          Status: child.status,
          StopDate: child.stoppedAt ? Date.parse(child.stoppedAt) : Date.now(),
        };
        if (child.status !== 'SUCCEEDED') {
          throw new TaskError('States.TaskFailed', JSON.stringify({ ...described, Error: child.error, Cause: child.cause }));
        }
        return json({ ...described, Output: child.output, OutputDetails: { Included: true } }) as JSONValue;
      };
    }
    throw new Error(`${where}: resource ${resource} has no local integration (supported: ${lambdaInvoke}, ${athenaSync}, ${nestedSync2})`);
  }

  /** `<parent>--<workflow>-<n>`, n counted from the record, so a redriven run in another process continues it. */
  private childName(parent: RunRecord, workflow: string): string {
    const key = `${parent.name}--${workflow}`;
    return `${key}-${parent.children.filter((c) => c.startsWith(`${key}-`)).length + 1}`;
  }
}
