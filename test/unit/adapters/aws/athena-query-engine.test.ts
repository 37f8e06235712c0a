import { AthenaClient, GetQueryExecutionCommand, type GetQueryExecutionCommandOutput, GetQueryResultsCommand, type GetQueryResultsCommandOutput, StartQueryExecutionCommand, StopQueryExecutionCommand } from '@aws-sdk/client-athena';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { AthenaEngineError, AthenaQueryEngine, QueryAbortedError, QueryCancelledError, QueryFailedError, QueryTimeoutError } from '../../../../adapters/aws/athena-query-engine';
import { region } from '../../../support/aws-sdk-mock';

const athenaMock = mockClient(AthenaClient);

/** A clock that only the fake sleep moves, so time limits are exact and tests never wait. */
function fakeTime() {
  const slept: number[] = [];
  let t = 0;
  return {
    slept,
    now: () => t,
    sleep: async (ms: number) => {
      slept.push(ms);
      t += ms;
    },
  };
}

function state(
  State: 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED',
  extra: Record<string, unknown> = {},
): Partial<GetQueryExecutionCommandOutput> {
  return { QueryExecution: { QueryExecutionId: 'q-1', StatementType: 'DML', Status: { State, ...extra } } };
}

const columnInfo = [
  { Name: 'gemeente', Type: 'varchar' },
  { Name: 'inwoners', Type: 'bigint' },
  { Name: 'aandeel', Type: 'double' },
  { Name: 'bedrag', Type: 'decimal', Precision: 18, Scale: 3 },
  { Name: 'actief', Type: 'boolean' },
];

const datum = (...values: (string | undefined)[]) => ({
  Data: values.map((v) => (v === undefined ? {} : { VarCharValue: v })),
});

