/**
 * Publishing an analysis under disclosure control: its rows (written to a staging folder by its query) and the rows of
 * the analyses it is linked with (read by their SQL) go through protectTables; the published table is then written
 * by one UNLOAD that hides the suppressed cells (their measures NULL, `suppressed` true) and rounds counts when asked.
 * A table that cannot be protected is not published: the previous table stays registered.
 */
import type { BuildStep } from '../../schemas/payloads';
import type { Ports, Row, TableColumn } from '../ports';
import { quoteIdent as id, quoteString as lit } from '../sql/quote';
import { unload } from '../sql/unload';
import { scratchTableName } from '../tables';
import { type DisclosureTable, protectTables } from './disclosure';

/** The column every published analysis under disclosure control carries. */
export const suppressedColumn = 'suppressed';

const text = (v: unknown): string => (v === null || v === undefined ? 'cast(null as varchar)' : lit(String(v)));

/**
 * The published rows: the staged table with the hidden cells' measures NULL. `hidden` holds the dimension values of
 * each suppressed row (as text); dimensions are compared as text, NULL equal to NULL.
 */
export function publishedSelect(
  staged: string,
  columns: readonly TableColumn[],
  opts: { dimensions: readonly string[]; counts: readonly string[]; roundTo?: number; hidden: readonly Record<string, unknown>[] },
): string {
  const s = id('_s');
  const k = id('_k');
  const hide = id('_hide');
  const keys = opts.dimensions.map((d, i) => id(`_d${i}`));
  const rows = opts.hidden.map((r) => `(${[...opts.dimensions.map((d) => text(r[d])), 'true'].join(', ')})`);
  const hiddenSql =
    rows.length > 0
      ? `(values ${rows.join(', ')}) as ${k}(${[...keys, hide].join(', ')})`
      : `(select ${[...keys.map((key) => `cast(null as varchar) as ${key}`), `true as ${hide}`].join(', ')} where false) as ${k}`;
  const select = columns
    .filter((c) => c.name !== suppressedColumn)
    .map((c) => {
      const col = `${s}.${id(c.name)}`;
      if (opts.dimensions.includes(c.name)) return `${col} as ${id(c.name)}`;
      const value = opts.counts.includes(c.name) && opts.roundTo ? `cast(round(${col} / ${opts.roundTo}.0) * ${opts.roundTo} as ${c.type})` : col;
      return `case when ${k}.${hide} then null else ${value} end as ${id(c.name)}`;
    });
  const on = opts.dimensions.map((d, i) => `cast(${s}.${id(d)} as varchar) is not distinct from ${keys[i]}`).join(' and ');
  // a build that suppresses some rows itself keeps them suppressed
  const own = columns.some((c) => c.name === suppressedColumn) ? ` or coalesce(${s}.${id(suppressedColumn)}, false)` : '';
  return `select ${[...select, `(coalesce(${k}.${hide}, false)${own}) as ${id(suppressedColumn)}`].join(',\n  ')}\nfrom ${id(staged)} as ${s}\nleft join ${hiddenSql} on ${on}`;
}

export interface DisclosedPublish {
  rowsIn: number;
  suppressed: number;
  /** Where the protected copy is and its columns (with `suppressed`); absent when withheld. */
  published?: { location: string; columns: TableColumn[] };
  /** Why the build is not published (the previous table stays). */
  withheld?: string;
}

type Disclosed = NonNullable<BuildStep['disclosure']>;

/**
 * Protects a build before it is published: its rows (at `location`) and the rows of the analyses it is linked with go
 * through protectTables; the protected copy is written to `disclosure.published` by one UNLOAD.
 */
export async function protectBuild(
  ports: Ports,
  step: BuildStep & { disclosure: Disclosed; table: { name: string; columns: TableColumn[] } },
): Promise<DisclosedPublish> {
  const d = step.disclosure;
  const opts = { tenant: step.tenant, database: step.database };
  const scratch = scratchTableName(step.table.name);
  await ports.catalog.putTable({ database: step.database, name: scratch, locations: [step.location], columns: step.table.columns, storage: { format: 'parquet' } });
  try {
    const own = (await ports.engine.query(`select * from ${id(scratch)}`, opts)).rows;
    const tables: DisclosureTable[] = [{ name: step.name, rows: own, dimensions: d.dimensions, counts: d.counts, total: d.total }];
    for (const r of d.related) tables.push({ name: r.name, rows: (await ports.engine.query(r.sql, opts)).rows, dimensions: r.dimensions, counts: r.counts, total: r.total });
    const result = protectTables(tables, d.links, { threshold: d.threshold, roundTo: d.roundTo });
    const failed = result.failed.find((f) => f.name === step.name);
    if (failed) return { rowsIn: own.length, suppressed: 0, withheld: `${step.table.name}: ${failed.reason}` };
    const hidden = own.filter((_, i) => result.tables[0]?.suppressed[i]);
    await ports.engine.query(unload(publishedSelect(scratch, step.table.columns, { ...d, hidden }), d.published), opts);
    const columns = [...step.table.columns.filter((c) => c.name !== suppressedColumn), { name: suppressedColumn, type: 'boolean' }];
    return { rowsIn: own.length, suppressed: hidden.length, published: { location: d.published, columns } };
  } finally {
    await ports.catalog.deleteTable(step.database, scratch);
  }
}
