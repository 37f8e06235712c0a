import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawKey } from '../../core/keys';
import { tenantDatabase } from '../../core/tables';
import { summarizeUpload } from '../../local/commands/upload';
import { LocalRuntime } from '../../local/runtime/runtime';

const projectRoot = join(import.meta.dirname, '..', '..');
const tenant = 'leeuwarden';
const dataset = 'tree_species';
const header = 'genus,dutch_name,leaf_size,justification\n';

describe('Fault: two uploads to one file name before the first is ingested', () => {
  let workspace: string;
  let runtime: LocalRuntime;
  const bytes = [`${header}acer,esdoorn,large,a\ntilia,linde,large,b\n`, `${header}pinus,den,small,c\nquercus,eik,large,d\nsalix,wilg,small,e\n`];
  const loads: string[] = [];

  beforeAll(async () => {
    workspace = await mkdtemp(join(tmpdir(), 'polder-versions-'));
    runtime = await LocalRuntime.open({ workspace, projectRoot });
    // both land under the same key before either event is handled, as when S3 events queue up
    const events = [];
    for (const [i, text] of bytes.entries()) {
      const file = join(workspace, `upload-${i}.csv`);
      await writeFile(file, text);
      events.push(await runtime.putUpload(file, { tenant, dataset, fileName: 'soorten.csv' }));
    }
    for (const event of events) {
      const runs = await runtime.deliver(event);
      const summary = await summarizeUpload(runtime, tenant, dataset, 'soorten.csv', runs);
      expect(summary.status, JSON.stringify(summary.stages)).toBe('SUCCEEDED');
      loads.push(summary.loadId as string);
    }
  });

  afterAll(async () => {
    await runtime?.close();
    await rm(workspace, { recursive: true, force: true });
  });

  it('each load keeps the bytes of its own upload', async () => {
    for (const [i, load] of loads.entries()) {
      const raw = await runtime.ports.store.get({ bucket: 'lake', key: rawKey(tenant, dataset, load, 'soorten.csv') });
      expect(new TextDecoder().decode(raw)).toBe(bytes[i]);
    }
  });

  it('each load validated and curated its own rows, and the table ends with the later upload', async () => {
    const runs = await runtime.listRuns({ tenant });
    const validated = loads.map((load) => runs.find((r) => r.workflow === 'validate' && (r.input as { loadId: string }).loadId === load)?.output as { rowsIn: number });
    expect(validated.map((v) => v.rowsIn)).toEqual([2, 3]);
    const { rows } = await runtime.ports.engine.query(`select genus, _load from ${dataset} order by genus`, { tenant, database: tenantDatabase(tenant) });
    expect(rows).toEqual(['pinus', 'quercus', 'salix'].map((genus) => ({ genus, _load: loads[1] })));
  });
});
