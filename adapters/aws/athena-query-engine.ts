import {
  type AthenaClient,
  type ColumnInfo,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  type QueryExecution,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { tenantWorkgroup } from '../../core/tables';
import type { QueryEngine, QueryResult, Row, TableColumn } from '../../core/ports';
import { errorMessage } from './aws-error';

export class AthenaEngineError extends Error {
  override name = 'AthenaEngineError';
  readonly queryId: string | undefined;
  constructor(message: string, options: { queryId?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.queryId = options.queryId;
  }
}

/** Athena ran the statement and it failed: `reason` is Athena's StateChangeReason. */
export class QueryFailedError extends AthenaEngineError {
  override name = 'QueryFailedError';
  readonly reason: string;
  /** Athena's AthenaError.ErrorType and Retryable, when it sent them. */
  readonly errorType: number | undefined;
  readonly retryable: boolean | undefined;
  constructor(queryId: string, reason: string, detail: { errorType?: number; retryable?: boolean; cause?: unknown } = {}) {
    super(`Athena query ${queryId} failed: ${reason}`, { queryId, cause: detail.cause });
    this.reason = reason;
    this.errorType = detail.errorType;
    this.retryable = detail.retryable;
  }
}

/** Someone else (console, another process) cancelled the query. */
export class QueryCancelledError extends AthenaEngineError {
  override name = 'QueryCancelledError';
  constructor(queryId: string, options: { reason?: string; cause?: unknown } = {}) {
    super(`Athena query ${queryId} was cancelled${options.reason ? `: ${options.reason}` : ''}`, { queryId, cause: options.cause });
  }
}

/** The query ran longer than `maxWaitMs`; it has been stopped. */
export class QueryTimeoutError extends AthenaEngineError {
  override name = 'QueryTimeoutError';
  readonly waitedMs: number;
  constructor(queryId: string, waitedMs: number, options: { cause?: unknown } = {}) {
    super(`Athena query ${queryId} did not finish within ${waitedMs} ms and was stopped`, { queryId, cause: options.cause });
    this.waitedMs = waitedMs;
  }
}

/** The caller's AbortSignal fired; the query has been stopped. */
export class QueryAbortedError extends AthenaEngineError {
  override name = 'QueryAbortedError';
  constructor(queryId: string | undefined, options: { cause?: unknown } = {}) {
    super(`Athena query ${queryId ?? '(not started)'} was aborted`, { queryId, cause: options.cause });
  }
}

export type Sleep = (ms: number) => Promise<void>;

export interface AthenaQueryEngineOptions {
  /** Waits between polls; injectable so tests do not wait. */
  sleep?: Sleep;
  /** Milliseconds clock for the time limit; tests pair it with a fake sleep that advances it. */
  now?: () => number;
  /** Give up (and stop the query) after this long. Default 10 minutes: a Lambda lives at most 15. */
  maxWaitMs?: number;
  /** First poll delay, doubled after each poll up to `maxDelayMs`. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** GetQueryResults page size (Athena allows at most 1000). */
  pageSize?: number;
}

export interface AthenaQueryOptions {
  tenant: string;
  database: string;
  /** Aborting stops the Athena query and rejects with QueryAbortedError. */
  signal?: AbortSignal;
}

const defaults = { maxWaitMs: 10 * 60_000, initialDelayMs: 200, maxDelayMs: 5_000, pageSize: 1000 };

const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Athena's ColumnInfo.Type → the Trino type name of the port (decimal carries its precision and scale). */
export function columnType(column: ColumnInfo): string {
  const type = column.Type ?? 'varchar';
  if (type === 'decimal' && column.Precision !== undefined) return `decimal(${column.Precision},${column.Scale ?? 0})`;
  return type;
}

const integerTypes = new Set(['tinyint', 'smallint', 'integer', 'int', 'bigint']);
const fractionalTypes = new Set(['double', 'real', 'float', 'decimal']);

/**
 * GetQueryResults returns every value as text. Integers beyond 2^53 stay strings rather than silently lose
 * digits; decimals become doubles (the port has one number type).
 */
export function convertValue(value: string | undefined, type: string): string | number | boolean | null {
  if (value === undefined) return null;
  const base = type.replace(/\(.*$/, '').toLowerCase();
  if (integerTypes.has(base)) {
    const n = Number(value);
    return Number.isSafeInteger(n) ? n : value;
  }
  if (fractionalTypes.has(base)) {
    const n = Number(value);
    return value.trim() === '' || Number.isNaN(n) ? value : n;
  }
  if (base === 'boolean') return value === 'true';
  return value;
}

function abortable(sleep: Sleep, ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return sleep(ms);
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    sleep(ms).then(
      () => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/**
 * QueryEngine on Athena: one statement in the tenant's workgroup (whose enforced output location is the lake's
 * athena-results/) with the tenant database as context.
 */
export class AthenaQueryEngine implements QueryEngine {
  /** Trino reads a large plain file in several splits, in no promised order; a gzip file is one split. */
  readonly keepsFileOrder = false;
  private readonly sleep: Sleep;
  private readonly now: () => number;
  private readonly settings: typeof defaults;

  constructor(
    private readonly client: AthenaClient,
    options: AthenaQueryEngineOptions = {},
  ) {
    this.sleep = options.sleep ?? realSleep;
    this.now = options.now ?? Date.now;
    this.settings = {
      maxWaitMs: options.maxWaitMs ?? defaults.maxWaitMs,
      initialDelayMs: options.initialDelayMs ?? defaults.initialDelayMs,
      maxDelayMs: options.maxDelayMs ?? defaults.maxDelayMs,
      pageSize: Math.min(options.pageSize ?? defaults.pageSize, 1000),
    };
  }

  async query(sql: string, opts: AthenaQueryOptions): Promise<QueryResult> {
    const { signal } = opts;
    if (signal?.aborted) throw new QueryAbortedError(undefined, { cause: signal.reason });
    const queryId = await this.start(sql, opts);
    const execution = await this.wait(queryId, signal);
    return this.results(queryId, execution);
  }

  private async start(sql: string, opts: AthenaQueryOptions): Promise<string> {
    try {
      const out = await this.client.send(
        new StartQueryExecutionCommand({
          QueryString: sql,
          WorkGroup: tenantWorkgroup(opts.tenant),
          QueryExecutionContext: { Database: opts.database },
        }),
      );
      if (!out.QueryExecutionId) throw new Error('StartQueryExecution returned no QueryExecutionId');
      return out.QueryExecutionId;
    } catch (error) {
      throw new AthenaEngineError(
        `cannot start an Athena query in workgroup ${tenantWorkgroup(opts.tenant)}: ${errorMessage(error)}`,
        { cause: error },
      );
    }
  }

  /** Polls with exponential backoff until the query ends, the time limit passes, or the signal fires. */
  private async wait(queryId: string, signal: AbortSignal | undefined): Promise<QueryExecution> {
    const { maxWaitMs, initialDelayMs, maxDelayMs } = this.settings;
    const started = this.now();
    let delay = initialDelayMs;
    for (;;) {
      const execution = await this.poll(queryId);
      const status = execution.Status;
      switch (status?.State) {
        case 'SUCCEEDED':
          return execution;
        case 'FAILED':
          throw new QueryFailedError(queryId, status.StateChangeReason ?? status.AthenaError?.ErrorMessage ?? 'no reason given', {
            errorType: status.AthenaError?.ErrorType,
            retryable: status.AthenaError?.Retryable,
          });
        case 'CANCELLED':
          throw new QueryCancelledError(queryId, { reason: status.StateChangeReason });
        default:
          break; // QUEUED, RUNNING
      }
      const waited = this.now() - started;
      if (waited >= maxWaitMs) {
        const stopError = await this.stop(queryId);
        throw new QueryTimeoutError(queryId, waited, { cause: stopError });
      }
      if (signal?.aborted) throw await this.aborted(queryId, signal);
      try {
        await abortable(this.sleep, Math.min(delay, maxWaitMs - waited), signal);
      } catch (reason) {
        if (signal?.aborted) throw await this.aborted(queryId, signal);
        throw reason;
      }
      delay = Math.min(delay * 2, maxDelayMs);
    }
  }

  private async poll(queryId: string): Promise<QueryExecution> {
    try {
      const out = await this.client.send(new GetQueryExecutionCommand({ QueryExecutionId: queryId }));
      if (!out.QueryExecution) throw new Error('GetQueryExecution returned no QueryExecution');
      return out.QueryExecution;
    } catch (error) {
      throw new AthenaEngineError(`cannot get the state of Athena query ${queryId}: ${errorMessage(error)}`, {
        queryId,
        cause: error,
      });
    }
  }

  private async aborted(queryId: string, signal: AbortSignal): Promise<QueryAbortedError> {
    await this.stop(queryId);
    return new QueryAbortedError(queryId, { cause: signal.reason });
  }

  /** Best effort: a stop that fails must not hide why we stopped; its error is returned as a cause. */
  private async stop(queryId: string): Promise<unknown> {
    try {
      await this.client.send(new StopQueryExecutionCommand({ QueryExecutionId: queryId }));
      return undefined;
    } catch (error) {
      return error;
    }
  }

  private async results(queryId: string, execution: QueryExecution): Promise<QueryResult> {
    let columns: TableColumn[] = [];
    let labels: string[] = [];
    const rows: Row[] = [];
    let token: string | undefined;
    let first = true;
    try {
      do {
        const out = await this.client.send(
          new GetQueryResultsCommand({ QueryExecutionId: queryId, NextToken: token, MaxResults: this.settings.pageSize }),
        );
        const info = out.ResultSet?.ResultSetMetadata?.ColumnInfo ?? [];
        if (first) {
          columns = info.map((c) => ({ name: c.Name ?? '', type: columnType(c) }));
          labels = info.map((c) => c.Label ?? c.Name ?? '');
        }
        let data = out.ResultSet?.Rows ?? [];
        // Only a DML result starts with a header row (DDL and utility results do not), and only on page one.
        if (first && execution.StatementType !== 'DDL' && execution.StatementType !== 'UTILITY') {
          const header = data[0]?.Data?.map((d) => d.VarCharValue);
          if (header && header.length === columns.length && header.every((v, i) => v === labels[i] || v === columns[i]?.name)) {
            data = data.slice(1);
          }
        }
        for (const row of data) {
          const values = row.Data ?? [];
          const record: Row = {};
          columns.forEach((column, i) => {
            record[column.name] = convertValue(values[i]?.VarCharValue, column.type);
          });
          rows.push(record);
        }
        first = false;
        token = out.NextToken;
      } while (token);
    } catch (error) {
      throw new AthenaEngineError(`cannot read the results of Athena query ${queryId}: ${errorMessage(error)}`, {
        queryId,
        cause: error,
      });
    }
    return { columns, rows, queryId };
  }
}
