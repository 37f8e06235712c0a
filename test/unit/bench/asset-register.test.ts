import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { barePass, checks } from '../../../bench/bare-pass';
import { columns, contractFile, type Fault, warnFaults } from '../../../bench/asset-register';
import { generateAssetRegister } from '../../../bench/generate-asset-register';
import { contract as contractSchema } from '../../../schemas/contract';

describe('benchmark: asset register generator, contract and bare pass', () => {
  const dir = mkdtempSync(join(tmpdir(), 'polder-bench-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('the contract passes the schema and names the generated columns', () => {
    const c = contractSchema.parse(parseYaml(readFileSync(contractFile, 'utf8')));
    expect(c.columns.map((col) => col.name)).toEqual([...columns]);
    const rules = c.columns.flatMap((col) => col.rules);
    expect(rules.length).toBeGreaterThanOrEqual(15);
    expect(new Set(rules.map((r) => r.kind))).toEqual(new Set(['pattern', 'unique', 'accepted_values', 'expression', 'range']));
    // every contract rule has a hand-written counterpart in the bare pass
    const bare = Object.keys(checks).filter((k) => !k.endsWith('.not_null') && !k.endsWith('.type'));
    expect(bare.length).toBe(rules.length);
  });

  it('writes the same bytes for the same seed, with about 1 % bad rows', async () => {
    const a = await generateAssetRegister({ rows: 20_000, out: join(dir, 'a.csv') });
    const b = await generateAssetRegister({ rows: 20_000, out: join(dir, 'b.csv') });
    expect(readFileSync(a.file).equals(readFileSync(b.file))).toBe(true);
    expect(a.rows).toBe(20_000);
    expect(a.bytes).toBe(readFileSync(a.file).length);
    const lines = readFileSync(a.file, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe(columns.join(','));
    expect(lines.length).toBe(20_001);
    // ~300 MB for five million rows: 55–70 bytes a row
    expect(a.bytes / a.rows).toBeGreaterThan(55);
    expect(a.bytes / a.rows).toBeLessThan(70);
    const planted = Object.values(a.faults).reduce((s, n) => s + n, 0);
    expect(planted / a.rows).toBeGreaterThan(0.007);
    expect(planted / a.rows).toBeLessThan(0.013);
  });

  it('the bare pass counts every row and finds the planted faults', async () => {
    const gen = await generateAssetRegister({ rows: 50_000, out: join(dir, 'c.csv') });
    const r = await barePass(gen.file, { threads: 1 });
    expect(r.rows).toBe(50_000);
    expect(r.seconds).toBeGreaterThan(0);
    expect(r.violations['asset_type.accepted_values']).toBe(gen.faults.unknown_asset_type);
    expect(r.violations['wijk_code.pattern']).toBe(gen.faults.unknown_wijk);
    expect(r.violations['postcode.type']).toBe(gen.faults.broken_postcode);
    expect(r.violations['postcode.pattern']).toBe(gen.faults.broken_postcode + gen.faults.postcode_elsewhere);
    expect(r.violations['install_date.type']).toBe(gen.faults.bad_install_date);
    expect(r.violations['install_date.expression_max']).toBe(gen.faults.future_install_date);
    expect(r.violations['install_date.expression_min']).toBe(gen.faults.ancient_install_date);
    expect(r.violations['condition_score.expression_play']).toBeGreaterThanOrEqual(gen.faults.unsafe_play_equipment);
    expect(r.violations['replacement_cost.expression_bridge']).toBeGreaterThanOrEqual(gen.faults.cheap_bridge);
    // a duplicated id marks both rows
    expect(r.violations['asset_id.unique']).toBeGreaterThanOrEqual(gen.faults.duplicate_id);
    const rejecting = Object.entries(gen.faults).filter(([f]) => !warnFaults.includes(f as Fault)).reduce((s, [, n]) => s + n, 0);
    expect(r.rejectedRows).toBeGreaterThan(0.8 * rejecting);
    expect(r.rejectedRows).toBeLessThanOrEqual(rejecting + gen.faults.duplicate_id); // the first copy of a duplicated id counts too
  });
});
