import type { ColumnTest } from '../../schemas/model';
import type { TableColumn } from '../ports';
import { quoteIdent, quoteString } from '../sql/quote';
import type { ModelDef } from './load';

/**
 * A model's data tests, input/output counts and reconciliations compiled to one Trino query over the new build
 * (registered as a candidate table). One row per check: kind, name, column, failures, and for counts and
 * reconciliations the values compared.
 */

export type CheckKind = 'input' | 'output' | 'not_null' | 'unique' | 'accepted_values' | 'relationships' | 'expression' | 'reconciliation' | 'type';

export interface CheckResult {
  kind: CheckKind;
  name: string;
  column?: string;
  failures: number;
  passed: boolean;
  modelValue?: number;
  sourceValue?: number;
  message: string;
}

export interface ModelCheckResult {
  model: string;
  table: string;
  rowsOut: number;
  /** Row count of every table the model reads. */
  inputs: Record<string, number>;
  tests: CheckResult[];
  reconciliations: CheckResult[];
  passed: boolean;
}

const id = quoteIdent;

function testName(test: ColumnTest, column: string): { kind: CheckKind; name: string } {
  if (test === 'not_null' || test === 'unique') return { kind: test, name: `${test}(${column})` };
  if ('accepted_values' in test) return { kind: 'accepted_values', name: test.name ?? `accepted_values(${column})` };
  return { kind: 'relationships', name: test.name ?? `relationships(${column} → ${test.relationships.to}.${test.relationships.field})` };
}

function columnTestCount(test: ColumnTest, column: string, from: string): string {
  const col = `${id(column)}`;
  if (test === 'not_null') return `select count(*) from ${from} where ${col} is null`;
  if (test === 'unique') {
    return `select coalesce(sum(dup.n), 0) from (select count(*) as n from ${from} where ${col} is not null group by ${col} having count(*) > 1) as dup`;
  }
  if ('accepted_values' in test) {
    const values = test.accepted_values.map((v) => quoteString(String(v))).join(', ');
    return `select count(*) from ${from} where ${col} is not null and cast(${col} as varchar) not in (${values})`;
  }
  const { to, field } = test.relationships;
  return `select count(*) from ${from} as m where m.${col} is not null and not exists (select 1 from ${id(to)} as r where r.${id(field)} = m.${col})`;
}

interface Part {
  kind: CheckKind;
  name: string;
  column?: string;
  failures: string;
  modelValue?: string;
  sourceValue?: string;
}

function row(p: Part): string {
  const num = (e: string | undefined) => (e ? `cast((${e}) as double)` : 'cast(null as double)');
  return `select ${quoteString(p.kind)} as check_kind, ${quoteString(p.name)} as check_name, ${
    p.column ? quoteString(p.column) : 'cast(null as varchar)'
  } as column_name, cast((${p.failures}) as bigint) as failures, ${num(p.modelValue)} as model_value, ${num(p.sourceValue)} as source_value`;
}

/**
 * The checks query. `candidate` is the table over the new build; `inputs` the tables the model reads; `render`
 * applies the model's templating to test expressions (e.g. `{{min_published_count}}`).
 */
export function checksQuery(model: ModelDef, candidate: string, inputs: readonly string[], render: (text: string) => string = (t) => t): string {
  const from = id(candidate);
  const parts: Part[] = [];
  for (const table of inputs) parts.push({ kind: 'input', name: table, failures: '0', modelValue: `select count(*) from ${id(table)}` });
  parts.push({ kind: 'output', name: model.table, failures: '0', modelValue: `select count(*) from ${from}` });
  for (const column of model.file.columns) {
    for (const test of column.tests) parts.push({ ...testName(test, column.name), column: column.name, failures: columnTestCount(test, column.name, from) });
  }
  for (const test of model.file.tests) {
    parts.push({ kind: 'expression', name: test.name ?? test.expression, failures: `select count(*) from ${from} where not coalesce((${render(test.expression)}), false)` });
  }
  for (const r of model.file.reconciliations) {
    const mv = `select ${render(r.model)} from ${from}`;
    const sv = `select ${render(r.source_value)} from ${id(r.source)}`;
    parts.push({
      kind: 'reconciliation',
      name: r.name,
      modelValue: mv,
      sourceValue: sv,
      // compared in readChecks, with the tolerance
      failures: '0',
    });
  }
  return parts.map(row).join('\nunion all\n');
}

