import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FsObjectStore } from '../../adapters/local/fs-object-store';
import { objectCreated } from '../../local/runtime/s3-event';
import { raceWorkers, supportDir } from '../support/faults/processes';

describe('Fault: one upload event delivered to two processes at once', () => {
  let workspace: string;
  afterAll(async () => rm(workspace, { recursive: true, force: true }));

  it('starts one run; the other delivery is a duplicate', async () => {
    workspace = await mkdtemp(join(tmpdir(), 'polder-dup-'));
    const csv = join(workspace, 'species.csv');
    await writeFile(csv, 'genus,dutch_name,leaf_size,justification\nacer,esdoorn,large,x\ntilia,linde,large,y\n');
    const key = 'leeuwarden/tree_species/species.csv';
    const { size, etag, versionId } = await new FsObjectStore(workspace).putFile({ bucket: 'landing', key }, csv);
    const eventFile = join(workspace, 'event.json');
    await writeFile(eventFile, JSON.stringify(objectCreated({ bucket: 'landing', key, size, etag, versionId })));

    const results = await raceWorkers(join(supportDir, 'deliver-worker.ts'), () => [workspace, eventFile], 2);
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    const started = results.map((r) => JSON.parse(r.stdout.trim().split('\n').pop() as string) as Array<{ workflow: string; status: string }>);
    expect(started.map((runs) => runs.length).sort()).toEqual([0, 1]);
    expect(started.flat(), JSON.stringify(started)).toMatchObject([{ workflow: "pipeline", status: "SUCCEEDED" }]);
    const records = (await readdir(join(workspace, 'runs'))).filter((f) => f.endsWith('.json') && !f.includes('--'));
    expect(records).toHaveLength(1);
  });
});
