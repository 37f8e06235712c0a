import type { Table, TableInput } from '@aws-sdk/client-glue';
import type { CsvStorage, JsonlStorage, TableColumn, TableDefinition } from '../../core/ports';

/** The SerDe and formats Athena uses for its own CREATE TABLE ... STORED AS PARQUET / ROW FORMAT. */
export const formats = {
  parquetSerde: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
  parquetInput: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
  parquetOutput: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
  openCsvSerde: 'org.apache.hadoop.hive.serde2.OpenCSVSerde',
  /** Only read back (tables registered before raw tables read decoded/, or made by others); never written. */
  lazySimpleSerde: 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe',
  /** JSON lines: Athena (Trino) reads it with its own OpenX JSON reader, see core/jsonl/openx.ts. */
  openxJsonSerde: 'org.openx.data.jsonserde.JsonSerDe',
  textInput: 'org.apache.hadoop.mapred.TextInputFormat',
  textOutput: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
} as const;

/** Table parameters of our own: Athena ignores them, getTable reads them back. */
const locationsParam = 'polder.locations';
const quoteParam = 'polder.quote';
/** TableDefinition.parameters are stored under this prefix, apart from Glue's and the SerDe's own. */
const ownParamPrefix = 'polder.param.';

export class TableMappingError extends Error {
  override name = 'TableMappingError';
}

/** Hive has no bare `varchar` (it needs a length); Athena reads Hive `string` as Trino varchar. */
function toHiveType(type: string): string {
  return type.trim().toLowerCase() === 'varchar' ? 'string' : type;
}

function fromHiveType(type: string): string {
  return type === 'string' ? 'varchar' : type;
}

const folder = (uri: string) => (uri.endsWith('/') ? uri : `${uri}/`);

function parentOf(uri: string): string {
  const trimmed = folder(uri).slice(0, -1);
  return trimmed.slice(0, trimmed.lastIndexOf('/') + 1);
}

/**
 * A Glue table has one location. Several locations must be sibling folders (e.g. `.../load=a/`, `.../load=b/`)
 * and the table is registered at their parent: Athena then reads every folder under that parent, so the
 * parent must hold only the listed folders. The exact list is kept in a table parameter for getTable.
 * (Partitions per location would be exact, but would add a partition column to every `select *`.)
 */
export function tableLocation(locations: string[]): string {
  const [first, ...rest] = locations.map(folder);
  if (first === undefined) throw new TableMappingError('a table needs at least one location');
  if (rest.length === 0) return first;
  const parent = parentOf(first);
  const stranger = rest.find((l) => parentOf(l) !== parent);
  if (stranger !== undefined || !/^s3:\/\/[^/]+\/.+/.test(parent)) {
    throw new TableMappingError(
      `locations of one table must be sibling folders below a common prefix, got ${first} and ${stranger ?? parent}`,
    );
  }
  return parent;
}

/**
 * OpenCSVSerde: quotes, a quoted delimiter and quoted line breaks, but UTF-8 only. A windows-1252 file is not
 * registered as such: LazySimpleSerDe would honour `serialization.encoding` but knows no quoting, so quoted values
 * would keep their quotes and a quoted delimiter would split the field. Tables read a UTF-8 copy instead (ingest
 * writes one to decoded/ for a windows-1252 upload, see core/query-copy.ts).
 */
function csvSerde(storage: CsvStorage): NonNullable<NonNullable<TableInput['StorageDescriptor']>['SerdeInfo']> {
  if (storage.encoding !== 'utf-8') {
    throw new TableMappingError(
      `Athena's CSV SerDe reads only UTF-8, not ${storage.encoding}: register the table over a UTF-8 copy of the files (ingest writes one to decoded/)`,
    );
  }
  return {
    SerializationLibrary: formats.openCsvSerde,
    // An empty quote means "no quoting"; OpenCSVSerde then keeps its default (").
    Parameters: storage.quote ? { separatorChar: storage.delimiter, quoteChar: storage.quote } : { separatorChar: storage.delimiter },
  };
}

/** SerDe parameter that names the JSON key of a column whose key is not its name. */
const mappingParam = (column: string) => `mapping.${column}`;

/**
 * OpenX JSON SerDe: keys match columns ignoring case (`case.insensitive`, the default, stated here), a column reads
 * the key `mapping.<column>` names or else its own name, and a line that starts with `{` or `[` but does not parse
 * fails the query (`ignore.malformed.json` false) instead of becoming a row of NULLs.
 */
