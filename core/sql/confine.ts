import type { Language } from '../../schemas/language';
import { parseS3Uri } from '../keys';
import { tablePrefix, type Zone, zone, zones } from '../names';
import type { Catalog, TableDefinition } from '../ports';
import { type SqlReferences, sqlReferences } from './references';

/**
 * SQL confinement: user queries (`polder query`) and pack models (marts, analyses) read only the tenant's own
 * published tables — curated, marts, results. Never a raw table or query copy (they hold every column of the
 * upload, also those the contract drops or pseudonymises), never quarantine (rejected values, personal ones too),
 * never another schema (another tenant), never a function or statement that reaches files or settings.
 * `confine` is pure: it takes the parsed references (core/sql/references.ts) and the tenant's tables and returns
 * what it refuses, in the tenant's language (Dutch by default, English on request), each with why. It is an allow-list: only `query` statements and only tables whose zone
 * is published pass. Offline the engine is also locked down (adapters/local/duckdb-engine.ts, `lockdown`), and in
 * AWS the tenant's role reaches nothing else (docs/architecture.md, "Tenant isolation").
 */

/** Where a table's files live: its lake zone, when they are all in one zone of this tenant. */
export type TableZone = Zone | 'other';

export const publishedZones: ReadonlySet<TableZone> = new Set([zone.curated, zone.marts, zone.results]);

export interface ConfineScope {
  tenant: string;
  /** The tenant's database (`polder_<tenant>`): the only schema a name may be qualified with. */
  database: string;
  /** Zone of each table in the tenant's database, by lowercased name. A name not in it does not exist. */
  tables: ReadonlyMap<string, TableZone>;
}

export interface Refusal {
  /** What was refused: `tabel "raw_trees"`, `functie "read_csv"`, `opdracht SetSession` (`table "raw_trees"` in English). */
  subject: string;
  /** Why, and what to use instead. */
  reason: string;
}

/** The words of a refusal, per language. */
const words = {
  nl: {
    refused: (what: string) => `${what} geweigerd`,
    table: (name: string) => `tabel "${name}"`,
    fn: (name: string) => `functie "${name}"`,
    statement: (kind: string) => `opdracht ${kind}`,
    several: 'meerdere opdrachten',
    otherSchema: (tenant: string, database: string) =>
      `valt buiten de database van tenant ${tenant} (${database}); een query leest alleen eigen tabellen, zonder schema of met ${database}.`,
    raw: (curated: string) =>
      `ruwe tabellen en querykopieën zijn niet te bevragen: ze bevatten de upload zoals die binnenkwam, ook kolommen die het contract weglaat of pseudonimiseert. Lees de gecureerde tabel ("${curated}").`,
    quarantine: 'quarantaine bevat afgekeurde waarden zoals ze binnenkwamen, ook persoonsgegevens; zie het rapport van de load (polder report <load-id>).',
    unknown: (tenant: string, known: string[]) => `bestaat niet bij tenant ${tenant}. Te lezen: ${known.length ? known.join(', ') : 'nog geen tabellen'}.`,
    unpublished: 'is geen gepubliceerde tabel (gecureerd, mart of resultaat) van deze tenant.',
    onlyQuery: 'alleen een query (select, with, values) is toegestaan.',
    oneAtATime: 'één query tegelijk.',
    outsideFunction: 'leest bestanden, instellingen of andere bronnen buiten de tabellen van de tenant; lees een gepubliceerde tabel.',
    fileFunction: 'leest bestanden buiten de tabellen van de tenant; lees een gepubliceerde tabel.',
    invalid: (error: string) => `is geen geldige Trino-SQL (${error}).`,
  },
  en: {
    refused: (what: string) => `${what} refused`,
    table: (name: string) => `table "${name}"`,
    fn: (name: string) => `function "${name}"`,
    statement: (kind: string) => `statement ${kind}`,
    several: 'several statements',
    otherSchema: (tenant: string, database: string) =>
      `is outside the database of tenant ${tenant} (${database}); a query reads only the tenant's own tables, without a schema or with ${database}.`,
    raw: (curated: string) =>
      `raw tables and query copies cannot be queried: they hold the upload as it came in, also columns the contract drops or pseudonymises. Read the curated table ("${curated}").`,
    quarantine: 'quarantine holds rejected values as they came in, personal data too; see the report of the load (polder report <load-id>).',
    unknown: (tenant: string, known: string[]) => `does not exist for tenant ${tenant}. Readable: ${known.length ? known.join(', ') : 'no tables yet'}.`,
    unpublished: 'is not a published table (curated, mart or result) of this tenant.',
    onlyQuery: 'only a query (select, with, values) is allowed.',
    oneAtATime: 'one query at a time.',
    outsideFunction: "reads files, settings or other sources outside the tenant's tables; read a published table.",
    fileFunction: "reads files outside the tenant's tables; read a published table.",
    invalid: (error: string) => `is not valid Trino SQL (${error}).`,
  },
} satisfies Record<Language, unknown>;

export class ConfinementError extends Error {
  override name = 'ConfinementError';
  constructor(
    readonly what: string,
    readonly refusals: readonly Refusal[],
    language: Language = 'nl',
  ) {
    super(`${words[language].refused(what)}:\n${refusals.map((r) => `- ${r.subject}: ${r.reason}`).join('\n')}`);
  }
}

