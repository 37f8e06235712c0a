/**
 * Statistical disclosure control of published count tables, by the platform rather than by SQL convention.
 *
 * A published table declares its dimensions (the columns that name a cell) and its count measures (numbers of
 * persons, addresses, units). A cell whose count is 1 to threshold−1 is suppressed (primary); zero is no
 * disclosure and stays. A suppressed cell must not be recoverable from totals: every published total — a total row
 * in the same table (a dimension holding the total marker) or a cell of a linked table at a coarser level (a wijk
 * that is the sum of its buurten) — gives an equation `members = total`. Secondary suppression hides more cells until
 * no suppressed cell is determined by the published cells and these equations; that is checked exactly (Gaussian
 * elimination over the suppressed cells), not only by the "two per line" rule of thumb. A table for which no
 * protecting choice exists fails the check and is not published.
 */

export type Cell = string | number | bigint | boolean | null | undefined;
export type Row = Record<string, Cell>;

export interface DisclosureTable {
  name: string;
  rows: Row[];
  /** Columns that name a cell. */
  dimensions: string[];
  /** Count measures: numbers of persons or units, the ones the threshold applies to. */
  counts: string[];
  /** A dimension value that marks a total over that dimension (e.g. 'Totaal'); default none. */
  total?: string;
}

/** `child` rows roll up into `parent` rows: child column `by` holds the parent's `parentDimension` value. */
export interface DisclosureLink {
  child: string;
  parent: string;
  /** The child's finer dimension that the parent sums over (buurt_code). */
  childDimension: string;
  /** Column of the child naming its parent (wijk_code). */
  by: string;
  /** The parent's dimension with that value (wijk_code). */
  parentDimension: string;
}

export interface DisclosureOptions {
  /** Counts below this are suppressed; at least 5. */
  threshold: number;
  /** Round published counts to a multiple of this (5), after suppression. */
  roundTo?: number;
}

export interface DisclosedTable {
  name: string;
  rows: Row[];
  /** Per row: suppressed, and why. */
  suppressed: ('primary' | 'secondary' | null)[];
}

export interface DisclosureResult {
  tables: DisclosedTable[];
  /** Tables that could not be protected (not to be published), with the reason. */
  failed: { name: string; reason: string }[];
}

export const minimumThreshold = 5;

export class DisclosureError extends Error {
  override name = 'DisclosureError';
}

interface CellRef {
  table: number;
  row: number;
}

const num = (v: Cell): number => (v === null || v === undefined || v === '' ? 0 : Number(v));
const key = (row: Row, columns: readonly string[]): string => JSON.stringify(columns.map((c) => (row[c] === null || row[c] === undefined ? null : String(row[c]))));

/** The equations the published totals give: member cells and the total cell. */
function equations(tables: DisclosureTable[], links: DisclosureLink[]): { members: CellRef[]; total: CellRef }[] {
  const out: { members: CellRef[]; total: CellRef }[] = [];
  tables.forEach((t, ti) => {
    const total = t.total;
    if (total === undefined) return;
    // lines inside the table first, then the lines of totals over another dimension (each its own kind of line)
    for (const overTotals of [false, true]) {
      for (const d of t.dimensions) {
        const others = t.dimensions.filter((x) => x !== d);
        const lines = new Map<string, { members: CellRef[]; total?: CellRef }>();
        t.rows.forEach((r, ri) => {
          if (others.some((o) => String(r[o]) === total) !== overTotals) return;
          const k = key(r, others);
          const line = lines.get(k) ?? { members: [] };
          if (String(r[d]) === total) line.total = { table: ti, row: ri };
          else line.members.push({ table: ti, row: ri });
          lines.set(k, line);
        });
        for (const l of lines.values()) if (l.total && l.members.length > 0) out.push({ members: l.members, total: l.total });
      }
    }
  });
  for (const link of links) {
    const ci = tables.findIndex((t) => t.name === link.child);
    const pi = tables.findIndex((t) => t.name === link.parent);
    const child = tables[ci];
    const parent = tables[pi];
    if (!child || !parent) throw new DisclosureError(`link ${link.child} → ${link.parent}: both tables must be published together`);
    // the parent's other dimensions must match the child's (same name) for a child row to count in a parent cell
    const shared = parent.dimensions.filter((d) => d !== link.parentDimension && child.dimensions.includes(d));
    const parentRows = new Map<string, number>();
    parent.rows.forEach((r, ri) => parentRows.set(key({ ...r, _by: r[link.parentDimension] }, ['_by', ...shared]), ri));
    const groups = new Map<number, CellRef[]>();
    child.rows.forEach((r, ri) => {
      if (child.total !== undefined && child.dimensions.some((d) => String(r[d]) === child.total)) return;
      const p = parentRows.get(key({ ...r, _by: r[link.by] }, ['_by', ...shared]));
      if (p === undefined) return;
      const members = groups.get(p) ?? [];
      members.push({ table: ci, row: ri });
      groups.set(p, members);
    });
    for (const [p, members] of groups) out.push({ members, total: { table: pi, row: p } });
  }
  return out;
}

/**
 * Which suppressed cells can be computed exactly from the published cells and the equations (per count measure the
 * same equations hold, so one system serves them all): Gaussian elimination over the suppressed cells.
 */
