import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testPacks } from '../../../local/models/pack-tests';

const root = join(import.meta.dirname, '..', '..', '..');

describe('Every bundled pack (polder test)', () => {
  it('has a sound model graph for every tenant, and every unit test passes', async () => {
    const report = await testPacks(root);
    expect(report.graphs.filter((g) => g.problems.length)).toEqual([]);
    expect(report.unitTests.filter((t) => !t.passed)).toEqual([]);
    expect(report.unitTests.length).toBeGreaterThanOrEqual(3);
    expect(report.passed).toBe(true);
  });
});
