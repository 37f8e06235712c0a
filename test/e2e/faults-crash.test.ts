import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pauseAtVariable } from '../../local/runtime/fault-hooks';
import { printed, spawnCli } from '../support/faults/processes';

/** A tree_species file (the bundled contract) of `rows` genera, named so each load is told apart by its rows. */
function speciesCsv(rows: number, tag: string): string {
  const letters = (n: number) => n.toString(26).split('').map((d) => String.fromCharCode(97 + parseInt(d, 26))).join('');
  const lines = Array.from({ length: rows }, (_, i) => `${tag}${letters(i + 26)},naam ${i},${i % 2 ? 'large' : 'small'},reden ${i}`);
  return `genus,dutch_name,leaf_size,justification\n${lines.join('\n')}\n`;
}

async function cli(args: string[], workspace: string, env: Record<string, string> = {}) {
  const done = await spawnCli([...args, '--workspace', workspace], env).finished;
  return { ...done, json: () => JSON.parse(done.stdout) as unknown };
}

const tenant = ['--tenant', 'leeuwarden'];

describe('Fault: kill -9 during integrate, then rerun', () => {
  let workspace: string;
  let files: string;
  let killed: { run: string; loadId: string };

  beforeAll(async () => {
    workspace = await mkdtemp(join(tmpdir(), 'polder-crash-'));
    files = await mkdtemp(join(tmpdir(), 'polder-crash-files-'));
    await writeFile(join(files, 'a.csv'), speciesCsv(30, 'a'));
    await writeFile(join(files, 'b.csv'), speciesCsv(45, 'b'));
    // load A completes: the curated table is A's 30 rows
    const first = await cli(['upload', join(files, 'a.csv'), ...tenant, '--dataset', 'tree_species', '--json'], workspace);
    expect(first.code, first.stderr).toBe(0);

    // load B is killed after its curated Parquet is written, before the table is pointed at it
    const upload = spawnCli(['upload', join(files, 'b.csv'), ...tenant, '--dataset', 'tree_species', '--workspace', workspace], {
      [pauseAtVariable]: 'integrate.Publish',
    });
    await printed(upload, /paused at integrate\.Publish/);
    // a write cut off by the kill leaves a temp file named after its writer
    const lake = join(workspace, 'buckets', 'lake', 'curated', 'leeuwarden', 'tree_species');
    await writeFile(join(lake, `half.parquet.${upload.pid}-0.0123456789ab.tmp-put`), 'half');
    upload.kill('SIGKILL');
    expect((await upload.finished).signal).toBe('SIGKILL');
    const runs = (await cli(['runs', '--json'], workspace)).json() as Array<{ run: string; load: string; status: string }>;
    const b = runs.find((r) => r.status !== 'SUCCEEDED');
    killed = { run: b?.run ?? '', loadId: b?.load ?? '' };
  });

  afterAll(async () => {
    await rm(workspace, { recursive: true, force: true });
    await rm(files, { recursive: true, force: true });
  });

  const curated = async () => {
    const out = await cli(['query', 'select count(*) as n, min(_load) as first_load, max(_load) as last_load from tree_species', ...tenant, '--json'], workspace);
    return (out.json() as Array<{ n: number; first_load: string; last_load: string }>)[0];
  };

  it('the next command shows the run FAILED at the state it died in, the stage run too', async () => {
    const runs = (await cli(['runs', '--json'], workspace)).json() as Array<Record<string, string>>;
    expect(runs.find((r) => r.run === killed.run)).toMatchObject({ status: 'FAILED', 'failed at': 'Integrate', validate: 'accepted', integrate: 'failed' });
    const child = JSON.parse(await readFile(join(workspace, 'runs', `${killed.run}--integrate-1.json`), 'utf8'));
    expect(child).toMatchObject({ status: 'FAILED', error: 'Polder.ProcessGone', current: { state: 'Build' } });
    expect(child.cause).toMatch(/ended in state Build/);
    expect(child.states.find((s: { name: string }) => s.name === 'Publish')).toMatchObject({ failed: true });
  });

  it('removes the temp file the dead process left, and shows no half-written table', async () => {
    const lake = join(workspace, 'buckets', 'lake', 'curated', 'leeuwarden', 'tree_species');
    const left = (await readdir(lake, { recursive: true })).filter((f) => String(f).endsWith('.tmp-put'));
    expect(left).toEqual([]);
    // still load A's table: B's Parquet is written but not published
    expect(await curated()).toMatchObject({ n: 30, last_load: expect.not.stringContaining(killed.loadId) });
    const sources = (await cli(['sources', '--json'], workspace)).json() as Array<{ dataset: string; rows: number }>;
    expect(sources.find((s) => s.dataset === 'tree_species')?.rows).toBe(30);
  });

  it('rerun resumes from the failed state and completes with every row of load B', async () => {
    const rerun = await cli(['rerun', killed.run, '--json'], workspace);
    expect(rerun.code, rerun.stdout + rerun.stderr).toBe(0);
    expect(rerun.json()).toMatchObject({ status: 'SUCCEEDED', loadId: killed.loadId });
    expect(await curated()).toEqual({ n: 45, first_load: killed.loadId, last_load: killed.loadId });
    const record = JSON.parse(await readFile(join(workspace, 'runs', `${killed.run}.json`), 'utf8'));
    expect(record).toMatchObject({ status: 'SUCCEEDED', redriveCount: 1 });
    // Ingest and Validate ran once: the redrive started at Integrate
    expect(record.states.filter((s: { name: string }) => s.name === 'Ingest')).toHaveLength(1);
    const sources = (await cli(['sources', '--json'], workspace)).json() as Array<{ dataset: string; rows: number }>;
    expect(sources.find((s) => s.dataset === 'tree_species')?.rows).toBe(45);
    // a second rerun of a run that succeeded is refused
    const again = await cli(['rerun', killed.run], workspace);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/only a failed run can be rerun/);
  });
});
