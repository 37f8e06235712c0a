import { Readable } from 'node:stream';
import {
  AthenaClient,
  GetQueryExecutionCommand,
  type GetQueryExecutionCommandOutput,
  GetQueryResultsCommand,
  type GetQueryResultsCommandOutput,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import {
  AlreadyExistsException,
  CreateTableCommand,
  EntityNotFoundException,
  GetTableCommand,
  GlueClient,
  type Table,
  UpdateTableCommand,
} from '@aws-sdk/client-glue';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  type GetObjectCommandOutput,
  HeadObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { ExecutionAlreadyExists, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { allCustomMatcher, type CustomMatcher } from 'aws-sdk-client-mock-vitest';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AthenaEngineError,
  AthenaQueryEngine,
  QueryAbortedError,
  QueryCancelledError,
  QueryFailedError,
  QueryTimeoutError,
} from '../../../../adapters/aws/athena-query-engine';
import { MissingEnvironmentError } from '../../../../adapters/aws/env';
import { GlueCatalog, GlueCatalogError } from '../../../../adapters/aws/glue-catalog';
import { formats } from '../../../../adapters/aws/glue-table-input';
import { awsPorts } from '../../../../adapters/aws/ports';
import { ObjectNotFoundError, S3ObjectStore, S3ObjectStoreError } from '../../../../adapters/aws/s3-object-store';
import { SfnStarter } from '../../../../adapters/aws/sfn-starter';
import type { Ports, TableDefinition } from '../../../../core/ports';
import { prepareChecks } from '../../../../functions/prepare-checks';
import { contract as contractSchema } from '../../../../schemas/contract';

// The matchers are typed against @vitest/expect 4; vitest 5 runs them unchanged but types `this` differently.
expect.extend(allCustomMatcher as unknown as Parameters<typeof expect.extend>[0]);

declare module 'vitest' {
  interface Matchers<R extends void | Promise<void> = void | Promise<void>, T = unknown> extends CustomMatcher<R> {}
}

const region = 'eu-west-1';
const meta = (httpStatusCode: number) => ({ httpStatusCode });

// ---- Athena ------------------------------------------------------------------------------------------

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

// ---- S3 ----------------------------------------------------------------------------------------------

const s3Mock = mockClient(S3Client);

function body(text: string): GetObjectCommandOutput['Body'] {
  const bytes = new TextEncoder().encode(text);
  return { transformToByteArray: async () => bytes } as unknown as GetObjectCommandOutput['Body'];
}

const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/** A GetObject Body as the SDK gives it in Node: a Readable (here of the given chunks, then maybe an error). */
function streamBody(parts: Buffer[], error?: Error): GetObjectCommandOutput['Body'] {
  async function* read(): AsyncGenerator<Buffer> {
    yield* parts;
    if (error) throw error;
  }
  return Readable.from(read(), { objectMode: false }) as unknown as GetObjectCommandOutput['Body'];
}

async function* chunks(...parts: (string | Uint8Array)[]): AsyncGenerator<Uint8Array> {
  for (const part of parts) yield typeof part === 'string' ? new TextEncoder().encode(part) : part;
}

async function collect(stream: AsyncIterable<Uint8Array>): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for await (const chunk of stream) out.push(chunk);
  return out;
}

