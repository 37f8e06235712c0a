import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { overrideContractKey } from '../../core/keys';
import { gunzipHead } from '../../core/precheck/lines';
import { tenantDatabase } from '../../core/tables';
import { curatedTableName } from '../../core/tables';
import { versionHistory } from '../../core/table-pointer';
import { listOverrides, putContractOverride } from '../../local/runtime/contract-override';
import { rollback } from '../../local/commands/rollback';
import { uploadFile } from '../../local/commands/upload';
import { payloadLimitBytes } from '../../local/runtime/runner';
import { LocalRuntime } from '../../local/runtime/runtime';
import type { LoadReport } from '../../schemas/report';
import { projectRoot } from '../support/cli-process';
import { faultContract, faultRows, writeFaultFile } from '../support/fault-contracts';

const tenant = 'leeuwarden';
const db = tenantDatabase(tenant);

/**
 * A last line longer than DuckDB's CSV buffer (32,000,000 bytes) is dropped without an error, even in strict mode:
 * the smallest length that does it, found by bisection (a line of 31,999,000 bytes still fails loudly).
 */
const droppedLineBytes = 32_001_000;

describe('Fault: what a single load can do wrong (offline runtime)', () => {
  let workspace: string;
  let runtime: LocalRuntime;

  beforeAll(async () => {
    workspace = await mkdtemp(join(tmpdir(), 'polder-faults-'));
    runtime = await LocalRuntime.open({ workspace, projectRoot });
  });

  afterAll(async () => {
    await runtime?.close();
    await rm(workspace, { recursive: true, force: true });
  });

  const query = async (sql: string) => (await runtime.ports.engine.query(sql, { tenant, database: db })).rows;
  const report = async (dataset: string, loadId: string | undefined) =>
    JSON.parse(
      new TextDecoder().decode(await runtime.ports.store.get({ bucket: 'lake', key: `reports/${tenant}/${dataset}/load=${loadId}/report.json` })),
    ) as LoadReport;
  const useContract = async (dataset: string, load: Record<string, unknown> = {}) => {
    const contractFile = await writeFaultFile(workspace, `${dataset}.yaml`, faultContract(dataset, load));
    await putContractOverride(runtime.ports.store, 'lake', { tenant, dataset, contractFile });
  };
  const upload = async (dataset: string, name: string, content: string | Uint8Array) =>
    uploadFile(runtime, await writeFaultFile(workspace, name, content), { tenant, dataset });

  it('loads files named _x.csv and .x.csv, which both engines would skip as hidden, with all their rows', async () => {
    await useContract('verborgen');
    const first = await upload('verborgen', '_x.csv', `code,naam\n${faultRows('a', 3)}`);
    expect(first.status).toBe('SUCCEEDED');
    expect(await query('select count(*) as n from verborgen')).toEqual([{ n: 3 }]);
    const second = await upload('verborgen', '.x.csv', `code,naam\n${faultRows('b', 4)}`);
    expect(second.status).toBe('SUCCEEDED');
    expect(await query('select count(*) as n, min(code) as first from verborgen')).toEqual([{ n: 4, first: 'b1' }]);
    // the report names the file as uploaded; raw keeps it under a visible name
    expect((await report('verborgen', second.loadId)).fileName).toBe('.x.csv');
    expect(await runtime.ports.store.list('lake', `raw/${tenant}/verborgen/load=${second.loadId}/`)).toEqual([
      `raw/${tenant}/verborgen/load=${second.loadId}/file.x.csv`,
    ]);
  });

  it('rejects a load with no rows, unless the contract allows empty loads', async () => {
    await useContract('leeg');
    await upload('leeg', 'vol.csv', `code,naam\n${faultRows('a', 2)}`);
    const empty = await upload('leeg', 'leeg.csv', 'code,naam\n');
    expect(empty.status).toBe('REJECTED');
    expect(await query('select count(*) as n from leeg')).toEqual([{ n: 2 }]);

    await useContract('leeg', { allow_empty: true });
    const allowed = await upload('leeg', 'leeg2.csv', 'code,naam\n');
    expect(allowed.status).toBe('SUCCEEDED');
    expect(await query('select count(*) as n from leeg')).toEqual([{ n: 0 }]);
  });

  it('rejects a file whose very long last line the engine dropped, naming the line, and keeps the table as it was', async () => {
    await useContract('lang');
    await upload('lang', 'goed.csv', `code,naam\n${faultRows('a', 10)}`);
    const longLine = `z1,${'x'.repeat(droppedLineBytes)}\n`;

    const withRows = await upload('lang', 'lang.csv', `code,naam\n${faultRows('b', 2000)}${longLine}`);
    expect(withRows.status).toBe('REJECTED');
    const findings = (await report('lang', withRows.loadId)).findings;
    expect(findings.find((f) => f.code === 'rows_lost')).toMatchObject({ line: 2002, severity: 'reject_load' });
    expect(findings.find((f) => f.code === 'rows_lost')?.message).toContain('telt 2.001 rijen, maar de database las er 2.000');

    const alone = await upload('lang', 'alleen.csv', `code,naam\n${longLine}`);
    expect(alone.status).toBe('REJECTED');
    expect((await report('lang', alone.loadId)).findings.find((f) => f.code === 'rows_lost')).toMatchObject({ line: 2 });
    expect(await query('select count(*) as n, min(code) as first from lang')).toEqual([{ n: 10, first: 'a1' }]);
  });

  it('reports an append re-upload of the same bytes as a repeat and does not append it twice', async () => {
    await useContract('logboek', { policy: 'append' });
    const content = `code,naam\n${faultRows('a', 5)}`;
    const first = await upload('logboek', 'week1.csv', content);
    await upload('logboek', 'week2.csv', `code,naam\n${faultRows('b', 3)}`);
    const again = await upload('logboek', 'week1-opnieuw.csv', content);

    expect(again.status).toBe('REJECTED');
    const repeat = (await report('logboek', again.loadId)).findings.find((f) => f.code === 'repeat');
    expect(repeat?.message).toContain(`levering ${first.loadId}`);
    expect(await query('select count(*) as n, count(distinct code) as codes from logboek')).toEqual([{ n: 8, codes: 8 }]);
  });

  it('keeps every state input and output of a file with a 150 KB cell that breaks the rules under 256 KiB', async () => {
    await useContract('groot');
    const cell = 'Q'.repeat(150 * 1024);
    const summary = await upload('groot', 'groot.csv', `code,naam\n${faultRows('a', 50)}${cell},${cell}\n${cell}x,kort\n`);
    expect(summary.status).toBe('SUCCEEDED');
    const runs = (await runtime.listRuns()).filter((r) => r.name === summary.run || r.parent === summary.run);
    const states = runs.flatMap((r) => r.states.map((s) => ({ run: r.workflow, ...s })));
    expect(states.length).toBeGreaterThan(10);
    for (const s of states) {
      expect(s.inputBytes, `${s.run}.${s.name} input`).toBeLessThan(payloadLimitBytes);
      if (s.outputBytes !== undefined) expect(s.outputBytes, `${s.run}.${s.name} output`).toBeLessThan(payloadLimitBytes);
    }
    const pattern = (await report('groot', summary.loadId)).findings.find((f) => f.code === 'pattern');
    expect(pattern?.count).toBe(2);
    expect(pattern?.examples[0]?.value?.length).toBeLessThan(300);
    // the quarantine keeps the whole value
    const kept = await query(
      `select max(length(value)) as n from read_parquet('${runtime.ports.store.uriToPath(`s3://lake/quarantine/${tenant}/groot/load=${summary.loadId}/`)}**/*.parquet')`,
    );
    expect(kept).toEqual([{ n: cell.length + 1 }]);
  });

  it('stops a gzip row bomb at the contract limit, fast, with a Dutch rejection', async () => {
    await useContract('bom', { max_rows: 1000 });
    const bomb = gzipSync(`code,naam\n${'a1,x\n'.repeat(2_000_000)}`);
    expect(bomb.length).toBeLessThan(50_000);
    const started = Date.now();
    const summary = await upload('bom', 'bom.csv.gz', bomb);
    expect(summary.status).toBe('REJECTED');
    expect(Date.now() - started).toBeLessThan(30_000);
    const finding = (await report('bom', summary.loadId)).findings.find((f) => f.code === 'load_too_large');
    expect(finding?.message).toBe('bom.csv.gz is groter dan de grens van 1.000 rijen per levering; het lezen is daar gestopt.');

    await useContract('bom2', { max_bytes: 100_000 });
    const bytes = await upload('bom2', 'bom.csv.gz', bomb);
    expect((await report('bom2', bytes.loadId)).findings.map((f) => f.code)).toContain('load_too_large');
  });

  it('rejects a gzip file that breaks off, saying so first (not the ragged last line where it breaks off)', async () => {
    await useContract('afgebroken');
    const whole = gzipSync(`code,naam\n${faultRows('a', 400)}`);
    // cut where the inflated text ends inside a code, so that its last line has one value instead of two
    const cut = [...Array(whole.length).keys()].reverse().find((n) => /\na[0-9]+$/.test(new TextDecoder().decode(gunzipHead(whole.subarray(0, n)))));
    const summary = await upload('afgebroken', 'afgebroken.csv.gz', whole.subarray(0, cut));
    expect(summary.status).toBe('REJECTED');
    const findings = (await report('afgebroken', summary.loadId)).findings;
    expect(findings[0]).toMatchObject({ code: 'gzip_damaged', severity: 'reject_load' });
    expect(findings[0]?.message).toMatch(/^afgebroken\.csv\.gz is beschadigd: de gzip-gegevens breken af na [0-9.]+ uitgepakte bytes \(rij [0-9.]+\)\.$/);
  });

  it('refuses a broken --contract override when it is given, and keeps the one in place', async () => {
    await useContract('kapot');
    const good = await runtime.ports.store.get({ bucket: 'lake', key: overrideContractKey(tenant, 'kapot') });
    const broken = [
      faultContract('kapot').replace('columns:', 'columns:\n  - name: [onzin'), // no YAML
      faultContract('kapot').replace("'^[a-z][0-9]+$'", "'^[a-z'"), // no regular expression
      faultContract('kapot').replace("kind: pattern, regex: '^[a-z][0-9]+$'", "kind: range, min: 1"), // range on text
    ];
    for (const [i, text] of broken.entries()) {
      const contractFile = await writeFaultFile(workspace, `kapot-${i}.yaml`, text);
      const file = await writeFaultFile(workspace, 'k.csv', `code,naam\n${faultRows('a', 2)}`);
      await expect(uploadFile(runtime, file, { tenant, dataset: 'kapot', contractFile }), `broken contract ${i}`).rejects.toThrow(/klopt niet/);
    }
    expect(Buffer.from(await runtime.ports.store.get({ bucket: 'lake', key: overrideContractKey(tenant, 'kapot') })).equals(Buffer.from(good))).toBe(true);
    expect((await listOverrides(runtime.ports.store, 'lake', tenant)).map((o) => o.dataset)).toContain('kapot');
  });

  it('plans a build again when publishing finds the table moved on (the synthesized integrate machine)', () => {
    const integrate = runtime.definitions().integrate as { States: Record<string, { Catch?: { ErrorEquals: string[]; Next: string }[] }> };
    expect(integrate.States.Build?.Catch).toEqual([expect.objectContaining({ ErrorEquals: ['StaleVersionError'], Next: 'Plan' })]);
  });

  it('rolls a dataset back to an earlier load, and records the rollback in its history', async () => {
    await useContract('terug');
    const first = await upload('terug', 'een.csv', `code,naam\n${faultRows('a', 3)}`);
    const second = await upload('terug', 'twee.csv', `code,naam\n${faultRows('b', 5)}`);
    expect(await query('select count(*) as n from terug')).toEqual([{ n: 5 }]);

    const out: string[] = [];
    const code = await rollback({ args: [], options: { tenant, dataset: 'terug', to: first.loadId }, workspace, projectRoot, out: (t) => out.push(t) });
    expect(code, out.join('\n')).toBe(0);
    expect(await query('select count(*) as n, min(_load) as load from terug')).toEqual([{ n: 3, load: first.loadId }]);
    const history = await versionHistory(runtime.ports.catalog, db, curatedTableName('terug'));
    expect(history.map((v) => [v.id, v.action])).toEqual([
      [first.loadId, 'build'],
      [second.loadId, 'build'],
      [first.loadId, 'rollback'],
    ]);
  });
});
