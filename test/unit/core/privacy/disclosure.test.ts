import { describe, expect, it } from 'vitest';
import { type DisclosureTable, protectTables } from '../../../../core/privacy/disclosure';

/** A wijk × action table with a total row per wijk, a total column per action and a grand total. */
function withTotals(cells: Record<string, Record<string, number>>): DisclosureTable {
  const actions = Object.keys(Object.values(cells)[0] ?? {});
  const rows: Record<string, string | number>[] = [];
  const columnSums: Record<string, number> = {};
  for (const [wijk, byAction] of Object.entries(cells)) {
    let sum = 0;
    for (const a of actions) {
      const n = byAction[a] ?? 0;
      rows.push({ wijk, action: a, n });
      sum += n;
      columnSums[a] = (columnSums[a] ?? 0) + n;
    }
    rows.push({ wijk, action: 'Totaal', n: sum });
  }
  for (const a of actions) rows.push({ wijk: 'Totaal', action: a, n: columnSums[a] ?? 0 });
  rows.push({ wijk: 'Totaal', action: 'Totaal', n: Object.values(columnSums).reduce((x, y) => x + y, 0) });
  return { name: 'plan', rows, dimensions: ['wijk', 'action'], counts: ['n'], total: 'Totaal' };
}

/** Can a suppressed cell be computed back from the published ones? Tries every line: total minus the other members. */
function recoverable(t: DisclosureTable, published: (string | number | null)[], dims: string[]): string[] {
  const out: string[] = [];
  for (const d of dims) {
    const others = dims.filter((x) => x !== d);
    const lines = new Map<string, number[]>();
    t.rows.forEach((r, i) => {
      const k = JSON.stringify(others.map((o) => r[o]));
      lines.set(k, [...(lines.get(k) ?? []), i]);
    });
    for (const idx of lines.values()) {
      const hidden = idx.filter((i) => published[i] === null);
      if (hidden.length === 1) out.push(`${JSON.stringify(t.rows[hidden[0] as number])} via ${d}`);
    }
  }
  return out;
}

describe('Disclosure control: suppression with totals and two levels', () => {
  it('suppresses a small cell and one more in its row and column, so totals do not give it away', () => {
    const table = withTotals({ WK01: { sweep: 3, empty: 40, standard: 120 }, WK02: { sweep: 25, empty: 30, standard: 90 } });
    const [out] = protectTables([table], [], { threshold: 10 }).tables;
    const published = out!.rows.map((r) => r.n as number | null);
    const hidden = out!.rows.flatMap((r, i) => (out!.suppressed[i] ? [`${table.rows[i]!.wijk}/${table.rows[i]!.action}:${out!.suppressed[i]}`] : []));
    expect(hidden).toEqual(['WK01/sweep:primary', 'WK01/empty:secondary', 'WK02/sweep:secondary', 'WK02/empty:secondary']);
    expect(recoverable(table, published, ['wijk', 'action'])).toEqual([]);
    // the dimensions stay; the measures of a hidden cell are NULL
    expect(out!.rows[0]).toEqual({ wijk: 'WK01', action: 'sweep', n: null });
  });

  it('publishes zeros and counts at the threshold as they are', () => {
    const table = withTotals({ WK01: { a: 0, b: 10 }, WK02: { a: 12, b: 11 } });
    const [out] = protectTables([table], [], { threshold: 10 }).tables;
    expect(out!.suppressed.every((s) => s === null)).toBe(true);
  });

  it('protects a buurt against its wijk published at the other level, and a small wijk with its buurten', () => {
    const buurten: DisclosureTable = {
      name: 'per_buurt',
      dimensions: ['buurt_code'],
      counts: ['inwoners'],
      rows: [
        { buurt_code: 'BU01', wijk_code: 'WK1', inwoners: 3 },
        { buurt_code: 'BU02', wijk_code: 'WK1', inwoners: 30 },
        { buurt_code: 'BU03', wijk_code: 'WK1', inwoners: 20 },
        { buurt_code: 'BU04', wijk_code: 'WK2', inwoners: 40 },
        { buurt_code: 'BU05', wijk_code: 'WK2', inwoners: 50 },
        { buurt_code: 'BU06', wijk_code: 'WK3', inwoners: 4 },
        { buurt_code: 'BU07', wijk_code: 'WK3', inwoners: 2 },
      ],
    };
    const wijken: DisclosureTable = {
      name: 'per_wijk',
      dimensions: ['wijk_code'],
      counts: ['inwoners'],
      rows: [
        { wijk_code: 'WK1', inwoners: 53 },
        { wijk_code: 'WK2', inwoners: 90 },
        { wijk_code: 'WK3', inwoners: 6 },
      ],
    };
    const result = protectTables([buurten, wijken], [{ child: 'per_buurt', parent: 'per_wijk', childDimension: 'buurt_code', by: 'wijk_code', parentDimension: 'wijk_code' }], {
      threshold: 10,
    });
    const [b, w] = result.tables;
    expect(b!.suppressed).toEqual(['primary', null, 'secondary', null, null, 'primary', 'primary']);
    expect(w!.suppressed).toEqual([null, null, 'primary']);
    expect(result.failed).toEqual([]);
    // BU01 = WK1 − BU02 − BU03 would give 3 back if BU03 were published
    expect(b!.rows[2]!.inwoners).toBeNull();
  });

  it('never takes a threshold below 5, and rounds published counts to 5 when asked', () => {
    const table = withTotals({ WK01: { a: 12, b: 17 } });
    expect(() => protectTables([table], [], { threshold: 3 })).toThrow(/never below 5/);
    const [out] = protectTables([table], [], { threshold: 5, roundTo: 5 }).tables;
    expect(out!.rows.map((r) => r.n)).toEqual([10, 15, 30, 10, 15, 30]);
  });

  it('refuses a table that lacks a declared column', () => {
    expect(() => protectTables([{ name: 'x', rows: [{ a: 1 }], dimensions: ['wijk'], counts: ['a'] }], [], { threshold: 10 })).toThrow(/x has no column wijk/);
  });
});
