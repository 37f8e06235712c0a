import { join } from 'node:path';
import { tenantDatabase } from '../../core/tables';
import type { QueryResult } from '../../core/ports';
import type { Language } from '../../schemas/language';
import { assertConfined, publishedZones, tableZone } from '../../core/sql/confine';
import { DuckDbEngine } from '../../adapters/local/duckdb-engine';
import type { LocalPorts } from './runtime';

/**
 * `polder query`: a user's statement, checked against the tenant's published tables (core/sql/confine.ts), then run
 * on an engine of its own that holds only those tables' views and is locked down before the statement runs.
 */
export async function runUserQuery(
  ports: Pick<LocalPorts, 'catalog' | 'store'>,
  opts: { sql: string; tenant: string; workspace: string; compat: string[]; language?: Language },
): Promise<QueryResult> {
  const database = tenantDatabase(opts.tenant);
  const tables = await ports.catalog.listTables(database);
  const zones = new Map(tables.map((t) => [t.name.toLowerCase(), tableZone(t, opts.tenant)]));
  await assertConfined('query', opts.sql, () => ({ tenant: opts.tenant, database, tables: zones }), opts.language);
  const engine = new DuckDbEngine({
    catalog: ports.catalog,
    uriToPath: (uri) => ports.store.uriToPath(uri),
    cacheDir: join(opts.workspace, 'cache', 'utf8'),
    compatStatements: opts.compat,
    lockdown: { database, allows: (t) => publishedZones.has(tableZone(t, opts.tenant)) },
  });
  try {
    return await engine.query(opts.sql, { tenant: opts.tenant, database });
  } finally {
    engine.close();
  }
}
