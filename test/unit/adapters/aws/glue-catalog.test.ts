import { AlreadyExistsException, CreateTableCommand, EntityNotFoundException, GetTableCommand, GlueClient, type Table, UpdateTableCommand } from '@aws-sdk/client-glue';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { GlueCatalog, GlueCatalogError } from '../../../../adapters/aws/glue-catalog';
import { formats } from '../../../../adapters/aws/glue-table-input';
import type { Ports, TableDefinition } from '../../../../core/ports';
import { queryCopy } from '../../../../core/query-copy';
import { prepareChecks } from '../../../../functions/prepare-checks';
import { contract as contractSchema } from '../../../../schemas/contract';
import { region, meta } from '../../../support/aws-sdk-mock';

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

  it('updates the table (archiving the version before: the history of a published table) when CreateTable says AlreadyExists', async () => {
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
        language: 'nl',
        size: 100,
        // as ingest records it
        queryCopy: queryCopy(contract.file, 'inwoners.csv', ports.engine) ?? null,
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
    expect(input?.Name).toBe('raw_inwoners__20261124t101530_abcdef0123');
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
        language: 'nl',
        size: 100,
        // as ingest records it
        queryCopy: queryCopy(contract.file, 'metingen.jsonl', ports.engine) ?? null,
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