describe('Adapter: S3ObjectStore', () => {
  afterEach(() => {
    s3Mock.reset();
  });

  const store = () => new S3ObjectStore(new S3Client({ region }));

  it('gets a whole object as bytes', async () => {
    // prepare
    s3Mock.on(GetObjectCommand, { Bucket: 'lake', Key: 'config/tenants/a.yaml' }).resolves({ Body: body('name: a\n') });

    // act
    const bytes = await store().get({ bucket: 'lake', key: 'config/tenants/a.yaml' });

    // assess
    expect(decode(bytes)).toBe('name: a\n');
  });

  it('turns NoSuchKey on get into ObjectNotFoundError with the SDK error as cause', async () => {
    // prepare
    const cause = new NoSuchKey({ message: 'The specified key does not exist.', $metadata: meta(404) });
    s3Mock.on(GetObjectCommand).rejects(cause);

    // act
    const error = await store().get({ bucket: 'lake', key: 'missing' }).catch((e: unknown) => e);

    // assess
    expect(error).toBeInstanceOf(ObjectNotFoundError);
    expect(error).toBeInstanceOf(S3ObjectStoreError);
    expect((error as Error).message).toBe('no object s3://lake/missing');
    expect((error as Error).cause).toBe(cause);
  });

  it('puts a string with its content type', async () => {
    // prepare
    s3Mock.on(PutObjectCommand).resolves({});

    // act
    await store().put({ bucket: 'lake', key: 'reports/a/d/load=1/report.json' }, '{}', 'application/json');

    // assess
    expect(s3Mock).toHaveReceivedCommandExactlyOnceWith(PutObjectCommand, {
      Bucket: 'lake',
      Key: 'reports/a/d/load=1/report.json',
      Body: '{}',
      ContentType: 'application/json',
    });
  });

  it('reads the head with a byte range and takes the size from Content-Range', async () => {
    // prepare
    s3Mock.on(GetObjectCommand).resolves({ Body: body('id;naam\n1;'), ContentRange: 'bytes 0-9/52341', ContentLength: 10 });

    // act
    const head = await store().head({ bucket: 'lake', key: 'raw/a/d/load=1/f.csv' }, 10);

    // assess
    expect(s3Mock).toHaveReceivedCommandWith(GetObjectCommand, { Bucket: 'lake', Key: 'raw/a/d/load=1/f.csv', Range: 'bytes=0-9' });
    expect(decode(head.body)).toBe('id;naam\n1;');
    expect(head.size).toBe(52341);
  });

  it('reads the head of an object smaller than the range (size from Content-Range)', async () => {
    // prepare
    s3Mock.on(GetObjectCommand).resolves({ Body: body('a,b\n'), ContentRange: 'bytes 0-3/4', ContentLength: 4 });

    // act
    const head = await store().head({ bucket: 'lake', key: 'k' }, 65536);

    // assess
    expect(s3Mock).toHaveReceivedCommandWith(GetObjectCommand, { Range: 'bytes=0-65535' });
    expect(head).toEqual({ body: new TextEncoder().encode('a,b\n'), size: 4 });
  });

  it('reads the head of an empty object: S3’s 416 InvalidRange means size 0', async () => {
    // prepare
    s3Mock.on(GetObjectCommand).rejects(
      new S3ServiceException({ name: 'InvalidRange', $fault: 'client', $metadata: meta(416), message: 'The requested range is not satisfiable' }),
    );

    // act
    const head = await store().head({ bucket: 'lake', key: 'raw/a/d/load=1/empty.csv' }, 65536);

    // assess
    expect(head.size).toBe(0);
    expect(head.body.length).toBe(0);
  });

  it('copies with a URL-encoded CopySource that keeps the key’s slashes', async () => {
    // prepare
    s3Mock.on(HeadObjectCommand).resolves({ ContentLength: 10 });
    s3Mock.on(CopyObjectCommand).resolves({});

    // act
    await store().copy(
      { bucket: 'landing', key: 'gemeente-a/inwoners/Bestand 2024 (é)+#.csv' },
      { bucket: 'lake', key: 'raw/gemeente-a/inwoners/load=1/Bestand 2024 (é)+#.csv' },
    );

    // assess
    expect(s3Mock).toHaveReceivedCommandExactlyOnceWith(CopyObjectCommand, {
      Bucket: 'lake',
      Key: 'raw/gemeente-a/inwoners/load=1/Bestand 2024 (é)+#.csv',
      CopySource: 'landing/gemeente-a/inwoners/Bestand%202024%20(%C3%A9)%2B%23.csv',
    });
  });

  it('lists every page of a prefix, sorted', async () => {
    // prepare
    s3Mock
      .on(ListObjectsV2Command, { Bucket: 'lake', Prefix: 'curated/a/', ContinuationToken: undefined })
      .resolves({ Contents: [{ Key: 'curated/a/d/load=2/x.parquet' }, { Key: 'curated/a/d/load=1/x.parquet' }], IsTruncated: true, NextContinuationToken: 'next' })
      .on(ListObjectsV2Command, { Bucket: 'lake', Prefix: 'curated/a/', ContinuationToken: 'next' })
      .resolves({ Contents: [{ Key: 'curated/a/b/load=1/x.parquet' }], IsTruncated: false });

    // act
    const keys = await store().list('lake', 'curated/a/');

    // assess
    expect(s3Mock).toHaveReceivedCommandTimes(ListObjectsV2Command, 2);
    expect(keys).toEqual(['curated/a/b/load=1/x.parquet', 'curated/a/d/load=1/x.parquet', 'curated/a/d/load=2/x.parquet']);
  });

  it('says exists false on NotFound and true on a HeadObject answer', async () => {
    // prepare
    s3Mock
      .on(HeadObjectCommand, { Key: 'missing' })
      .rejects(new NotFound({ message: 'NotFound', $metadata: meta(404) }))
      .on(HeadObjectCommand, { Key: 'there' })
      .resolves({ ContentLength: 3 });

    // act
    const missing = await store().exists({ bucket: 'lake', key: 'missing' });
    const there = await store().exists({ bucket: 'lake', key: 'there' });

    // assess
    expect(missing).toBe(false);
    expect(there).toBe(true);
  });

  it('does not mistake 403 on exists for absence', async () => {
    // prepare
    const cause = new S3ServiceException({ name: 'Forbidden', $fault: 'client', $metadata: meta(403), message: 'Forbidden' });
    s3Mock.on(HeadObjectCommand).rejects(cause);

    // act
    const error = await store().exists({ bucket: 'lake', key: 'k' }).catch((e: unknown) => e);

    // assess
    expect(error).toBeInstanceOf(S3ObjectStoreError);
    expect(error).not.toBeInstanceOf(ObjectNotFoundError);
    expect((error as Error).cause).toBe(cause);
  });

  it('decides exists by a listing of the key when HEAD says 403 (a tenant role lists only below its prefixes)', async () => {
    // prepare
    const forbidden = new S3ServiceException({ name: 'Forbidden', $fault: 'client', $metadata: meta(403), message: 'Forbidden' });
    s3Mock.on(HeadObjectCommand).rejects(forbidden);
    s3Mock.on(ListObjectsV2Command, { Prefix: 'raw/a/k' }).resolves({ Contents: [{ Key: 'raw/a/k' }] });
    s3Mock.on(ListObjectsV2Command, { Prefix: 'raw/a/missing' }).resolves({ Contents: [{ Key: 'raw/a/missing-not' }] });

    // act
    const there = await store().exists({ bucket: 'lake', key: 'raw/a/k' });
    const missing = await store().exists({ bucket: 'lake', key: 'raw/a/missing' });

    // assess
    expect(there).toBe(true);
    expect(missing).toBe(false);
  });

  it("encrypts every write with the tenant's KMS key and an S3 Bucket Key when it has one", async () => {
    // prepare
    s3Mock.on(PutObjectCommand).resolves({});
    s3Mock.on(HeadObjectCommand).resolves({ ContentLength: 1 });
    s3Mock.on(CopyObjectCommand).resolves({});
    const tenantStore = new S3ObjectStore(new S3Client({ region }), { kmsKeyId: 'alias/polder/a' });
    const sse = { ServerSideEncryption: 'aws:kms' as const, SSEKMSKeyId: 'alias/polder/a', BucketKeyEnabled: true };

    // act
    await tenantStore.put({ bucket: 'lake', key: 'raw/a/x' }, 'x');
    await tenantStore.copy({ bucket: 'landing', key: 'a/d/x' }, { bucket: 'lake', key: 'raw/a/y' });
    await tenantStore.putIfAbsent({ bucket: 'lake', key: 'reports/a/d/load=1/contract.json' }, '{}');

    // assess
    expect(s3Mock).toHaveReceivedCommandWith(PutObjectCommand, sse);
    expect(s3Mock).toHaveReceivedCommandWith(CopyObjectCommand, sse);
    expect(s3Mock).toHaveReceivedCommandWith(PutObjectCommand, { ...sse, IfNoneMatch: '*' });
  });

  it('streams an object in the chunks of its Body, sending nothing before the first read', async () => {
    // prepare
    const parts = [Buffer.from('id;naam\n'), Buffer.from('1;Caf'), Buffer.from([0xe9]), Buffer.from('\n')];
    s3Mock.on(GetObjectCommand, { Bucket: 'lake', Key: 'raw/a/d/load=1/f.csv' }).resolves({ Body: streamBody(parts) });

    // act
    const stream = store().getStream({ bucket: 'lake', key: 'raw/a/d/load=1/f.csv' });
    const sentBefore = s3Mock.calls().length;
    const chunks = await collect(stream);

    // assess
    expect(sentBefore).toBe(0);
    expect(chunks).toEqual(parts);
    expect(s3Mock).toHaveReceivedCommandExactlyOnceWith(GetObjectCommand, { Bucket: 'lake', Key: 'raw/a/d/load=1/f.csv' });
  });

  it('fails a stream of a missing object at its first read with ObjectNotFoundError, and a broken Body with the read error', async () => {
    // prepare
    s3Mock
      .on(GetObjectCommand, { Key: 'missing' })
      .rejects(new NoSuchKey({ message: 'The specified key does not exist.', $metadata: meta(404) }))
      .on(GetObjectCommand, { Key: 'broken' })
      .resolves({ Body: streamBody([Buffer.from('a;b\n')], new Error('socket hang up')) });

    // act
    const missing = await collect(store().getStream({ bucket: 'lake', key: 'missing' })).catch((e: unknown) => e);
    const broken = await collect(store().getStream({ bucket: 'lake', key: 'broken' })).catch((e: unknown) => e);

    // assess
    expect(missing).toBeInstanceOf(ObjectNotFoundError);
    expect((missing as Error).message).toBe('no object s3://lake/missing');
    expect(broken).toBeInstanceOf(S3ObjectStoreError);
    expect((broken as Error).message).toBe('cannot read s3://lake/broken: socket hang up');
  });

  it('puts a small stream with one PutObject (lib-storage Upload below one part)', async () => {
    // prepare
    s3Mock.on(PutObjectCommand).resolves({ ETag: '"e"' });

    // act
    await store().putStream({ bucket: 'lake', key: 'decoded/a/d/load=1/f.csv' }, chunks('id;naam\n', '1;Café\n'), 'text/csv; charset=utf-8');

    // assess
    expect(s3Mock).toHaveReceivedCommandExactlyOnceWith(PutObjectCommand, {
      Bucket: 'lake',
      Key: 'decoded/a/d/load=1/f.csv',
      ContentType: 'text/csv; charset=utf-8',
    });
    expect(s3Mock).not.toHaveReceivedCommand(CreateMultipartUploadCommand);
    const sent = s3Mock.commandCalls(PutObjectCommand)[0]?.args[0].input.Body as Uint8Array;
    expect(decode(sent)).toBe('id;naam\n1;Café\n');
  });

  it('puts a stream larger than a part as a multipart upload of 5 MiB parts', async () => {
    // prepare
    s3Mock.on(CreateMultipartUploadCommand).resolves({ UploadId: 'u-1' });
    s3Mock.on(UploadPartCommand).callsFake((input: { PartNumber: number }) => ({ ETag: `"p${input.PartNumber}"` }));
    s3Mock.on(CompleteMultipartUploadCommand).resolves({});
    const mib = Buffer.alloc(1 << 20, 0x61);

    // act: 11 MiB in 1 MiB chunks
    await store().putStream({ bucket: 'lake', key: 'decoded/a/d/load=1/big.csv' }, chunks(...Array.from({ length: 11 }, () => mib)));

    // assess
    const parts = s3Mock.commandCalls(UploadPartCommand).map((c) => [c.args[0].input.PartNumber, (c.args[0].input.Body as Uint8Array).length]);
    expect(parts.sort((a, b) => Number(a[0]) - Number(b[0]))).toEqual([
      [1, 5 << 20],
      [2, 5 << 20],
      [3, 1 << 20],
    ]);
    expect(s3Mock).toHaveReceivedCommandWith(CompleteMultipartUploadCommand, {
      Bucket: 'lake',
      Key: 'decoded/a/d/load=1/big.csv',
      UploadId: 'u-1',
      MultipartUpload: { Parts: [{ PartNumber: 1, ETag: '"p1"' }, { PartNumber: 2, ETag: '"p2"' }, { PartNumber: 3, ETag: '"p3"' }] },
    });
    expect(s3Mock).not.toHaveReceivedCommand(PutObjectCommand);
    expect(s3Mock).not.toHaveReceivedCommand(AbortMultipartUploadCommand);
  });

  it('aborts the multipart upload and throws the source’s own error when the source fails', async () => {
    // prepare
    s3Mock.on(CreateMultipartUploadCommand).resolves({ UploadId: 'u-2' });
    s3Mock.on(UploadPartCommand).resolves({ ETag: '"p"' });
    s3Mock.on(AbortMultipartUploadCommand).resolves({});
    const cause = new ObjectNotFoundError('no object s3://lake/raw/a/d/load=1/f.csv');
    async function* failing(): AsyncGenerator<Uint8Array> {
      for (let i = 0; i < 6; i++) yield Buffer.alloc(1 << 20, 0x62);
      throw cause;
    }

    // act
    const error = await store().putStream({ bucket: 'lake', key: 'decoded/a/d/load=1/f.csv' }, failing()).catch((e: unknown) => e);

    // assess
    expect(error).toBe(cause);
    expect(s3Mock).toHaveReceivedCommandExactlyOnceWith(AbortMultipartUploadCommand, {
      Bucket: 'lake',
      Key: 'decoded/a/d/load=1/f.csv',
      UploadId: 'u-2',
    });
    expect(s3Mock).not.toHaveReceivedCommand(CompleteMultipartUploadCommand);
  });

  it('wraps a failed PutObject of a stream like put does', async () => {
    // prepare
    s3Mock.on(PutObjectCommand).rejects(new S3ServiceException({ name: 'AccessDenied', $fault: 'client', $metadata: meta(403), message: 'Access Denied' }));

    // act
    const error = await store().putStream({ bucket: 'lake', key: 'decoded/x.csv' }, chunks('a')).catch((e: unknown) => e);

    // assess
    expect(error).toBeInstanceOf(S3ObjectStoreError);
    expect((error as Error).message).toBe('cannot write s3://lake/decoded/x.csv: Access Denied');
  });
});