function jsonSerde(table: TableDefinition, storage: JsonlStorage): NonNullable<NonNullable<TableInput['StorageDescriptor']>['SerdeInfo']> {
  const parameters: Record<string, string> = { 'case.insensitive': 'TRUE', 'ignore.malformed.json': 'FALSE', 'dots.in.keys': 'FALSE' };
  for (const column of table.columns) {
    const key = storage.keys[column.name];
    if (key !== undefined && key !== column.name) parameters[mappingParam(column.name)] = key;
  }
  return { SerializationLibrary: formats.openxJsonSerde, Parameters: parameters };
}

export function toTableInput(table: TableDefinition): TableInput {
  const { storage } = table;
  // Athena's own name for a JSON table
  const classification = storage.format === 'jsonl' ? 'json' : storage.format;
  const parameters: Record<string, string> = { EXTERNAL: 'TRUE', classification };
  if (table.locations.length > 1) parameters[locationsParam] = JSON.stringify(table.locations);
  for (const [key, value] of Object.entries(table.parameters ?? {})) parameters[`${ownParamPrefix}${key}`] = value;
  if (storage.format === 'csv') {
    parameters['skip.header.line.count'] = String(storage.headerRows);
    parameters[quoteParam] = storage.quote;
  }
  const columns = table.columns.map((c) => ({ Name: c.name, Type: toHiveType(c.type) }));
  const location = tableLocation(table.locations);
  return {
    Name: table.name,
    Description: table.description,
    TableType: 'EXTERNAL_TABLE',
    Parameters: parameters,
    StorageDescriptor:
      storage.format === 'parquet'
        ? {
            Columns: columns,
            Location: location,
            InputFormat: formats.parquetInput,
            OutputFormat: formats.parquetOutput,
            SerdeInfo: { SerializationLibrary: formats.parquetSerde, Parameters: { 'serialization.format': '1' } },
          }
        : {
            Columns: columns,
            Location: location,
            InputFormat: formats.textInput,
            OutputFormat: formats.textOutput,
            SerdeInfo: storage.format === 'jsonl' ? jsonSerde(table, storage) : csvSerde(storage),
          },
  };
}

/** The inverse of toTableInput, also tolerant of tables Polder did not create. */
export function fromGlueTable(database: string, table: Table): TableDefinition {
  const sd = table.StorageDescriptor ?? {};
  const params = table.Parameters ?? {};
  const serde = sd.SerdeInfo?.SerializationLibrary ?? '';
  const serdeParams = sd.SerdeInfo?.Parameters ?? {};
  const columns: TableColumn[] = [...(sd.Columns ?? []), ...(table.PartitionKeys ?? [])].map((c) => ({
    name: c.Name ?? '',
    type: fromHiveType(c.Type ?? 'string'),
  }));
  const stored = params[locationsParam];
  const locations = stored ? (JSON.parse(stored) as string[]) : sd.Location ? [sd.Location] : [];
  const isParquet = serde === formats.parquetSerde || params.classification === 'parquet';
  const headerRows = Number(params['skip.header.line.count'] ?? '0');
  const storage: TableDefinition['storage'] = isParquet
    ? { format: 'parquet' }
    : serde === formats.openxJsonSerde
      ? { format: 'jsonl', keys: Object.fromEntries(columns.map((c) => [c.name, serdeParams[mappingParam(c.name)] ?? c.name])) }
      : serde === formats.openCsvSerde
      ? {
          format: 'csv',
          delimiter: serdeParams.separatorChar ?? ',',
          quote: serdeParams.quoteChar ?? params[quoteParam] ?? '"',
          encoding: 'utf-8',
          headerRows,
        }
      : {
          format: 'csv',
          delimiter: serdeParams['field.delim'] ?? serdeParams['serialization.format'] ?? ',',
          quote: params[quoteParam] ?? '"',
          encoding: /^(windows-|cp)1252$/i.test(serdeParams['serialization.encoding'] ?? '') ? 'windows-1252' : 'utf-8',
          headerRows,
        };
  const definition: TableDefinition = { database, name: table.Name ?? '', columns, locations, storage };
  if (table.Description !== undefined) definition.description = table.Description;
  const own = Object.entries(params).filter(([key]) => key.startsWith(ownParamPrefix));
  if (own.length > 0) definition.parameters = Object.fromEntries(own.map(([key, value]) => [key.slice(ownParamPrefix.length), value]));
  return definition;
}
