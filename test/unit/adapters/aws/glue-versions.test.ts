import {
  ConcurrentModificationException,
  CreateTableCommand,
  DeleteTableCommand,
  EntityNotFoundException,
  GetTableCommand,
  GetTableVersionsCommand,
  GlueClient,
  UpdateTableCommand,
} from '@aws-sdk/client-glue';
import { mockClient } from 'aws-sdk-client-mock';
import { allCustomMatcher, type CustomMatcher } from 'aws-sdk-client-mock-vitest';
import { afterEach, describe, expect, it } from 'vitest';
import { GlueCatalog } from '../../../../adapters/aws/glue-catalog';
import { toTableInput } from '../../../../adapters/aws/glue-table-input';
import type { TableDefinition } from '../../../../core/ports';

expect.extend(allCustomMatcher as unknown as Parameters<typeof expect.extend>[0]);
declare module 'vitest' {
  interface Matchers<R extends void | Promise<void> = void | Promise<void>, T = unknown> extends CustomMatcher<R> {}
}

const glueMock = mockClient(GlueClient);
const meta = { httpStatusCode: 400, $metadata: {} };
const catalog = () => new GlueCatalog(new GlueClient({ region: 'eu-west-1' }));
const table = (load: string): TableDefinition => ({
  database: 'polder_a',
  name: 'bomen',
  columns: [{ name: 'id', type: 'bigint' }],
  locations: [`s3://lake/curated/a/bomen/load=${load}/build-1/`],
  storage: { format: 'parquet' },
  parameters: { version: load },
});
const glueTable = (load: string, versionId: string) => ({ ...toTableInput(table(load)), DatabaseName: 'polder_a', VersionId: versionId });

describe('Adapter: GlueCatalog versions', () => {
  afterEach(() => glueMock.reset());

  it('swaps a table at the version it read (UpdateTable with VersionId), reading again after a concurrent change', async () => {
    // prepare: the first update loses to another writer
    glueMock.on(GetTableCommand).resolvesOnce({ Table: glueTable('a', '7') }).resolves({ Table: glueTable('b', '8') });
    glueMock
      .on(UpdateTableCommand)
      .rejectsOnce(new ConcurrentModificationException({ message: 'changed', $metadata: meta }))
      .resolves({});
    const seen: (string | undefined)[] = [];

    // act
    const swapped = await catalog().swapTable(table('c'), (current) => {
      seen.push(current?.parameters?.version);
      return true;
    });

    // assess
    expect(swapped).toBe(true);
    expect(seen).toEqual(['a', 'b']);
    expect(glueMock).toHaveReceivedNthCommandWith(UpdateTableCommand, 2, { DatabaseName: 'polder_a', TableInput: toTableInput(table('c')), VersionId: '8' });
  });

  it('writes nothing when the expectation does not hold, and creates a table that is not there', async () => {
    glueMock.on(GetTableCommand).resolves({ Table: glueTable('a', '1') });
    expect(await catalog().swapTable(table('c'), () => false)).toBe(false);
    expect(glueMock).not.toHaveReceivedCommand(UpdateTableCommand);

    glueMock.on(GetTableCommand).rejects(new EntityNotFoundException({ message: 'no', $metadata: meta }));
    glueMock.on(CreateTableCommand).resolves({});
    expect(await catalog().swapTable(table('c'), (current) => current === undefined)).toBe(true);
    expect(glueMock).toHaveReceivedCommandWith(CreateTableCommand, { DatabaseName: 'polder_a', TableInput: toTableInput(table('c')) });
  });

  it('reads the history from the table versions, oldest first, with our parameters', async () => {
    glueMock.on(GetTableVersionsCommand).resolves({
      TableVersions: [
        { VersionId: '10', Table: glueTable('b', '10') },
        { VersionId: '9', Table: glueTable('a', '9') },
      ],
    });
    const history = await catalog().tableHistory('polder_a', 'bomen');
    expect(history.map((t) => t.parameters?.version)).toEqual(['a', 'b']);
    expect(history[1]?.locations).toEqual(table('b').locations);
  });

  it('deletes a table; a missing one is fine', async () => {
    glueMock.on(DeleteTableCommand).rejectsOnce(new EntityNotFoundException({ message: 'no', $metadata: meta })).resolves({});
    await catalog().deleteTable('polder_a', 'raw_bomen__1');
    await catalog().deleteTable('polder_a', 'raw_bomen__1');
    expect(glueMock).toHaveReceivedCommandTimes(DeleteTableCommand, 2);
  });
});