// ---- Glue --------------------------------------------------------------------------------------------

const glueMock = mockClient(GlueClient);

const parquetTable: TableDefinition = {
  database: 'polder_gemeente_a',
  name: 'quarantine_inwoners',
  columns: [
    { name: 'line', type: 'bigint' },
    { name: 'column_name', type: 'varchar' },
    { name: 'bedrag', type: 'decimal(18,3)' },
  ],
  locations: ['s3://lake/quarantine/gemeente-a/inwoners/load=1/'],
  storage: { format: 'parquet' },
  description: 'rejected rows',
};

const csvTable: TableDefinition = {
  database: 'polder_gemeente_a',
  name: 'raw_inwoners',
  columns: [
    { name: 'id', type: 'varchar' },
    { name: 'naam', type: 'varchar' },
  ],
  locations: ['s3://lake/raw/gemeente-a/inwoners/load=1/'],
  storage: { format: 'csv', delimiter: ';', quote: '"', encoding: 'utf-8', headerRows: 1 },
};

/** What GetTable would answer for the TableInput a CreateTable received. */
function tableFromCreate(call: number): Table {
  const input = glueMock.commandCalls(CreateTableCommand)[call]?.args[0].input.TableInput;
  return { ...(input as Table) };
}

describe('Adapter: GlueCatalog', () => {
  afterEach(() => {
    glueMock.reset();
  });

  const catalog = () => new GlueCatalog(new GlueClient({ region }));

  it('creates a Parquet table with Athena’s Parquet SerDe and formats', async () => {
    // prepare
    glueMock.on(CreateTableCommand).resolves({});

    // act
    await catalog().putTable(parquetTable);

    // assess
    expect(glueMock).toHaveReceivedCommandExactlyOnceWith(CreateTableCommand, {
      DatabaseName: 'polder_gemeente_a',
      TableInput: {
        Name: 'quarantine_inwoners',
        Description: 'rejected rows',
        TableType: 'EXTERNAL_TABLE',
        Parameters: { EXTERNAL: 'TRUE', classification: 'parquet' },
        StorageDescriptor: {
          Columns: [
            { Name: 'line', Type: 'bigint' },
            { Name: 'column_name', Type: 'string' },
            { Name: 'bedrag', Type: 'decimal(18,3)' },
          ],
          Location: 's3://lake/quarantine/gemeente-a/inwoners/load=1/',
          InputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
          OutputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
          SerdeInfo: {
            SerializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
            Parameters: { 'serialization.format': '1' },
          },
        },
      },
    });
    expect(glueMock).not.toHaveReceivedCommand(UpdateTableCommand);
  });

  it('updates the table (without archiving a version) when CreateTable says AlreadyExists', async () => {
    // prepare
    glueMock
      .on(CreateTableCommand)
      .rejects(new AlreadyExistsException({ message: 'Table already exists.', $metadata: meta(400) }));
    glueMock.on(UpdateTableCommand).resolves({});

    // act
    await catalog().putTable(csvTable);

    // assess
    const created = glueMock.commandCalls(CreateTableCommand)[0]?.args[0].input.TableInput;
    expect(glueMock).toHaveReceivedCommandExactlyOnceWith(UpdateTableCommand, {
      DatabaseName: 'polder_gemeente_a',
      TableInput: created,
      SkipArchive: true,
    });
    expect(created?.StorageDescriptor?.SerdeInfo).toEqual({
      SerializationLibrary: 'org.apache.hadoop.hive.serde2.OpenCSVSerde',
      Parameters: { separatorChar: ';', quoteChar: '"' },
    });
    expect(created?.StorageDescriptor?.InputFormat).toBe('org.apache.hadoop.mapred.TextInputFormat');
    expect(created?.StorageDescriptor?.OutputFormat).toBe('org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat');
    expect(created?.Parameters?.['skip.header.line.count']).toBe('1');
  });

  it('refuses windows-1252 CSV (no Athena SerDe reads it with quotes) without calling Glue', async () => {
    // act
    const error = await catalog()
      .putTable({ ...csvTable, storage: { format: 'csv', delimiter: ';', quote: '"', encoding: 'windows-1252', headerRows: 1 } })
      .catch((e: unknown) => e);

    // assess
    expect(error).toBeInstanceOf(GlueCatalogError);
    expect((error as Error).message).toMatch(/raw_inwoners: Athena's CSV SerDe reads only UTF-8, not windows-1252/);
    expect(glueMock).not.toHaveReceivedCommand(CreateTableCommand);
  });

  it('still reads back a windows-1252 LazySimpleSerDe table registered before raw tables read decoded/', async () => {
    // prepare
    glueMock.on(GetTableCommand).resolves({
      Table: {
        Name: 'raw_inwoners',
        Parameters: { EXTERNAL: 'TRUE', classification: 'csv', 'skip.header.line.count': '2', 'polder.quote': '"' },
        StorageDescriptor: {
          Columns: [
            { Name: 'id', Type: 'string' },
            { Name: 'naam', Type: 'string' },
          ],
          Location: 's3://lake/raw/gemeente-a/inwoners/load=1/',
          SerdeInfo: {
            SerializationLibrary: formats.lazySimpleSerde,
            Parameters: { 'field.delim': '|', 'serialization.format': '|', 'serialization.encoding': 'windows-1252' },
          },
        },
      },
    });

    // act
    const back = await catalog().getTable('polder_gemeente_a', 'raw_inwoners');

    // assess
    expect(back).toEqual({ ...csvTable, storage: { format: 'csv', delimiter: '|', quote: '"', encoding: 'windows-1252', headerRows: 2 } });
  });

  it('registers a quoted windows-1252 load’s raw table (prepare-checks) as UTF-8 OpenCSVSerde over the decoded/ gzip copy', async () => {
    // prepare: the contract snapshot and the UTF-8 copy ingest wrote, in a store that holds only those
    glueMock.on(CreateTableCommand).resolves({});
    const contract = contractSchema.parse({
      id: 'inwoners',
      title: 'Inwoners',
      owner: 'Team BRP',
      source_type: 'own',
      purpose: 'Test',
      file: { encoding: 'windows-1252', delimiter: ';', quote: '"', decimal_separator: ',' },
      columns: [{ name: 'id', type: 'integer' }, { name: 'naam', type: 'string' }],
    });
    const snapshot = 'reports/gemeente-a/inwoners/load=20261124t101530-abcdef0123/contract.json';
    // Athena does not keep file order: the copy is gzip as well, named .gz
    const copy = 'decoded/gemeente-a/inwoners/load=20261124t101530-abcdef0123/inwoners.csv.gz';
    const store = {
      exists: async (ref: { key: string }) => ref.key === snapshot || ref.key === copy,
      get: async () => new TextEncoder().encode(JSON.stringify(contract)),
    } as unknown as Ports['store'];
    const ports = {
      store,
      catalog: catalog(),
      engine: { keepsFileOrder: false } as Ports['engine'],
      vault: { pseudonymKeyTable: async () => '_pseudonym_key' },
      clock: { now: () => new Date('2026-11-24T10:15:31Z') },
      buckets: { landing: 'landing', lake: 'lake' },
    } satisfies Ports;

    // act
    await prepareChecks.core(
      {
        tenant: 'gemeente-a',
        dataset: 'inwoners',
        loadId: '20261124t101530-abcdef0123',
        raw: { bucket: 'lake', key: 'raw/gemeente-a/inwoners/load=20261124t101530-abcdef0123/inwoners.csv' },
        fileName: 'inwoners.csv',
        size: 100,
        status: 'ok',
        findings: [],
        header: ['id', 'naam'],
        encoding: 'windows-1252',
        delimiter: ';',
        bom: false,
      },
      ports,
    );

    // assess
    const input = glueMock.commandCalls(CreateTableCommand)[0]?.args[0].input.TableInput;
    expect(input?.Name).toBe('raw_inwoners');
    expect(input?.StorageDescriptor?.Location).toBe('s3://lake/decoded/gemeente-a/inwoners/load=20261124t101530-abcdef0123/');
    // TextInputFormat inflates a .gz file by its name: nothing in the table says gzip
    expect(input?.StorageDescriptor?.InputFormat).toBe(formats.textInput);
    expect(input?.StorageDescriptor?.SerdeInfo).toEqual({
      SerializationLibrary: formats.openCsvSerde,
      Parameters: { separatorChar: ';', quoteChar: '"' },
    });
    expect(JSON.stringify(input)).not.toMatch(/1252|LazySimpleSerDe|serialization\.encoding/);
  });

  it('creates a JSON lines table with the OpenX JSON SerDe: a mapping for each key that is not the column name', async () => {
    // prepare
    glueMock.on(CreateTableCommand).resolves({});
    const table: TableDefinition = {
      database: 'polder_gemeente_a',
      name: 'raw_metingen',
      columns: [
        { name: 'sensor_id', type: 'varchar' },
        { name: 'temp', type: 'varchar' },
        { name: 'meting_waarde', type: 'varchar' },
      ],
      locations: ['s3://lake/raw/gemeente-a/metingen/load=1/'],
      storage: { format: 'jsonl', keys: { sensor_id: 'SensorID', temp: 'temp', meting_waarde: 'meting-waarde' } },
      description: 'raw upload',
    };

    // act
    await catalog().putTable(table);

    // assess
    expect(glueMock).toHaveReceivedCommandExactlyOnceWith(CreateTableCommand, {
      DatabaseName: 'polder_gemeente_a',
      TableInput: {
        Name: 'raw_metingen',
        Description: 'raw upload',
        TableType: 'EXTERNAL_TABLE',
        Parameters: { EXTERNAL: 'TRUE', classification: 'json' },
        StorageDescriptor: {
          Columns: [
            { Name: 'sensor_id', Type: 'string' },
            { Name: 'temp', Type: 'string' },
            { Name: 'meting_waarde', Type: 'string' },
          ],
          Location: 's3://lake/raw/gemeente-a/metingen/load=1/',
          InputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
          OutputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
          SerdeInfo: {
            SerializationLibrary: 'org.openx.data.jsonserde.JsonSerDe',
            Parameters: {
              'case.insensitive': 'TRUE',
              'ignore.malformed.json': 'FALSE',
              'dots.in.keys': 'FALSE',
              'mapping.sensor_id': 'SensorID',
              'mapping.meting_waarde': 'meting-waarde',
            },
          },
        },
      },
    });

    // and reads it back as it was written
    glueMock.on(GetTableCommand).resolves({ Table: tableFromCreate(0) });
    expect(await catalog().getTable('polder_gemeente_a', 'raw_metingen')).toEqual(table);
  });

  it('registers a JSON lines load’s raw table (prepare-checks) over raw/, every contract column read by its key', async () => {
    // prepare
    glueMock.on(CreateTableCommand).resolves({});
    const contract = contractSchema.parse({
      id: 'metingen',
      title: 'Metingen',
      owner: 'Team IoT',
      source_type: 'iot',
      purpose: 'Test',
      file: { format: 'jsonl' },
      columns: [{ name: 'sensor_id', source: 'SensorID', type: 'string' }, { name: 'temp', type: 'decimal' }],
    });
    const loadId = '20261124t101530-abcdef0123';
    const snapshot = `reports/gemeente-a/metingen/load=${loadId}/contract.json`;
    // Athena does not keep file order: the table reads ingest's gzip copy
    const copy = `decoded/gemeente-a/metingen/load=${loadId}/metingen.jsonl.gz`;
    const ports = {
      store: {
        exists: async (ref: { key: string }) => ref.key === snapshot || ref.key === copy,
        get: async () => new TextEncoder().encode(JSON.stringify(contract)),
      } as unknown as Ports['store'],
      catalog: catalog(),
      engine: { keepsFileOrder: false } as Ports['engine'],
      vault: { pseudonymKeyTable: async () => '_pseudonym_key' },
      clock: { now: () => new Date('2026-11-24T10:15:31Z') },
      buckets: { landing: 'landing', lake: 'lake' },
    } satisfies Ports;

    // act
    const out = await prepareChecks.core(
      {
        tenant: 'gemeente-a',
        dataset: 'metingen',
        loadId,
        raw: { bucket: 'lake', key: `raw/gemeente-a/metingen/load=${loadId}/metingen.jsonl` },
        fileName: 'metingen.jsonl',
        size: 100,
        status: 'ok',
        findings: [],
        header: ['sensor_id', 'temp'],
        encoding: 'utf-8',
        delimiter: ',',
        bom: false,
      },
      ports,
    );

    // assess
    const input = glueMock.commandCalls(CreateTableCommand)[0]?.args[0].input.TableInput;
    expect(input?.StorageDescriptor?.Location).toBe(`s3://lake/decoded/gemeente-a/metingen/load=${loadId}/`);
    expect(input?.StorageDescriptor?.InputFormat).toBe(formats.textInput);
    expect(input?.StorageDescriptor?.SerdeInfo?.SerializationLibrary).toBe(formats.openxJsonSerde);
    expect(input?.StorageDescriptor?.SerdeInfo?.Parameters).toMatchObject({ 'mapping.sensor_id': 'SensorID' });
    expect(input?.StorageDescriptor?.SerdeInfo?.Parameters).not.toHaveProperty('mapping.temp');
    expect(input?.Parameters).not.toHaveProperty('skip.header.line.count');
    expect(out.query).toContain('row_number() over () + 0 as "_line"');
  });

  it('registers sibling locations at their parent and gives the exact list back', async () => {
    // prepare
    glueMock.on(CreateTableCommand).resolves({});
    const table: TableDefinition = {
      ...parquetTable,
      locations: ['s3://lake/curated/a/d/load=1/', 's3://lake/curated/a/d/load=2/'],
    };
    await catalog().putTable(table);
    glueMock.on(GetTableCommand).resolves({ Table: tableFromCreate(0) });

    // act
    const back = await catalog().getTable('polder_gemeente_a', 'quarantine_inwoners');

    // assess
    expect(tableFromCreate(0).StorageDescriptor?.Location).toBe('s3://lake/curated/a/d/');
    expect(back).toEqual(table);
  });

  it('refuses locations that are not siblings', async () => {
    // act
    const error = await catalog()
      .putTable({ ...parquetTable, locations: ['s3://lake/curated/a/d/load=1/', 's3://lake/marts/a/m/run=1/'] })
      .catch((e: unknown) => e);

    // assess
    expect(error).toBeInstanceOf(GlueCatalogError);
    expect(glueMock).not.toHaveReceivedCommand(CreateTableCommand);
  });

  it('returns undefined for a table Glue does not know', async () => {
    // prepare
    glueMock
      .on(GetTableCommand)
      .rejects(new EntityNotFoundException({ message: 'Entity Not Found', $metadata: meta(400) }));

    // act
    const table = await catalog().getTable('polder_gemeente_a', 'nope');

    // assess
    expect(table).toBeUndefined();
    expect(glueMock).toHaveReceivedCommandWith(GetTableCommand, { DatabaseName: 'polder_gemeente_a', Name: 'nope' });
  });
});

// ---- Step Functions ----------------------------------------------------------------------------------

const sfnMock = mockClient(SFNClient);
const machine = 'arn:aws:states:eu-west-1:123456789012:stateMachine:PolderPipeline';

describe('Adapter: SfnStarter', () => {
  afterEach(() => {
    sfnMock.reset();
  });

  it('starts an execution with the given name and the input as JSON', async () => {
    // prepare
    const arn = 'arn:aws:states:eu-west-1:123456789012:execution:PolderPipeline:gemeente-a-inwoners-20240101t000000-abc';
    sfnMock.on(StartExecutionCommand).resolves({ executionArn: arn, startDate: new Date() });
    const starter = new SfnStarter(new SFNClient({ region }), machine);

    // act
    const result = await starter.start('gemeente-a-inwoners-20240101t000000-abc', { tenant: 'gemeente-a' });

    // assess
    expect(sfnMock).toHaveReceivedCommandExactlyOnceWith(StartExecutionCommand, {
      stateMachineArn: machine,
      name: 'gemeente-a-inwoners-20240101t000000-abc',
      input: '{"tenant":"gemeente-a"}',
    });
    expect(result).toEqual({ executionArn: arn, started: true });
  });

  it('answers started: false with the existing execution’s ARN on ExecutionAlreadyExists', async () => {
    // prepare
    sfnMock
      .on(StartExecutionCommand)
      .rejects(new ExecutionAlreadyExists({ message: 'Execution Already Exists', $metadata: meta(400) }));
    const starter = new SfnStarter(new SFNClient({ region }), machine);

    // act
    const result = await starter.start('dup-name', {});

    // assess
    expect(result).toEqual({
      executionArn: 'arn:aws:states:eu-west-1:123456789012:execution:PolderPipeline:dup-name',
      started: false,
    });
  });
});

// ---- awsPorts ----------------------------------------------------------------------------------------

describe('Adapter: awsPorts', () => {
  it('names the missing variable', () => {
    // act
    const error = (() => {
      try {
        awsPorts({ LAKE_BUCKET: 'lake' });
      } catch (e) {
        return e;
      }
    })();

    // assess
    expect(error).toBeInstanceOf(MissingEnvironmentError);
    expect((error as Error).message).toContain('LANDING_BUCKET');
  });

  it('builds the ports once per environment, with the buckets from it', () => {
    // prepare
    const env = { LANDING_BUCKET: 'polder-landing-x', LAKE_BUCKET: 'polder-lake-x' };

    // act
    const first = awsPorts(env);
    const second = awsPorts(env);

    // assess
    expect(first.buckets).toEqual({ landing: 'polder-landing-x', lake: 'polder-lake-x' });
    expect(second).toBe(first);
  });

  it('lets the starter fail on use, naming its variable, when no state machine ARN is set', async () => {
    // prepare
    const ports = awsPorts({ LANDING_BUCKET: 'l', LAKE_BUCKET: 'k' });

    // act
    const error = await ports.starter.start('n', {}).catch((e: unknown) => e);

    // assess
    expect(error).toBeInstanceOf(MissingEnvironmentError);
    expect((error as Error).message).toContain('PIPELINE_STATE_MACHINE_ARN');
  });
});