export function disclosedCells(
  eqs: { members: CellRef[]; total: CellRef }[],
  hidden: (c: CellRef) => boolean,
): CellRef[] {
  const ids = new Map<string, number>();
  const refs: CellRef[] = [];
  const idOf = (c: CellRef): number => {
    const k = `${c.table}:${c.row}`;
    let i = ids.get(k);
    if (i === undefined) {
      i = refs.length;
      ids.set(k, i);
      refs.push(c);
    }
    return i;
  };
  // rows of the system over unknowns only (known values move to the right-hand side, which does not matter here)
  const rows: Map<number, number>[] = [];
  for (const e of eqs) {
    const row = new Map<number, number>();
    for (const m of e.members) if (hidden(m)) row.set(idOf(m), (row.get(idOf(m)) ?? 0) + 1);
    if (hidden(e.total)) row.set(idOf(e.total), (row.get(idOf(e.total)) ?? 0) - 1);
    for (const [k, v] of row) if (v === 0) row.delete(k);
    if (row.size > 0) rows.push(row);
  }
  // reduced row echelon form (exact enough: coefficients stay small integers and their ratios)
  const pivots: { col: number; row: Map<number, number> }[] = [];
  for (const r of rows) {
    let row = new Map(r);
    for (const p of pivots) {
      const f = row.get(p.col);
      if (f === undefined) continue;
      for (const [k, v] of p.row) {
        const nv = (row.get(k) ?? 0) - f * v;
        if (Math.abs(nv) < 1e-9) row.delete(k);
        else row.set(k, nv);
      }
    }
    if (row.size === 0) continue;
    const col = Math.min(...row.keys());
    const lead = row.get(col) ?? 1;
    row = new Map([...row].map(([k, v]) => [k, v / lead]));
    for (const p of pivots) {
      const f = p.row.get(col);
      if (f === undefined) continue;
      for (const [k, v] of row) {
        const nv = (p.row.get(k) ?? 0) - f * v;
        if (Math.abs(nv) < 1e-9) p.row.delete(k);
        else p.row.set(k, nv);
      }
    }
    pivots.push({ col, row });
  }
  return pivots.filter((p) => p.row.size === 1).map((p) => refs[p.col] as CellRef);
}

/** Suppresses small counts with secondary suppression over totals and linked levels; rounds when asked. */
export function protectTables(tables: DisclosureTable[], links: DisclosureLink[], opts: DisclosureOptions): DisclosureResult {
  if (!Number.isInteger(opts.threshold) || opts.threshold < minimumThreshold) {
    throw new DisclosureError(`the suppression threshold is ${opts.threshold}; it is never below ${minimumThreshold}`);
  }
  for (const t of tables) {
    for (const c of [...t.dimensions, ...t.counts]) {
      if (t.rows.length > 0 && !(c in (t.rows[0] as Row))) throw new DisclosureError(`${t.name} has no column ${c}`);
    }
  }
  const state = tables.map((t) => t.rows.map((r): 'primary' | 'secondary' | null => (t.counts.some((c) => num(r[c]) > 0 && num(r[c]) < opts.threshold) ? 'primary' : null)));
  const eqs = equations(tables, links);
  const hidden = (c: CellRef) => state[c.table]?.[c.row] != null;
  const size = (c: CellRef) => Math.min(...(tables[c.table] as DisclosureTable).counts.map((k) => num((tables[c.table] as DisclosureTable).rows[c.row]?.[k])));
  const failed = new Map<string, string>();
  for (let round = 0; round < 10_000; round++) {
    // the rule of thumb first: an equation with exactly one hidden cell gets a partner
    let changed = false;
    for (const e of eqs) {
      const cells = [...e.members, e.total];
      const hid = cells.filter(hidden);
      if (hid.length !== 1) continue;
      const partner = pickPartner(cells.filter((c) => !hidden(c)), size);
      if (!partner) {
        failed.set(tables[e.total.table]?.name ?? '', 'a suppressed cell is the only unknown of a total and nothing else can be hidden');
        continue;
      }
      (state[partner.table] as (string | null)[])[partner.row] = 'secondary';
      changed = true;
    }
    if (changed) continue;
    // then the exact check: a hidden cell that the equations still determine gets a partner in one of its equations
    const open = disclosedCells(eqs, hidden);
    if (open.length === 0) break;
    const cell = open[0] as CellRef;
    const candidates = eqs
      .filter((e) => [...e.members, e.total].some((c) => c.table === cell.table && c.row === cell.row))
      .flatMap((e) => [...e.members, e.total].filter((c) => !hidden(c)));
    const partner = pickPartner(candidates, size);
    if (!partner) {
      failed.set(tables[cell.table]?.name ?? '', `row ${cell.row + 1} could be computed from the totals and nothing else can be hidden`);
      break;
    }
    (state[partner.table] as (string | null)[])[partner.row] = 'secondary';
  }
  const out: DisclosedTable[] = tables.map((t, ti) => ({
    name: t.name,
    suppressed: state[ti] as ('primary' | 'secondary' | null)[],
    rows: t.rows.map((r, ri) => {
      if (state[ti]?.[ri]) return Object.fromEntries(Object.entries(r).map(([k, v]) => [k, t.dimensions.includes(k) ? v : null]));
      if (!opts.roundTo) return r;
      const step = opts.roundTo;
      return Object.fromEntries(Object.entries(r).map(([k, v]) => [k, t.counts.includes(k) && v !== null && v !== undefined ? Math.round(num(v) / step) * step : v]));
    }),
  }));
  return { tables: out, failed: [...failed].map(([name, reason]) => ({ name, reason })) };
}

/** The cheapest cell to hide as well: the smallest non-zero count (a zero hides nothing), else a zero. */
function pickPartner(cells: CellRef[], size: (c: CellRef) => number): CellRef | undefined {
  const sorted = [...cells].sort((a, b) => {
    const sa = size(a);
    const sb = size(b);
    if ((sa === 0) !== (sb === 0)) return sa === 0 ? 1 : -1;
    return sa - sb;
  });
  return sorted[0];
}
