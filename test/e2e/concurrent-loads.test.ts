import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenantDatabase } from '../../core/tables';
import { curatedTableName } from '../../core/tables';
import { eventOrder, versionHistory } from '../../core/table-pointer';
import { putContractOverride } from '../../local/runtime/contract-override';
import type { UploadSummary } from '../../local/commands/upload';
import { LocalRuntime } from '../../local/runtime/runtime';
import type { LoadReport } from '../../schemas/report';
import type { PipelineInput } from '../../schemas/payloads';
import { polderProcess, projectRoot } from '../support/cli-process';
import { faultContract, faultRows, writeFaultFile } from '../support/fault-contracts';

const tenant = 'leeuwarden';
const db = tenantDatabase(tenant);

describe('Fault: two concurrent uploads of one dataset, in separate processes', () => {
  let workspace: string;

  beforeAll(async () => {
    workspace = await mkdtemp(join(tmpdir(), 'polder-concurrent-'));
    const runtime = await LocalRuntime.open({ workspace, projectRoot });
    try {
      for (const [dataset, policy] of [['soorten', 'replace'], ['soorten_log', 'append']] as const) {
        const contractFile = await writeFaultFile(workspace, `${dataset}.yaml`, faultContract(dataset, { policy }));
        await putContractOverride(runtime.ports.store, 'lake', { tenant, dataset, contractFile });
      }
    } finally {
      await runtime.close();
    }
  });

  afterAll(async () => {
    await rm(workspace, { recursive: true, force: true });
  });

  /** Both uploads at once, each its own `polder upload` process; their summaries. */
  async function uploadTogether(dataset: string, files: { name: string; content: string }[]): Promise<UploadSummary[]> {
    const paths = await Promise.all(files.map((f) => writeFaultFile(workspace, f.name, f.content)));
    const results = await Promise.all(
      paths.map((path) => polderProcess(['upload', path, '--tenant', tenant, '--dataset', dataset, '--json'], workspace)),
    );
    return results.map((r) => {
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout) as UploadSummary;
    });
  }

  async function inspect(dataset: string, summaries: UploadSummary[]) {
    const runtime = await LocalRuntime.open({ workspace, projectRoot });
    try {
      const { store, engine, catalog } = runtime.ports;
      const query = async (sql: string) => (await engine.query(sql, { tenant, database: db })).rows;
      const runs = await runtime.listRuns();
      const loads = [];
      for (const s of summaries) {
        const input = runs.find((r) => r.name === s.run)?.input as PipelineInput;
        const report = JSON.parse(
          new TextDecoder().decode(await store.get({ bucket: 'lake', key: `reports/${tenant}/${dataset}/load=${s.loadId}/report.json` })),
        ) as LoadReport;
        // a load that found a newer one already published (replace) builds nothing: no folder
        const prefix = `curated/${tenant}/${dataset}/load=${s.loadId}/`;
        const folder = store.uriToPath(`s3://lake/${prefix}`);
        const hasFiles = (await store.list('lake', prefix)).some((k) => k.endsWith('.parquet'));
        const built = hasFiles ? await query(`select code, _load from read_parquet('${folder}**/*.parquet')`) : undefined;
        loads.push({ id: s.loadId as string, file: s.file, order: eventOrder({ receivedAt: input.receivedAt, sequencer: input.landing.sequencer, loadId: input.loadId }), report, built });
      }
      const history = await versionHistory(catalog, db, curatedTableName(dataset));
      const current = await query(`select code, _load from ${dataset} order by code`);
      const leftovers = (await catalog.listTables(db)).map((t) => t.name).filter((n) => n.includes(`${dataset}__`));
      return { loads, history, current, leftovers };
    } finally {
      await runtime.close();
    }
  }

  it('replace: each load keeps its own rows and report; the table ends at the later event; the history never goes back', async () => {
    const summaries = await uploadTogether('soorten', [
      { name: 'a.csv', content: `code,naam\n${faultRows('a', 5)}` },
      { name: 'b.csv', content: `code,naam\n${faultRows('b', 7)}` },
    ]);
    expect(summaries.map((s) => s.status)).toEqual(['SUCCEEDED', 'SUCCEEDED']);

    const { loads, history, current, leftovers } = await inspect('soorten', summaries);
    const [newer, older] = [...loads].sort((x, y) => (x.order < y.order ? 1 : -1));
    for (const [i, letter, rows] of [[0, 'a', 5], [1, 'b', 7]] as const) {
      const load = loads[i];
      expect(load?.report).toMatchObject({ fileName: `${letter}.csv`, loadId: load?.id, status: 'accepted', rows: { total: rows, accepted: rows } });
      if (load?.built === undefined) {
        // only the older load may find the newer one published before it planned; its run says so
        expect(load?.id).toBe(older?.id);
        expect(summaries[i]?.stages.find((st) => st.stage === 'integrate')?.message).toContain(`a newer load (${newer?.id}) is published`);
        continue;
      }
      // the load's own folder: its own rows only, labelled with its own id
      expect(load.built).toHaveLength(rows);
      expect(load.built.every((r) => String(r.code).startsWith(letter) && r._load === load.id)).toBe(true);
    }
    expect(current.map((r) => r._load)).toEqual(newer?.built?.map(() => newer.id));
    expect(current).toHaveLength(newer?.built?.length ?? -1);
    // the pointer moved forward in event order only
    const orders = history.map((v) => v.order);
    expect(orders).toEqual([...orders].sort());
    expect(history.at(-1)?.id).toBe(newer?.id);
    expect(leftovers).toEqual([]);
  });

  it('append: both loads end up in the table once, whichever publishes first', async () => {
    const summaries = await uploadTogether('soorten_log', [
      { name: 'c.csv', content: `code,naam\n${faultRows('c', 4)}` },
      { name: 'd.csv', content: `code,naam\n${faultRows('d', 6)}` },
    ]);
    expect(summaries.map((s) => s.status)).toEqual(['SUCCEEDED', 'SUCCEEDED']);

    const { loads, history, current, leftovers } = await inspect('soorten_log', summaries);
    expect(loads.map((l) => l.report.rows.total)).toEqual([4, 6]);
    const byLoad = (id: string) => current.filter((r) => r._load === id).map((r) => r.code);
    expect(byLoad(loads[0]?.id ?? '')).toEqual(faultRows('c', 4).trim().split('\n').map((l) => l.split(',')[0]));
    expect(byLoad(loads[1]?.id ?? '')).toEqual(faultRows('d', 6).trim().split('\n').map((l) => l.split(',')[0]));
    expect(current).toHaveLength(10);
    // the last version was built on the other one
    const [first, last] = [history.at(-2), history.at(-1)];
    expect(last?.basedOn).toBe(first?.id);
    expect(new Set([first?.id, last?.id])).toEqual(new Set(loads.map((l) => l.id)));
    expect(leftovers).toEqual([]);
  });
});
