import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { raceWorkers, supportDir } from '../support/faults/processes';

describe('Fault: four concurrent first uses of a pseudonym key, in four processes', () => {
  it('creates one key, and every process gets that key', async () => {
    const workspace = await mkdtemp(join(tmpdir(), 'polder-key-'));
    const results = await raceWorkers(join(supportDir, 'pseudonym-key-worker.ts'), () => [workspace, 'gemeente-a'], 4);
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    const keys = results.map((r) => JSON.parse(r.stdout.trim().split('\n').pop() as string) as string);
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).toMatch(/^[0-9a-f]{64}$/);
    // no temp file is left beside the key, in the vault outside the lake
    expect(await readdir(join(workspace, 'buckets', 'vault', 'gemeente-a'))).toEqual(['pseudonym-key.csv']);
  });
});
