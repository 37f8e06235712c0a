import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { raceWorkers, supportDir } from '../support/faults/processes';

describe('Fault: two processes register tables in one local catalog at once', () => {
  let workspace: string;
  afterAll(async () => rm(workspace, { recursive: true, force: true }));

  it('keeps all 400 of 2 × 200 tables', async () => {
    workspace = await mkdtemp(join(tmpdir(), 'polder-catalog-'));
    const results = await raceWorkers(join(supportDir, 'catalog-worker.ts'), (i) => [workspace, `p${i}`, '200'], 2);
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    const file = JSON.parse(await readFile(join(workspace, 'catalog', 'polder_race.json'), 'utf8')) as { tables: Record<string, unknown> };
    expect(Object.keys(file.tables)).toHaveLength(400);
    // the lock and every temp file are gone
    expect(await readdir(join(workspace, 'catalog'))).toEqual(['polder_race.json']);
  });
});
