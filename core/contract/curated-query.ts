import type { Contract } from '../../schemas/contract';
import type { PreambleValue } from '../../schemas/payloads';
import type { TableColumn } from '../ports';
import { quoteIdent as id, quoteString as lit } from '../sql/quote';
import { unload } from '../sql/unload';
import { slotsOf } from './checks';
import { coordinateColumns, coordinateOutputs } from './coordinates';
import { ContractError } from './parse';
import { generalisable, generaliseSql, privacyOf, pseudonymSql } from './privacy';
import { fileColumns } from './preamble';
import { checkHeader } from './raw-table';
import { typedCtes } from './typed-rows';
import { typePlan } from './types';

/**
 * Contract → the curated query: the typed, privacy-treated rows of a load that passed the checks, as Trino SQL.
 */

/** Curated type of a column after privacy: pseudonyms are hex text; generalised values per type (core/contract/privacy.ts). */
function curatedType(contract: Contract, i: number): string | undefined {
  const col = contract.columns[i];
  if (!col) return undefined;
  const action = privacyOf(col);
  if (action === 'drop') return undefined;
  if (action === 'pseudonymise') return 'varchar';
  if (action === 'generalise') return generalisable[col.type]?.sqlType ?? 'varchar';
  return typePlan(col, contract.file).sqlType;
}

/**
 * Columns of the curated table: contract order, dropped columns left out, then `_line` (line in the raw file) and
 * `_load` (the load the row came from: with append and upsert, rows of earlier loads stay).
 */
export function curatedColumns(contract: Contract): TableColumn[] {
  const columns: TableColumn[] = [];
  contract.columns.forEach((col, i) => {
    const type = curatedType(contract, i);
    if (type) columns.push({ name: col.name, type });
  });
  columns.push(...coordinateColumns(contract));
  columns.push({ name: '_line', type: 'bigint' }, { name: '_load', type: 'varchar' });
  return columns;
}

export interface TypedOptions {
  rawTable: string;
  /** Quarantine table of this load: rows with a reject_row violation there are left out. */
  quarantineTable: string;
  /** The tenant's pseudonym key table (one row, column `key`): the key itself never enters the SQL. */
  pseudonymKeyTable: string;
  /** Per file position: the contract column it holds; default: the table's columns in contract order. */
  header?: readonly (string | null)[];
  /** The load's preamble lines (validateOutput.preamble): the values of the contract's preamble columns. */
  preamble?: readonly PreambleValue[];
  /** When given, the result is an UNLOAD to this folder; otherwise the bare select. */
  curatedUri?: string;
  /** The load these rows come from (the curated `_load` column). */
  loadId: string;
  /**
   * The curated table as it is before this load. With load.policy append its rows are kept; with upsert, those
   * whose primary key is not in this load. Columns are matched by name (a column it lacks becomes NULL).
   * Each load's folder thus holds the whole dataset after that load.
   */
  previous?: {
    table: string;
    columns: readonly TableColumn[];
    /** Loads in that table from later events than this one: under upsert their rows win over this load's. */
    newerLoads?: readonly string[];
  };
}

/**
 * The typed, privacy-treated rows that passed the checks: the same typing CTEs as the checks query (so the same
 * text gives the same value) and an anti-join on line against the quarantine rows with severity reject_row.
 */
export function typedSelect(contract: Contract, opts: TypedOptions): string {
  const header = opts.header ?? fileColumns(contract).map((c) => c.name);
  checkHeader(contract, header);
  const slots = slotsOf(contract, header, opts.preamble);
  if (!opts.pseudonymKeyTable && contract.columns.some((c) => privacyOf(c) === 'pseudonymise')) {
    throw new ContractError(contract.id, ['a pseudonym key table is needed: the contract has columns to pseudonymise']);
  }
  const outputs: string[] = [];
  const curatedExpr = new Map<string, string>();
  for (const slot of slots) {
    const action = privacyOf(slot.col);
    if (action === 'drop') continue;
    const expr =
      action === 'pseudonymise'
        ? `case when ${slot.typed} is not null then ${pseudonymSql(slot.typed, opts.pseudonymKeyTable)} end`
        : action === 'generalise'
          ? generaliseSql(slot.col, slot.typed)
          : slot.typed;
    outputs.push(`${expr} as ${slot.typed}`);
    curatedExpr.set(slot.col.name, expr);
  }
  outputs.push(...coordinateOutputs(contract, (column) => curatedExpr.get(column) ?? 'null'));
  outputs.push(id('_line'), `cast(${lit(opts.loadId)} as varchar) as ${id('_load')}`);
  const t = id('_typed');
  const q = id('_q');
  const fresh = `select ${outputs.join(',\n  ')}
from ${t}
where not exists (
  select 1 from ${id(opts.quarantineTable)} as ${q}
  where ${q}.${id('line')} = ${t}.${id('_line')} and ${q}.${id('severity')} = 'reject_row'
)`;
  const ctes = typedCtes(contract, opts.rawTable, slots, header, true);
  const policy = contract.load.policy;
  const select =
    opts.previous && policy !== 'replace'
      ? `with ${ctes},\n${id('_new')} as (\n${fresh}\n)\n${freshRows(contract, opts.previous)}\nunion all\n${keptRows(contract, opts.previous)}`
      : `with ${ctes}\n${fresh}`;
  return opts.curatedUri ? unload(select, opts.curatedUri, 'PARQUET') : select;
}

/** Rows of the previous curated table that stay (append: all; upsert: keys this load does not bring), in curated columns. */
function keptRows(contract: Contract, previous: Previous): string {
  const had = new Set(previous.columns.map((c) => c.name));
  const p = id('_p');
  const columns = curatedColumns(contract).map(
    (c) => `cast(${had.has(c.name) ? `${p}.${id(c.name)}` : 'null'} as ${c.type}) as ${id(c.name)}`,
  );
  const rows = `select ${columns.join(', ')}\nfrom ${id(previous.table)} as ${p}`;
  if (contract.load.policy !== 'upsert') return rows;
  const n = id('_n');
  const same = contract.keys.primary.map((k) => `${n}.${id(k)} = ${p}.${id(k)}`).join(' and ');
  const replaced = `not exists (select 1 from ${id('_new')} as ${n} where ${same})`;
  const newer = newerLoads(contract, previous);
  // a load from a later event, published first, keeps its rows (freshRows leaves out this load's for those keys)
  if (newer) return `${rows}\nwhere ${p}.${id('_load')} in (${newer}) or ${replaced}`;
  return `${rows}\nwhere ${replaced}`;
}

type Previous = NonNullable<TypedOptions['previous']>;

/** Upsert with loads of later events in the previous table: their ids as a SQL list. */
function newerLoads(contract: Contract, previous: Previous): string | undefined {
  const loads = previous.newerLoads ?? [];
  if (contract.load.policy !== 'upsert' || loads.length === 0 || !previous.columns.some((c) => c.name === '_load')) return undefined;
  return loads.map(lit).join(', ');
}

/** This load's new rows, without those whose key a load of a later event already brought (upsert). */
function freshRows(contract: Contract, previous: Previous): string {
  const newer = newerLoads(contract, previous);
  if (!newer) return `select * from ${id('_new')}`;
  const n = id('_n');
  const w = id('_w');
  const same = contract.keys.primary.map((k) => `${w}.${id(k)} = ${n}.${id(k)}`).join(' and ');
  return `select * from ${id('_new')} as ${n}\nwhere not exists (select 1 from ${id(previous.table)} as ${w} where ${w}.${id('_load')} in (${newer}) and ${same})`;
}
