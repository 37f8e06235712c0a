import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { raceWorkers, supportDir } from '../support/faults/processes';

const lastLine = (stdout: string) => JSON.parse(stdout.trim().split('\n').pop() as string) as string;

describe('Fault: four concurrent first uses of a create-once object, in four processes', () => {
  const workspaces: string[] = [];
  afterAll(async () => Promise.all(workspaces.map((w) => rm(w, { recursive: true, force: true }))));

  it('the pseudonym key: one key, and every process uses that key', async () => {
    const workspace = await mkdtemp(join(tmpdir(), 'polder-key-'));
    workspaces.push(workspace);
    const results = await raceWorkers(join(supportDir, 'pseudonym-key-worker.ts'), () => [workspace, 'key'], 4);
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    const seen = results.map((r) => lastLine(r.stdout));
    expect(new Set(seen).size).toBe(1);
    const folder = join(workspace, 'buckets', 'vault', 'gemeente-a');
    expect(await readdir(folder)).toEqual(['pseudonym-key.csv']);
    expect(createHash('sha256').update(await readFile(join(folder, 'pseudonym-key.csv'), 'utf8')).digest('hex')).toBe(seen[0]);
  });

  it('ObjectStore.putIfAbsent (contract snapshots): one object, and every process gets the winner’s bytes', async () => {
    const workspace = await mkdtemp(join(tmpdir(), 'polder-once-'));
    workspaces.push(workspace);
    const results = await raceWorkers(join(supportDir, 'pseudonym-key-worker.ts'), () => [workspace, 'object'], 4);
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    expect(new Set(results.map((r) => lastLine(r.stdout))).size).toBe(1);
    expect(await readdir(join(workspace, 'buckets', 'lake', 'reports', 'a', 'd', 'load=1'))).toEqual(['contract.json']);
  });
});
