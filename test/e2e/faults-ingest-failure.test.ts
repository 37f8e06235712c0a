import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportFile, reportKey } from '../../core/keys';
import { LocalRuntime } from '../../local/runtime/runtime';
import { objectCreated } from '../../local/runtime/s3-event';

const projectRoot = join(import.meta.dirname, '..', '..');
const tenant = 'leeuwarden';
const dataset = 'tree_species';
const key = `${tenant}/${dataset}/soorten.csv`;

describe('Fault: ingest fails for good (the upload’s version is gone when ingest runs)', () => {
  let workspace: string;
  let runtime: LocalRuntime;
  const versionId = 'v-gone-0123456789';

  beforeAll(async () => {
    workspace = await mkdtemp(join(tmpdir(), 'polder-ingest-fail-'));
    runtime = await LocalRuntime.open({ workspace, projectRoot });
  });

  afterAll(async () => {
    await runtime?.close();
    await rm(workspace, { recursive: true, force: true });
  });

  it('ends with a failure report and a FAILED run; a rerun once the bytes are there resumes at Ingest', async () => {
    const [run] = await runtime.deliver(objectCreated({ bucket: 'landing', key, size: 60, etag: 'x', versionId }));
    expect(run).toMatchObject({ status: 'FAILED', error: 'Polder.IngestFailed', current: { state: 'IngestFailed' }, caught: { state: 'Ingest' } });
    const loadId = (run?.input as { loadId: string }).loadId;
    const report = JSON.parse(new TextDecoder().decode(await runtime.ports.store.get({ bucket: 'lake', key: reportKey(tenant, dataset, loadId, reportFile.failure) })));
    expect(report).toMatchObject({ status: 'failed', step: 'ingest', error: 'NoSuchKey', upload: { key, versionId } });
    expect(report.message).toMatch(/no object s3:\/\/landing\//);
    // what a person reads first is in the tenant's language (Dutch by default); the error stays as the step gave it
    expect(report).toMatchObject({ language: 'nl', summary: expect.stringMatching(/ is niet ingelezen: de stap ingest liep vast\. Er is niets gepubliceerd\.$/) });
    expect(report.advice).toMatch(/^Het bestand is bewaard zoals het is aangeleverd/);
    expect(JSON.stringify(report)).not.toMatch(/trace|at .*\.ts:/);

    // the version turns up (a late replica, a restore): rerun resumes at Ingest, not at the Fail state
    const csv = join(workspace, 'soorten.csv');
    await writeFile(csv, 'genus,dutch_name,leaf_size,justification\nacer,esdoorn,large,a\n');
    const version = join(workspace, 'versions', 'landing', key, versionId);
    await mkdir(dirname(version), { recursive: true });
    await copyFile(csv, version);
    const again = await runtime.redrive(run?.name as string);
    expect(again).toMatchObject({ status: 'SUCCEEDED', redriveCount: 1 });
    expect((again.output as { status: string }).status).toBe('accepted');
  });
});