/** Functions that reach files, the network, settings or the engine's own state (DuckDB names and Trino's). */
const outsideFunctions =
  /^(read_\w*|parquet_\w*|sniff_csv|glob|current_setting|getenv|duckdb_\w*|pragma_\w*|which_secret|query|query_table|iceberg_\w*|delta_\w*|sqlite_\w*|postgres_\w*|mysql_\w*|checkpoint|force_checkpoint|load_\w*|install_\w*|json_execute_serialized_sql|system\.\w*)$/;

/** The zone a table reads from: every location under `<zone>/<tenant>/`, else `other`. */
export function tableZone(table: Pick<TableDefinition, 'locations'>, tenant: string): TableZone {
  const found = new Set(
    table.locations.map((uri): TableZone => {
      const [first = '', owner = ''] = parseS3Uri(uri).key.split('/');
      const z = zones.find((candidate) => candidate === first);
      return owner === tenant && z && z !== zone.reports ? z : 'other';
    }),
  );
  return found.size === 1 ? ([...found][0] as TableZone) : 'other';
}

function tableRefusal(parts: string[], scope: ConfineScope, language: Language): Refusal | undefined {
  const w = words[language];
  const name = parts[parts.length - 1] ?? '';
  const subject = w.table(parts.join('.'));
  const schema = parts.length >= 2 ? parts[parts.length - 2] : undefined;
  if (parts.length > 2 || (schema !== undefined && schema !== scope.database)) {
    return { subject, reason: w.otherSchema(scope.tenant, scope.database) };
  }
  const where = scope.tables.get(name);
  if (name.startsWith(tablePrefix.raw) || where === zone.raw || where === zone.decoded) {
    return { subject, reason: w.raw(name.startsWith(tablePrefix.raw) ? name.slice(tablePrefix.raw.length) : name) };
  }
  if (name.startsWith(tablePrefix.quarantine) || where === zone.quarantine) {
    return { subject, reason: w.quarantine };
  }
  if (where === undefined) {
    const known = [...scope.tables].filter(([, z]) => publishedZones.has(z)).map(([n]) => n).sort();
    return { subject, reason: w.unknown(scope.tenant, known) };
  }
  if (!publishedZones.has(where)) {
    return { subject, reason: w.unpublished };
  }
  return undefined;
}

/** What the statement may not do within `scope`, said in `language`; empty when it may run. */
export function confine(refs: SqlReferences, scope: ConfineScope, language: Language = 'nl'): Refusal[] {
  const w = words[language];
  const refusals: Refusal[] = [];
  const seen = new Set<string>();
  const add = (refusal: Refusal | undefined) => {
    if (!refusal || seen.has(refusal.subject)) return;
    seen.add(refusal.subject);
    refusals.push(refusal);
  };
  for (const kind of refs.statements) {
    if (kind !== 'query') add({ subject: w.statement(kind), reason: w.onlyQuery });
  }
  if (refs.statements.length > 1 && refs.errors.length === 0) add({ subject: w.several, reason: w.oneAtATime });
  for (const name of [...refs.functions, ...refs.tableFunctions]) {
    if (outsideFunctions.test(name) || refs.tableFunctions.includes(name) || name.includes('.')) {
      add({ subject: w.fn(name), reason: w.outsideFunction });
    }
  }
  // A file function in FROM (DuckDB style) is no Trino; the parser still sees its name as a table.
  for (const parts of refs.tables) {
    const name = parts.join('.');
    if (outsideFunctions.test(name)) {
      add({ subject: w.fn(name), reason: w.fileFunction });
    } else add(tableRefusal(parts, scope, language));
  }
  if (refusals.length === 0 && refs.errors.length > 0) {
    add({ subject: 'SQL', reason: w.invalid(refs.errors[0] ?? '') });
  }
  return refusals;
}

/** The zones of the tables a statement names, read from the catalog (the model check in plan). */
export async function scopeFromCatalog(
  refs: SqlReferences,
  opts: { tenant: string; database: string; catalog: Pick<Catalog, 'getTable'> },
): Promise<ConfineScope> {
  const tables = new Map<string, TableZone>();
  for (const parts of refs.tables) {
    const name = parts[parts.length - 1] ?? '';
    if (parts.length > 2 || (parts.length === 2 && parts[0] !== opts.database) || tables.has(name)) continue;
    const table = await opts.catalog.getTable(opts.database, name);
    if (table) tables.set(name, tableZone(table, opts.tenant));
  }
  return { tenant: opts.tenant, database: opts.database, tables };
}

/** Parses and checks one statement; throws ConfinementError naming every refusal, in `language`. */
export async function assertConfined(
  what: string,
  sql: string,
  scopeOf: (refs: SqlReferences) => ConfineScope | Promise<ConfineScope>,
  language: Language = 'nl',
): Promise<void> {
  const refs = sqlReferences(sql);
  const refusals = confine(refs, await scopeOf(refs), language);
  if (refusals.length > 0) throw new ConfinementError(what, refusals, language);
}
