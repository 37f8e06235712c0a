import type { Contract } from '../../schemas/contract';
import type { TableDefinition } from '../ports';
import { ContractError } from './parse';

/**
 * The raw table (`raw_<dataset>`, core/tables.ts): the upload of the load being validated as a table, every
 * column text, and what the queries over it need to know about the file's lines and columns.
 */

/** Lines before the first row: a CSV file's preamble and header line; a JSON lines file has none. */
export function headerRows(contract: Contract): number {
  const file = contract.file;
  return file.format === 'csv' ? file.header_line - 1 + (file.header ? 1 : 0) : 0;
}

/**
 * Can a row span several lines? In CSV a quoted value may hold line breaks; in JSON lines each row is one line (a
 * JSON string writes a line break as `\n`, which the value holds as a real line break but which ends no line).
 */
export function rowsSpanLines(contract: Contract): boolean {
  return contract.file.format === 'csv';
}

/** Name of a file column that the contract does not know (1-based position), kept unique against contract names. */
export function extraColumnName(contract: Contract, position: number): string {
  const taken = new Set(contract.columns.map((c) => c.name));
  let name = `extra_${position}`;
  while (taken.has(name)) name = `_${name}`;
  return name;
}

/** Header names must be contract columns, each once. */
export function checkHeader(contract: Contract, header: readonly (string | null)[]): void {
  const known = new Set(contract.columns.map((c) => c.name));
  const seen = new Set<string>();
  const problems: string[] = [];
  header.forEach((h, i) => {
    if (h === null) return;
    if (!known.has(h)) problems.push(`header[${i}]: "${h}" is not a column of the contract`);
    if (seen.has(h)) problems.push(`header[${i}]: "${h}" appears twice`);
    seen.add(h);
  });
  if (problems.length > 0) throw new ContractError(contract.id, problems);
}

export interface RawTableOptions {
  database: string;
  /** Folder URI of the load (one file). */
  location: string;
  /** Per file position: the contract column it holds, or null for an extra column. */
  header: readonly (string | null)[];
  /** The load's own raw table (core/tables.ts rawTableName). */
  name: string;
}

/**
 * The raw upload as a table: every column varchar, named after the contract column it holds. CSV: the columns in
 * file order. JSON lines: every contract column, read by its key (`source`, else its name); a key a line lacks is NULL.
 */
export function rawTable(contract: Contract, opts: RawTableOptions): TableDefinition {
  checkHeader(contract, opts.header);
  const base = {
    database: opts.database,
    name: opts.name,
    locations: [opts.location],
    description: `${contract.title} — raw upload, all columns as text`,
  };
  if (contract.file.format !== 'csv') {
    // GeoJSON and JSON documents are read through their JSON lines copy (core/geojson, core/json-document)
    // every column, whatever the head showed: a key missing from the head may come later, and reads NULL where not
    return {
      ...base,
      columns: contract.columns.map((c) => ({ name: c.name, type: 'varchar' })),
      storage: { format: 'jsonl', keys: Object.fromEntries(contract.columns.map((c) => [c.name, c.source ?? c.name])) },
    };
  }
  if (contract.file.format !== 'csv') {
    throw new ContractError(contract.id, [`file.format: ${contract.file.format} files are not read (see file.format in the contract docs)`]);
  }
  return {
    ...base,
    columns: opts.header.map((h, i) => ({ name: h ?? extraColumnName(contract, i + 1), type: 'varchar' })),
    storage: {
      format: 'csv',
      delimiter: contract.file.delimiter,
      quote: contract.file.quote,
      encoding: contract.file.encoding,
      headerRows: headerRows(contract),
    },
  };
}