const normalType = (t: string) => t.toLowerCase().replace(/\s+/g, '').replace(/^(varchar|char)\(\d+\)$/, 'varchar').replace(/^integer$/, 'int');

const fmt = (n: number | undefined) => (n === undefined ? 'NULL' : Number.isInteger(n) ? n.toLocaleString('nl-NL') : n.toLocaleString('nl-NL', { maximumFractionDigits: 4 }));

function message(kind: CheckKind, name: string, column: string | undefined, failures: number, mv?: number, sv?: number): string {
  switch (kind) {
    case 'input':
      return `${name}: ${fmt(mv)} rijen gelezen`;
    case 'output':
      return `${name}: ${fmt(mv)} rijen gemaakt`;
    case 'reconciliation':
      return `${name}: model ${fmt(mv)}, bron ${fmt(sv)}${failures ? ' — telt niet op' : ' — klopt'}`;
    case 'not_null':
      return failures ? `${column} is leeg in ${fmt(failures)} rijen` : `${column} is nooit leeg`;
    case 'unique':
      return failures ? `${column} is niet uniek: ${fmt(failures)} rijen delen een waarde` : `${column} is uniek`;
    case 'accepted_values':
      return failures ? `${column} heeft in ${fmt(failures)} rijen een waarde buiten de lijst (${name})` : `${column}: alleen toegestane waarden`;
    case 'relationships':
      return failures ? `${name}: ${fmt(failures)} rijen verwijzen naar iets wat niet bestaat` : `${name}: elke verwijzing bestaat`;
    case 'expression':
      return failures ? `${fmt(failures)} rijen voldoen niet aan: ${name}` : `elke rij voldoet aan: ${name}`;
    case 'type':
      return name;
  }
}

function reconciles(model: ModelDef, name: string, mv: number | undefined, sv: number | undefined): boolean {
  const tolerance = model.file.reconciliations.find((r) => r.name === name)?.tolerance ?? 0;
  if (mv === undefined || sv === undefined) return mv === sv;
  return Math.abs(mv - sv) <= tolerance;
}

type Cell = string | number | boolean | null | bigint;

/** Reads the checks query's rows (and the new build's columns against the declared types) into a result. */
export function readChecks(model: ModelDef, rows: readonly Record<string, Cell>[], columns: readonly TableColumn[]): ModelCheckResult {
  const num = (v: Cell | undefined) => (v === null || v === undefined ? undefined : Number(v));
  const inputs: Record<string, number> = {};
  const tests: CheckResult[] = [];
  const reconciliations: CheckResult[] = [];
  let rowsOut = 0;
  for (const r of rows) {
    const kind = String(r.check_kind) as CheckKind;
    const name = String(r.check_name);
    const column = r.column_name === null || r.column_name === undefined ? undefined : String(r.column_name);
    const mv = num(r.model_value);
    const sv = num(r.source_value);
    const failures = kind === 'reconciliation' ? (reconciles(model, name, mv, sv) ? 0 : 1) : (num(r.failures) ?? 0);
    if (kind === 'input') inputs[name] = mv ?? 0;
    else if (kind === 'output') rowsOut = mv ?? 0;
    const result: CheckResult = { kind, name, ...(column ? { column } : {}), failures, passed: failures === 0, message: message(kind, name, column, failures, mv, sv) };
    if (kind === 'reconciliation') reconciliations.push({ ...result, ...(mv !== undefined ? { modelValue: mv } : {}), ...(sv !== undefined ? { sourceValue: sv } : {}) });
    else if (kind !== 'input' && kind !== 'output') tests.push(result);
  }
  const actual = new Map(columns.map((c) => [c.name, c.type]));
  for (const column of model.file.columns) {
    const have = actual.get(column.name);
    if (have === undefined) {
      tests.push({ kind: 'type', name: `kolom ${column.name} ontbreekt in de uitvoer (beschreven in ${model.path.replace(/\.sql$/, '.yaml')})`, column: column.name, failures: 1, passed: false, message: '' });
    } else if (column.type && normalType(column.type) !== normalType(have)) {
      tests.push({ kind: 'type', name: `${column.name} is ${have}, beschreven als ${column.type}`, column: column.name, failures: 1, passed: false, message: '' });
    }
  }
  for (const t of tests) if (t.kind === 'type') t.message = t.name;
  const passed = tests.every((t) => t.passed) && reconciliations.every((t) => t.passed);
  return { model: model.name, table: model.table, rowsOut, inputs, tests, reconciliations, passed };
}