describe('Adapter: AthenaQueryEngine', () => {
  afterEach(() => {
    athenaMock.reset();
  });

  it('does not promise file order (a plain file is read in several splits): raw tables read a gzip query copy', () => {
    expect(new AthenaQueryEngine(new AthenaClient({ region })).keepsFileOrder).toBe(false);
  });

  it('starts in the tenant workgroup and database, polls until SUCCEEDED and reads two typed pages', async () => {
    // prepare
    const time = fakeTime();
    athenaMock.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-1' });
    athenaMock
      .on(GetQueryExecutionCommand)
      .resolvesOnce(state('QUEUED'))
      .resolvesOnce(state('RUNNING'))
      .resolves(state('SUCCEEDED'));
    athenaMock
      .on(GetQueryResultsCommand, { QueryExecutionId: 'q-1', NextToken: undefined })
      .resolves({
        ResultSet: {
          ResultSetMetadata: { ColumnInfo: columnInfo },
          Rows: [datum('gemeente', 'inwoners', 'aandeel', 'bedrag', 'actief'), datum('Utrecht', '361924', '0.5', '12.250', 'true')],
        },
        NextToken: 'page-2',
      } satisfies Partial<GetQueryResultsCommandOutput>)
      .on(GetQueryResultsCommand, { QueryExecutionId: 'q-1', NextToken: 'page-2' })
      .resolves({
        ResultSet: {
          ResultSetMetadata: { ColumnInfo: columnInfo },
          Rows: [datum('Zwolle', '130000', undefined, '-1.500', 'false'), datum(undefined, '9007199254740993', '1e3', '0', undefined)],
        },
      });
    const engine = new AthenaQueryEngine(new AthenaClient({ region }), { sleep: time.sleep, now: time.now });

    // act
    const result = await engine.query('select * from inwoners', { tenant: 'gemeente-a', database: 'polder_gemeente_a' });

    // assess
    expect(athenaMock).toHaveReceivedCommandWith(StartQueryExecutionCommand, {
      QueryString: 'select * from inwoners',
      WorkGroup: 'polder-gemeente-a',
      QueryExecutionContext: { Database: 'polder_gemeente_a' },
    });
    expect(athenaMock).toHaveReceivedCommandTimes(GetQueryExecutionCommand, 3);
    expect(athenaMock).toHaveReceivedCommandTimes(GetQueryResultsCommand, 2);
    expect(athenaMock).toHaveReceivedNthCommandWith(GetQueryResultsCommand, 2, { QueryExecutionId: 'q-1', NextToken: 'page-2' });
    expect(time.slept).toEqual([200, 400]);
    expect(result.queryId).toBe('q-1');
    expect(result.columns).toEqual([
      { name: 'gemeente', type: 'varchar' },
      { name: 'inwoners', type: 'bigint' },
      { name: 'aandeel', type: 'double' },
      { name: 'bedrag', type: 'decimal(18,3)' },
      { name: 'actief', type: 'boolean' },
    ]);
    expect(result.rows).toEqual([
      { gemeente: 'Utrecht', inwoners: 361924, aandeel: 0.5, bedrag: 12.25, actief: true },
      { gemeente: 'Zwolle', inwoners: 130000, aandeel: null, bedrag: -1.5, actief: false },
      // Beyond 2^53 an integer stays text instead of losing digits.
      { gemeente: null, inwoners: '9007199254740993', aandeel: 1000, bedrag: 0, actief: null },
    ]);
  });

  it('keeps the first row of a DDL result, which has no header row', async () => {
    // prepare
    const time = fakeTime();
    athenaMock.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-2' });
    athenaMock
      .on(GetQueryExecutionCommand)
      .resolves({ QueryExecution: { QueryExecutionId: 'q-2', StatementType: 'DDL', Status: { State: 'SUCCEEDED' } } });
    athenaMock.on(GetQueryResultsCommand).resolves({
      ResultSet: { ResultSetMetadata: { ColumnInfo: [{ Name: 'tab_name', Type: 'string' }] }, Rows: [datum('tab_name'), datum('inwoners')] },
    });
    const engine = new AthenaQueryEngine(new AthenaClient({ region }), time);

    // act
    const result = await engine.query('show tables', { tenant: 't', database: 'polder_t' });

    // assess
    expect(result.rows).toEqual([{ tab_name: 'tab_name' }, { tab_name: 'inwoners' }]);
    expect(time.slept).toEqual([]);
  });

  it('throws QueryFailedError with Athena’s reason and the query id when the query FAILED', async () => {
    // prepare
    const time = fakeTime();
    athenaMock.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-1' });
    athenaMock
      .on(GetQueryExecutionCommand)
      .resolvesOnce(state('RUNNING'))
      .resolves(
        state('FAILED', {
          StateChangeReason: "COLUMN_NOT_FOUND: line 1:8: Column 'x' cannot be resolved",
          AthenaError: { ErrorCategory: 2, ErrorType: 1006, Retryable: false },
        }),
      );
    const engine = new AthenaQueryEngine(new AthenaClient({ region }), time);

    // act
    const error = await engine.query('select x from t', { tenant: 't', database: 'polder_t' }).catch((e: unknown) => e);

    // assess
    expect(error).toBeInstanceOf(QueryFailedError);
    expect(error).toBeInstanceOf(AthenaEngineError);
    const failed = error as QueryFailedError;
    expect(failed.name).toBe('QueryFailedError');
    expect(failed.queryId).toBe('q-1');
    expect(failed.reason).toBe("COLUMN_NOT_FOUND: line 1:8: Column 'x' cannot be resolved");
    expect(failed.errorType).toBe(1006);
    expect(failed.message).toContain('q-1');
    expect(athenaMock).not.toHaveReceivedCommand(GetQueryResultsCommand);
  });

  it('throws QueryCancelledError when the query was CANCELLED', async () => {
    // prepare
    athenaMock.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-1' });
    athenaMock.on(GetQueryExecutionCommand).resolves(state('CANCELLED'));
    const engine = new AthenaQueryEngine(new AthenaClient({ region }), fakeTime());

    // act
    const error = await engine.query('select 1', { tenant: 't', database: 'polder_t' }).catch((e: unknown) => e);

    // assess
    expect(error).toBeInstanceOf(QueryCancelledError);
    expect((error as QueryCancelledError).name).toBe('QueryCancelledError');
    expect((error as QueryCancelledError).queryId).toBe('q-1');
    expect(athenaMock).not.toHaveReceivedCommand(StopQueryExecutionCommand);
  });

  it('stops the query and throws QueryTimeoutError when it runs past maxWaitMs', async () => {
    // prepare
    const time = fakeTime();
    athenaMock.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-1' });
    athenaMock.on(GetQueryExecutionCommand).resolves(state('RUNNING'));
    athenaMock.on(StopQueryExecutionCommand).resolves({});
    const engine = new AthenaQueryEngine(new AthenaClient({ region }), { ...time, maxWaitMs: 1000, initialDelayMs: 300 });

    // act
    const error = await engine.query('select 1', { tenant: 't', database: 'polder_t' }).catch((e: unknown) => e);

    // assess
    expect(error).toBeInstanceOf(QueryTimeoutError);
    expect((error as QueryTimeoutError).queryId).toBe('q-1');
    expect((error as QueryTimeoutError).waitedMs).toBe(1000);
    // 300, then 600 capped to the 700 ms left... never beyond the limit.
    expect(time.slept).toEqual([300, 600, 100]);
    expect(athenaMock).toHaveReceivedCommandExactlyOnceWith(StopQueryExecutionCommand, { QueryExecutionId: 'q-1' });
  });

  it('stops the query and throws QueryAbortedError when the caller aborts', async () => {
    // prepare
    const controller = new AbortController();
    athenaMock.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-9' });
    athenaMock.on(GetQueryExecutionCommand).resolves(state('RUNNING'));
    athenaMock.on(StopQueryExecutionCommand).resolves({});
    const sleep = () => {
      controller.abort(new Error('Lambda is about to time out'));
      return new Promise<void>(() => {}); // never ends by itself: only the abort may end it
    };
    const engine = new AthenaQueryEngine(new AthenaClient({ region }), { sleep });

    // act
    const error = await engine
      .query('select 1', { tenant: 't', database: 'polder_t', signal: controller.signal })
      .catch((e: unknown) => e);

    // assess
    expect(error).toBeInstanceOf(QueryAbortedError);
    expect((error as QueryAbortedError).queryId).toBe('q-9');
    expect(((error as QueryAbortedError).cause as Error).message).toBe('Lambda is about to time out');
    expect(athenaMock).toHaveReceivedCommandWith(StopQueryExecutionCommand, { QueryExecutionId: 'q-9' });
  });

  it('wraps an SDK error of StartQueryExecution in AthenaEngineError with the cause', async () => {
    // prepare
    const cause = new Error('WorkGroup polder-t is not found');
    athenaMock.on(StartQueryExecutionCommand).rejects(cause);
    const engine = new AthenaQueryEngine(new AthenaClient({ region }), fakeTime());

    // act
    const error = await engine.query('select 1', { tenant: 't', database: 'polder_t' }).catch((e: unknown) => e);

    // assess
    expect(error).toBeInstanceOf(AthenaEngineError);
    expect((error as AthenaEngineError).message).toContain('polder-t');
    expect((error as AthenaEngineError).cause).toBe(cause);
  });
});
