import { mkdtemp, readdir, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
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

/**
 * Load A completes (30 rows); load B (45 rows) is killed with SIGKILL at `pauseAt`; the next commands show the
 * truth and `rerun` completes B. `halfWritten` plants what a write cut off by the kill leaves: a temp file named
 * after its writer, in B's curated folder (beside the Parquet, or where the Parquet was being written).
 */
describe.each([
  { pauseAt: 'integrate.Publish', failedIn: 'Publish', what: 'after the curated Parquet is written, before the table moves' },
  { pauseAt: 'integrate.RunQuery', failedIn: 'RunQuery', what: 'while the curated Parquet is being written' },
])('Fault: kill -9 during integrate ($what), then rerun', ({ pauseAt, failedIn }) => {
  let workspace: string;
  let files: string;
  let killed: { run: string; loadId: string };
  const curatedOf = (load: string) => join(workspace, 'buckets', 'lake', 'curated', 'leeuwarden', 'tree_species', `load=${load}`);

  beforeAll(async () => {
    workspace = await mkdtemp(join(tmpdir(), 'polder-crash-'));
    files = await mkdtemp(join(tmpdir(), 'polder-crash-files-'));
    await writeFile(join(files, 'a.csv'), speciesCsv(30, 'a'));
    await writeFile(join(files, 'b.csv'), speciesCsv(45, 'b'));
    const first = await cli(['upload', join(files, 'a.csv'), ...tenant, '--dataset', 'tree_species', '--json'], workspace);
    expect(first.code, first.stderr).toBe(0);

    const upload = spawnCli(['upload', join(files, 'b.csv'), ...tenant, '--dataset', 'tree_species', '--workspace', workspace], { [pauseAtVariable]: pauseAt });
    await printed(upload, new RegExp(`paused at ${pauseAt.replace('.', '\\.')}`));
    const running = [];
    for (const f of await readdir(join(workspace, 'runs'))) {
      if (!f.endsWith('.json') || f.includes('--')) continue;
      const record = JSON.parse(await readFile(join(workspace, 'runs', f), 'utf8'));
      if (record.status === 'RUNNING') running.push(record);
    }
    expect(running).toHaveLength(1);
    killed = { run: running[0].name, loadId: running[0].input.loadId };
    await mkdir(curatedOf(killed.loadId), { recursive: true });
    await writeFile(join(curatedOf(killed.loadId), `data_0.parquet.${upload.pid}-0.0123456789ab.tmp-put`), 'half a Parquet file');
    upload.kill('SIGKILL');
    expect((await upload.finished).signal).toBe('SIGKILL');
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
    const listed = await cli(['runs', '--json'], workspace);
    // the command that found it says so, once
    expect(listed.stderr).toContain(`run ${killed.run} stond nog op RUNNING, maar het proces erachter is gestopt; gemarkeerd als FAILED bij Integrate`);
    expect(listed.stderr).toContain(`polder rerun ${killed.run}`);
    const runs = listed.json() as Array<Record<string, string>>;
    expect(runs.find((r) => r.run === killed.run)).toMatchObject({ execution: 'FAILED', load_outcome: '-', 'failed at': 'Integrate', validate: 'accepted', integrate: 'failed' });
    const child = JSON.parse(await readFile(join(workspace, 'runs', `${killed.run}--integrate-1.json`), 'utf8'));
    expect(child).toMatchObject({ status: 'FAILED', error: 'Polder.ProcessGone', current: { state: 'Build' } });
    expect(child.cause).toMatch(/ended in state Build/);
    expect(child.states.find((s: { name: string }) => s.name === failedIn)).toMatchObject({ failed: true });
  });

  it('removes the temp file the dead process left, and shows no half-written table', async () => {
    const left = (await readdir(curatedOf(killed.loadId))).filter((f) => f.endsWith('.tmp-put'));
    expect(left).toEqual([]);
    // still load A's table: B is not published
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
    const again = await cli(['rerun', killed.run], workspace);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/alleen een mislukte run kan worden hervat/);
    expect((await cli(['rerun', killed.run, '--lang', 'en'], workspace)).stderr).toMatch(/only a failed run can be rerun/);
  });
});
