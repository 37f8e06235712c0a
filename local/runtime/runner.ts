import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { type AslState, taskStates, withServiceDefaults } from './asl';
import type { RunRecord, RunStore, StateTiming } from './run-record';
import { executionArn, functionIdOf, type MachineInfo } from './template';
import { workflowTag } from '../../core/names';

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

const json = <T>(value: T): T => (value === undefined ? (null as T) : (JSON.parse(JSON.stringify(value)) as T));

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Runs resolved definitions with aws-local-stepfunctions; every Task goes to a local integration. */
export class Runner {
  private readonly byArn = new Map<string, MachineInfo>();
  private readonly taken = new Set<string>();
  private readonly childCounters = new Map<string, number>();

  constructor(
    private readonly machines: Record<string, MachineInfo>,
    private readonly integrations: Integrations,
    private readonly runs: RunStore,
  ) {
    for (const machine of Object.values(machines)) {
      this.byArn.set(machine.arn, machine);
      // Fail at start-up, not halfway through a run, when a definition uses something we can't run.
      this.overrides(machine, { name: '(check)', arn: '' });
    }
  }

  /** Reserves an execution name; false when it was used before (in this process or an earlier one). */
  async reserve(name: string): Promise<boolean> {
    if (this.taken.has(name)) return false;
    this.taken.add(name);
    if (await this.runs.read(name)) return false;
    return true;
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
    if (!(await this.reserve(options.name))) throw new ExecutionAlreadyExists(`execution ${options.name} already exists`);
    return this.runReserved(workflow, input, options);
  }

  /** Runs under a name already reserved; resolves with the final record, also when the run failed. */
  async runReserved(workflow: string, input: unknown, options: RunOptions): Promise<RunRecord> {
    const machine = this.machine(workflow);
    const arn = executionArn(machine.logicalId, options.name);
    const started = new Date();
    const record: RunRecord = {
      name: options.name,
      workflow,
      arn,
      status: 'RUNNING',
      input: json(input),
      startedAt: started.toISOString(),
      parent: options.parent,
      children: [],
      states: [],
    };
    await this.runs.write(record);

    const stateMachine = new StateMachine(withServiceDefaults(machine.definition) as unknown as StateMachineDefinition, {
      validationOptions: { checkPaths: true, checkArn: true },
    });
    const execution = stateMachine.run(record.input as JSONValue, {
      overrides: { taskResourceLocalHandlers: this.overrides(machine, record) },
      context: {
        Execution: { Id: arn, Name: options.name, RoleArn: `arn:aws:iam::000000000000:role/${machine.logicalId}` },
        StateMachine: { Id: machine.arn, Name: machine.logicalId },
      },
    });
    const failure: { error?: string; cause?: string } = {};
    const timings = this.collectTimings(execution.eventLogs, record.states, failure);
    try {
      record.output = await execution.result;
      record.status = 'SUCCEEDED';
    } catch (error) {
      record.status = 'FAILED';
      const inner = (error as { cause?: unknown }).cause;
      const source = inner instanceof Error ? inner : (error as Error);
      record.error = failure.error ?? source.name;
      record.cause = failure.cause ?? source.message;
    }
    await timings;
    const stopped = new Date();
    record.stoppedAt = stopped.toISOString();
    record.durationMs = stopped.getTime() - started.getTime();
    await this.runs.write(record);
    return record;
  }

  private async collectTimings(
    events: AsyncIterable<object>,
    states: StateTiming[],
    failure: { error?: string; cause?: string },
  ): Promise<void> {
    for await (const raw of events) {
      const event = raw as { type: string; timestamp: number } & Record<string, unknown>;
      const state = event.state as { name: string } | undefined;
      const index = typeof event.index === 'number' ? event.index : undefined;
      const at = new Date(event.timestamp).toISOString();
      if (event.type === 'StateEntered' && state) {
        states.push({ name: state.name, ...(index !== undefined ? { index } : {}), enteredAt: at });
      } else if ((event.type === 'StateExited' || event.type === 'StateFailed') && state) {
        const open = [...states].reverse().find((s) => s.name === state.name && s.index === index && s.exitedAt === undefined);
        if (open) {
          open.exitedAt = at;
          open.durationMs = event.timestamp - Date.parse(open.enteredAt);
          if (event.type === 'StateFailed') open.failed = true;
        }
      } else if (event.type === 'ExecutionFailed') {
        failure.error = String(event.Error);
        failure.cause = typeof event.Cause === 'string' ? event.Cause : JSON.stringify(event.Cause);
      }
    }
  }

  /** One local handler per Task state, keyed by state name as the interpreter wants. */
  private overrides(machine: MachineInfo, run: Pick<RunRecord, 'name' | 'arn'> & Partial<RunRecord>) {
    const handlers: Record<string, (input: JSONValue) => Promise<JSONValue>> = {};
    for (const { name, state } of taskStates(machine.definition)) {
      if (handlers[name]) throw new Error(`${machine.workflow}: two Task states are named "${name}"`);
      handlers[name] = this.handlerFor(machine, name, state, run);
    }
    return handlers;
  }

  private handlerFor(machine: MachineInfo, stateName: string, state: AslState, run: Pick<RunRecord, 'name' | 'arn'> & Partial<RunRecord>) {
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
        const name = typeof params.Name === 'string' ? params.Name : this.childName(run.name, target.workflow);
        if (!(await this.reserve(name))) throw new TaskError('StepFunctions.ExecutionAlreadyExistsException', `execution ${name} already exists`);
        run.children?.push(name);
        const child = await this.runReserved(target.workflow, childInput, { name, parent: run.name });
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

  private childName(parent: string, workflow: string): string {
    const key = `${parent}--${workflow}`;
    const n = (this.childCounters.get(key) ?? 0) + 1;
    this.childCounters.set(key, n);
    return `${key}-${n}`;
  }
}
