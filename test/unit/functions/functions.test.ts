import { rawTableName } from '../../../core/tables';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { gunzipSync, gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FsObjectStore } from '../../../adapters/local/fs-object-store';
import { LocalKeyVault } from '../../../adapters/local/key-vault';
import { LocalCatalog } from '../../../adapters/local/local-catalog';
import type { Ports, QueryEngine, WorkflowStarter } from '../../../core/ports';
import { ingest } from '../../../functions/ingest';
import { MissingQueryCopyError, prepareChecks } from '../../../functions/prepare-checks';
import { edge } from '../../../functions/lib/edge';
import { startPipeline } from '../../../functions/start-pipeline';
import { summarize } from '../../../functions/summarize';
import { unreadableFinding } from '../../../core/report';
import type { ObjectCreatedEvent } from '../../../schemas/events';

const tenantYaml = 'id: gemeente-a\nname: Gemeente A\npacks: [demo]\n';
const contractYaml = `id: trees
title: Trees
owner: Team Groen
source_type: open
purpose: Plan tree maintenance
columns:
  - { name: tree_id, type: integer, nullable: false }
`;

function event(key: string, sequencer = '0055AED6DCD90281E5'): ObjectCreatedEvent {
  return {
    version: '0',
    id: 'c0a8f1f2-0000-4000-8000-000000000001',
    'detail-type': 'Object Created',
    source: 'aws.s3',
    account: '000000000000',
    time: '2026-11-24T10:15:30Z',
    region: 'eu-west-1',
    resources: ['arn:aws:s3:::landing'],
    detail: {
      version: '0',
      bucket: { name: 'landing' },
      object: { key, size: 12, etag: 'abc', sequencer },
    },
  };
}

describe('Function: start-pipeline and ingest', () => {
  let workspace: string;
  let ports: Ports & { starter: WorkflowStarter };
  let started: { name: string; input: unknown }[];

  beforeEach(async () => {
    workspace = await mkdtemp(join(tmpdir(), 'polder-fn-'));
    const store = new FsObjectStore(workspace);
    started = [];
    const names = new Set<string>();
    ports = {
      store,
      catalog: new LocalCatalog(workspace),
      // the local engine's capability (DuckDB keeps file order); Athena's is below
      engine: { keepsFileOrder: true } as QueryEngine,
      vault: new LocalKeyVault(workspace, new LocalCatalog(workspace)),
      clock: { now: () => new Date('2026-11-24T10:15:31Z') },
      buckets: { landing: 'landing', lake: 'lake' },
      starter: {
        start: async (name, input) => {
          const fresh = !names.has(name);
          names.add(name);
          if (fresh) started.push({ name, input });
          return { executionArn: `arn:local:${name}`, started: fresh };
        },
      },
    };
    await store.put({ bucket: 'lake', key: 'config/tenants/gemeente-a.yaml' }, tenantYaml);
    await store.put({ bucket: 'lake', key: 'config/packs/demo/contracts/trees.yaml' }, contractYaml);
    await store.put({ bucket: 'landing', key: 'gemeente-a/trees/bomen 2026.csv' }, 'tree_id\n1\n2\n');
  });

  afterEach(async () => {
    await rm(workspace, { recursive: true, force: true });
  });

  it('starts one run per upload, named after tenant, dataset and load', async () => {
    const result = await startPipeline.core(event('gemeente-a/trees/bomen 2026.csv'), ports);

    expect(result.started).toBe(true);
    expect(result.name).toMatch(/^gemeente-a-trees-20261124t101530-[0-9a-f]{10}$/);
    expect(started[0]?.input).toMatchObject({ tenant: 'gemeente-a', dataset: 'trees', loadId: result.loadId });
  });

  it('starts nothing for a duplicate delivery of the same event', async () => {
    const first = await startPipeline.core(event('gemeente-a/trees/bomen 2026.csv'), ports);
    const second = await startPipeline.core(event('gemeente-a/trees/bomen 2026.csv'), ports);

    expect(second.name).toBe(first.name);
    expect(second.started).toBe(false);
    expect(started).toHaveLength(1);
  });

  it('gives a second upload of the same key a new load id', async () => {
    const first = await startPipeline.core(event('gemeente-a/trees/bomen 2026.csv', '01'), ports);
    const second = await startPipeline.core(event('gemeente-a/trees/bomen 2026.csv', '02'), ports);

    expect(second.loadId).not.toBe(first.loadId);
  });

  it('rejects a key outside any tenant prefix and an unknown tenant, saying what to do', async () => {
    await expect(startPipeline.core(event('loose-file.csv'), ports)).rejects.toThrow(/outside any tenant's prefix/);
    await expect(startPipeline.core(event('gemeente-b/trees/x.csv'), ports)).rejects.toThrow(
      /onbekende tenant "gemeente-b" \(bekende tenants: gemeente-a\)/,
    );
  });

  it('rejects an event that is not an S3 Object Created event at the edge', async () => {
    const handler = edge(startPipeline, () => ports);
    await expect(handler({ source: 'aws.s3', 'detail-type': 'Object Deleted' }, {} as never)).rejects.toThrow(
      /does not match the expected payload/,
    );
  });

  it('copies the upload into the raw zone and snapshots its contract', async () => {
    const { loadId } = await startPipeline.core(event('gemeente-a/trees/bomen 2026.csv'), ports);
    const input = started[0]?.input as Parameters<typeof ingest.core>[0];

    const out = await ingest.core(input, ports);

    expect(out.raw).toEqual({ bucket: 'lake', key: `raw/gemeente-a/trees/load=${loadId}/bomen 2026.csv` });
    expect(new TextDecoder().decode(await ports.store.get(out.raw))).toBe('tree_id\n1\n2\n');
    const snapshot = await ports.store.get({ bucket: 'lake', key: `reports/gemeente-a/trees/load=${loadId}/contract.json` });
    expect(JSON.parse(new TextDecoder().decode(snapshot)).owner).toBe('Team Groen');
  });

  it('writes no UTF-8 copy for a UTF-8 contract', async () => {
    const { loadId } = await startPipeline.core(event('gemeente-a/trees/bomen 2026.csv'), ports);
    await ingest.core(started[0]?.input as Parameters<typeof ingest.core>[0], ports);

    expect(await ports.store.list('lake', 'decoded/')).toEqual([]);
    expect(await ports.store.list('lake', 'raw/')).toEqual([`raw/gemeente-a/trees/load=${loadId}/bomen 2026.csv`]);
  });

  describe('a windows-1252 contract', () => {
    /** A Dutch Excel export: windows-1252, `;`, decimal commas, a quoted value holding the delimiter. */
    const header = 'tree_id;soort;omtrek;opmerking\r\n';
    const row = (i: number) => `${i};Esdoorn;${i},5;"Caf\xe9; terras \x80 ${i},50 \x93Oldehove\x94"\r\n`;
    let upload: Buffer;
    let input: Parameters<typeof ingest.core>[0];
    let loadId: string;

    beforeEach(async () => {
      await ports.store.put(
        { bucket: 'lake', key: 'config/packs/demo/contracts/bomen.yaml' },
        `${contractYaml.replace('id: trees', 'id: bomen')}file: { encoding: windows-1252, delimiter: ";", decimal_separator: "," }\n`,
      );
      // ~400 KB: several 64 KiB chunks of the local store's stream
      upload = Buffer.from(header + Array.from({ length: 6000 }, (_, i) => row(i + 1)).join(''), 'latin1');
      await ports.store.put({ bucket: 'landing', key: 'gemeente-a/bomen/export.csv' }, upload);
      ({ loadId } = await startPipeline.core(event('gemeente-a/bomen/export.csv'), ports));
      input = started[0]?.input as Parameters<typeof ingest.core>[0];
    });

    it('keeps the upload byte for byte in raw/ and writes its UTF-8 copy to decoded/', async () => {
      const out = await ingest.core(input, ports);

      // the pre-check reads the original: the output still names it
      expect(out.raw).toEqual({ bucket: 'lake', key: `raw/gemeente-a/bomen/load=${loadId}/export.csv` });
      expect(Buffer.from(await ports.store.get(out.raw)).equals(upload)).toBe(true);
      expect(await ports.store.list('lake', `raw/gemeente-a/bomen/load=${loadId}/`)).toEqual([out.raw.key]);
      const decodedKey = `decoded/gemeente-a/bomen/load=${loadId}/export.csv`;
      expect(await ports.store.list('lake', 'decoded/')).toEqual([decodedKey]);
      const copy = await ports.store.get({ bucket: 'lake', key: decodedKey });
      expect(new TextDecoder('utf-8', { fatal: true }).decode(copy)).toBe(new TextDecoder('windows-1252').decode(upload));
      expect(new TextDecoder().decode(copy.subarray(0, 200))).toContain('1;Esdoorn;1,5;"Café; terras € 1,50 “Oldehove”"\r\n');
    });

    it('does not rewrite a copy on a retry, and makes one a failed attempt left out', async () => {
      await ingest.core(input, ports);
      const decoded = { bucket: 'lake', key: `decoded/gemeente-a/bomen/load=${loadId}/export.csv` };
      // mark both objects: a rewrite would replace the marks
      await ports.store.put(decoded, 'kept copy');
      await ports.store.put(input.landing, 'a later upload to the same key');
      await ingest.core(input, ports);
      expect(new TextDecoder().decode(await ports.store.get(decoded))).toBe('kept copy');

      // an attempt that stopped after the raw copy: the retry transcodes raw/ (not the landing object, which changed)
      await rm((ports.store as FsObjectStore).pathOf('lake', decoded.key));
      await ingest.core(input, ports);
      expect(new TextDecoder().decode(await ports.store.get(decoded))).toBe(new TextDecoder('windows-1252').decode(upload));
    });

    it('lets prepare-checks read the copy as UTF-8, and a UTF-8 load its upload', async () => {
      const loaded = await ingest.core(input, ports);
      const checks = (load: typeof loaded, header: (string | null)[]) =>
        prepareChecks.core({ ...load, status: 'ok', findings: [], header, encoding: 'windows-1252', delimiter: ';', bom: false }, ports);

      // the contract knows only tree_id: the other three are extra columns
      await checks(loaded, ['tree_id', null, null, null]);
      const table = await ports.catalog.getTable('polder_gemeente_a', rawTableName('bomen', loadId));
      expect(table?.locations).toEqual([`s3://lake/decoded/gemeente-a/bomen/load=${loadId}/`]);
      expect(table?.storage).toEqual({ format: 'csv', delimiter: ';', quote: '"', encoding: 'utf-8', headerRows: 1 });

      // a load without its copy (ingested before decoded/ existed) fails instead of reading an empty table
      await rm((ports.store as FsObjectStore).pathOf('lake', `decoded/gemeente-a/bomen/load=${loadId}/export.csv`));
      await expect(checks(loaded, ['tree_id', null, null, null])).rejects.toThrow(
        `the UTF-8 copy of a windows-1252 upload, s3://lake/decoded/gemeente-a/bomen/load=${loadId}/export.csv, is missing`,
      );

      const trees = await startPipeline.core(event('gemeente-a/trees/bomen 2026.csv'), ports);
      const utf8Load = await ingest.core(started[1]?.input as Parameters<typeof ingest.core>[0], ports);
      await checks(utf8Load, ['tree_id']);
      const utf8Table = await ports.catalog.getTable('polder_gemeente_a', rawTableName('trees', trees.loadId));
      expect(utf8Table?.locations).toEqual([`s3://lake/raw/gemeente-a/trees/load=${trees.loadId}/`]);
      expect(utf8Table?.storage).toMatchObject({ encoding: 'utf-8', delimiter: ',' });
    });
  });

  describe('on an engine that does not keep file order (Athena): the gzip query copy', () => {
    const athena = { keepsFileOrder: false } as QueryEngine;
    const rows = 'tree_id\n' + Array.from({ length: 60000 }, (_, i) => `${i + 1}\n`).join('');
    const ingestUpload = async (key: string, body: string | Uint8Array, engine = athena) => {
      await ports.store.put({ bucket: 'landing', key }, body);
      const { loadId } = await startPipeline.core(event(key), ports);
      const input = started.at(-1)?.input as Parameters<typeof ingest.core>[0];
      return { loadId, input, out: await ingest.core(input, { ...ports, engine }) };
    };
    const checks = (load: Awaited<ReturnType<typeof ingest.core>>, header: (string | null)[], engine = athena) =>
      prepareChecks.core({ ...load, status: 'ok', findings: [], header, encoding: 'utf-8', delimiter: ',', bom: false }, { ...ports, engine });

    it('writes decoded/<file>.gz, which inflates to the upload, and does not rewrite it on a retry', async () => {
      const { loadId, input, out } = await ingestUpload('gemeente-a/trees/bomen 2026.csv', rows);

      const key = `decoded/gemeente-a/trees/load=${loadId}/bomen 2026.csv.gz`;
      expect(await ports.store.list('lake', 'decoded/')).toEqual([key]);
      const copy = await ports.store.get({ bucket: 'lake', key });
      expect([copy[0], copy[1]]).toEqual([0x1f, 0x8b]);
      expect(gunzipSync(copy).toString('utf8')).toBe(rows);
      // the load still names the upload: the pre-check reads raw/
      expect(out.fileName).toBe('bomen 2026.csv');
      expect(new TextDecoder().decode(await ports.store.get(out.raw))).toBe(rows);

      await ports.store.put({ bucket: 'lake', key }, 'kept copy');
      await ingest.core(input, { ...ports, engine: athena });
      expect(new TextDecoder().decode(await ports.store.get({ bucket: 'lake', key }))).toBe('kept copy');
    });

    it('writes nothing to decoded/ for a UTF-8 upload on the local engine, nor for an upload that is gzip already', async () => {
      await ingestUpload('gemeente-a/trees/bomen 2026.csv', rows, { keepsFileOrder: true } as QueryEngine);
      const { loadId, out } = await ingestUpload('gemeente-a/trees/bomen.csv.gz', gzipSync(rows));
      expect(await ports.store.list('lake', 'decoded/')).toEqual([]);

      await checks(out, ['tree_id']);
      const table = await ports.catalog.getTable('polder_gemeente_a', rawTableName('trees', loadId));
      expect(table?.locations).toEqual([`s3://lake/raw/gemeente-a/trees/load=${loadId}/`]);
    });

    it('gzips the UTF-8 copy of a windows-1252 upload', async () => {
      await ports.store.put(
        { bucket: 'lake', key: 'config/packs/demo/contracts/bomen.yaml' },
        `${contractYaml.replace('id: trees', 'id: bomen')}file: { encoding: windows-1252, delimiter: ";" }\n`,
      );
      const upload = Buffer.from(`tree_id;naam\r\n${Array.from({ length: 20000 }, (_, i) => `${i};Caf\xe9 \x80\r\n`).join('')}`, 'latin1');
      const { loadId } = await ingestUpload('gemeente-a/bomen/export.csv', upload);

      const key = `decoded/gemeente-a/bomen/load=${loadId}/export.csv.gz`;
      expect(await ports.store.list('lake', 'decoded/')).toEqual([key]);
      const copy = gunzipSync(await ports.store.get({ bucket: 'lake', key }));
      expect(new TextDecoder('utf-8', { fatal: true }).decode(copy)).toBe(new TextDecoder('windows-1252').decode(upload));
    });

    it('inflates a gzip windows-1252 upload before transcoding it, also offline, and skips one that does not inflate', async () => {
      await ports.store.put(
        { bucket: 'lake', key: 'config/packs/demo/contracts/bomen.yaml' },
        `${contractYaml.replace('id: trees', 'id: bomen')}file: { encoding: windows-1252, delimiter: ";" }\n`,
      );
      const upload = Buffer.from('tree_id;naam\r\n1;Caf\xe9 \x80\r\n', 'latin1');
      const local = { keepsFileOrder: true } as QueryEngine;
      const { loadId } = await ingestUpload('gemeente-a/bomen/export.csv.gz', gzipSync(upload), local);

      const key = `decoded/gemeente-a/bomen/load=${loadId}/export.csv.gz`;
      expect(await ports.store.list('lake', 'decoded/')).toEqual([key]);
      expect(gunzipSync(await ports.store.get({ bucket: 'lake', key })).toString('utf8')).toBe('tree_id;naam\r\n1;Café €\r\n');

      // named .gz but not gzip: no copy (the pre-check rejects the file), and ingest does not fail
      const broken = await ingestUpload('gemeente-a/bomen/kapot.csv.gz', upload, local);
      expect(await ports.store.list('lake', `decoded/gemeente-a/bomen/load=${broken.loadId}/`)).toEqual([]);
      expect(broken.out.fileName).toBe('kapot.csv.gz');
    });

    it('copies a gzip upload named .GZ to a name ending in .gz, byte for byte', async () => {
      const upload = gzipSync(rows);
      const { loadId, out } = await ingestUpload('gemeente-a/trees/BOMEN.CSV.GZ', upload);

      const key = `decoded/gemeente-a/trees/load=${loadId}/BOMEN.CSV.gz`;
      expect(await ports.store.list('lake', 'decoded/')).toEqual([key]);
      expect(Buffer.from(await ports.store.get({ bucket: 'lake', key })).equals(upload)).toBe(true);
      await checks(out, ['tree_id']);
      const table = await ports.catalog.getTable('polder_gemeente_a', rawTableName('trees', loadId));
      expect(table?.locations).toEqual([`s3://lake/decoded/gemeente-a/trees/load=${loadId}/`]);
    });

    it('gives JSON lines the same gzip copy', async () => {
      await ports.store.put(
        { bucket: 'lake', key: 'config/packs/demo/contracts/metingen.yaml' },
        `${contractYaml.replace('id: trees', 'id: metingen')}file: { format: jsonl }\n`,
      );
      const lines = Array.from({ length: 20000 }, (_, i) => `{"tree_id": ${i + 1}}\n`).join('');
      const { loadId, out } = await ingestUpload('gemeente-a/metingen/m.jsonl', lines);

      const key = `decoded/gemeente-a/metingen/load=${loadId}/m.jsonl.gz`;
      expect(await ports.store.list('lake', 'decoded/')).toEqual([key]);
      expect(gunzipSync(await ports.store.get({ bucket: 'lake', key })).toString('utf8')).toBe(lines);
      await checks(out, ['tree_id']);
      const table = await ports.catalog.getTable('polder_gemeente_a', rawTableName('metingen', loadId));
      expect(table?.locations).toEqual([`s3://lake/decoded/gemeente-a/metingen/load=${loadId}/`]);
      expect(table?.storage.format).toBe('jsonl');
    });

    it('lets prepare-checks read the copy, and fails clearly when it is missing', async () => {
      const { loadId, out } = await ingestUpload('gemeente-a/trees/bomen 2026.csv', rows);

      await checks(out, ['tree_id']);
      const table = await ports.catalog.getTable('polder_gemeente_a', rawTableName('trees', loadId));
      expect(table?.locations).toEqual([`s3://lake/decoded/gemeente-a/trees/load=${loadId}/`]);
      expect(table?.storage).toEqual({ format: 'csv', delimiter: ',', quote: '"', encoding: 'utf-8', headerRows: 1 });

      // e.g. a load ingested before the copy existed: failing beats an empty table or wrong line numbers
      const key = `decoded/gemeente-a/trees/load=${loadId}/bomen 2026.csv.gz`;
      await rm((ports.store as FsObjectStore).pathOf('lake', key));
      const error = await checks(out, ['tree_id']).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MissingQueryCopyError);
      expect((error as Error).message).toBe(
        `the gzip-compressed copy of the upload (read in file order on Athena), s3://lake/${key}, is missing: ingest writes it`,
      );
    });
  });
});

describe('Function: summarize', () => {
  const built = (name: string, rowsIn: number, rowsOut: number, passed = true) => ({
    name,
    table: `mart_${name}`,
    location: `s3://lake/marts/gemeente-a/${name}/run=r1/`,
    rowsIn,
    rowsOut,
    published: passed,
    check: {
      model: name,
      table: `mart_${name}`,
      rowsOut,
      inputs: { gullies: rowsIn },
      tests: [{ kind: 'not_null', name: 'not_null(id)', column: 'id', failures: passed ? 0 : 2, passed, message: passed ? 'id is nooit leeg' : 'id is leeg in 2 rijen' }],
      reconciliations: [{ kind: 'reconciliation', name: 'every row once', failures: 0, passed: true, modelValue: rowsOut, sourceValue: rowsIn, message: 'every row once: model 7, bron 7 — klopt' }],
      passed,
    },
  });
  const plan = { stage: 'datamart' as const, tenant: 'gemeente-a', runId: 'r1', steps: [], waves: [['a', 'b']], wave: 1, blocked: [], extraTables: [] };

  /** A lake with the tenant's config: the stage speaks its language. */
  const lakeOf = async (language: 'nl' | 'en') => {
    const store = new FsObjectStore(await mkdtemp(join(tmpdir(), 'polder-sum-')));
    await store.put({ bucket: 'lake', key: 'config/tenants/gemeente-a.yaml' }, `id: gemeente-a\nname: Gemeente A\nlanguage: ${language}\n`);
    return store;
  };

  it('adds up what a stage built and writes the run report with counts, tests and reconciliations', async () => {
    const store = await lakeOf('en');
    const out = await summarize.core(
      { ...plan, skipped: ['other waits for gullies'], done: [built('a', 10, 7), built('b', 5, 5)] },
      { store, buckets: { landing: 'landing', lake: 'lake' } } as unknown as Ports,
    );
    expect(out).toMatchObject({ status: 'succeeded', rowsIn: 15, rowsOut: 12, rejected: 0, runReport: 'reports/gemeente-a/runs/run=r1/datamart.json' });
    expect(out.message.split('\n')[0]).toBe('Built mart_a (7 rows), mart_b (5 rows). Skipped: other waits for gullies.');
    expect(out.message).toContain('mart_a: 7 rows from gullies 10; tests 1/1; every row once');
    const report = JSON.parse(new TextDecoder().decode(await store.get({ bucket: 'lake', key: out.runReport! })));
    expect(report.models.map((m: { table: string }) => m.table)).toEqual(['mart_a', 'mart_b']);
  });

  it('fails the stage when a model was held back by its checks, said in Dutch by default', async () => {
    const store = await lakeOf('nl');
    const out = await summarize.core({ ...plan, skipped: [], done: [built('a', 10, 7), built('b', 5, 5, false)] }, {
      store,
      buckets: { landing: 'landing', lake: 'lake' },
    } as unknown as Ports);
    expect(out.status).toBe('failed');
    expect(out.rowsOut).toBe(7);
    expect(out.message).toMatch(/^Controles mislukt voor mart_b: niet gepubliceerd, de vorige versie blijft de huidige\./);
    expect(out.message).toContain('faalt: id is leeg in 2 rijen; NIET gepubliceerd');
  });
});

describe('Function: write-report, a file the checks could not read', () => {
  const athena = (reason: string) => ({
    Error: 'Athena.AthenaException',
    Cause: JSON.stringify({ QueryExecution: { Status: { State: 'FAILED', StateChangeReason: reason } } }),
  });

  it('JSON lines: names the line the local reader names; never the "line 1" of the one row Athena parsed', () => {
    const local = unreadableFinding(
      'metingen.jsonl',
      { Error: 'LocalQueryError', Cause: 'query failed: UNLOAD (\nInvalid Input Error: Malformed JSON in metingen.jsonl on line 1100: a comma before "}" (remove the last comma) (character 9)' },
      'jsonl',
      'en',
    );
    expect(local).toMatchObject({
      code: 'unreadable_file',
      line: 1100,
      message: 'metingen.jsonl could not be read past its first part: it goes wrong on line 1,100.',
      advice: 'Open the file, fix line 1,100 so that it is one complete JSON object (a missing comma, quote or bracket is the usual cause) and upload it again.',
      // the engine's own words, for the technical details
      detail: 'Invalid Input Error: Malformed JSON in metingen.jsonl on line 1100: a comma before "}" (remove the last comma) (character 9)',
    });
    const onAthena = unreadableFinding(
      'metingen.jsonl',
      athena("HIVE_CURSOR_ERROR: Row is not a valid JSON Object - JSONException: Expected a ',' or '}' at 60 [character 61 line 1]"),
      'jsonl',
    );
    expect(onAthena.line).toBeUndefined();
    expect(onAthena).toMatchObject({
      message: 'metingen.jsonl kon niet helemaal gelezen worden.',
      advice: 'Zoek de regel die geen volledig JSON-object is (`jq -c . bestand.jsonl > /dev/null` noemt hem), verbeter die en lever het bestand opnieuw aan.',
      detail: "HIVE_CURSOR_ERROR: Row is not a valid JSON Object - JSONException: Expected a ',' or '}' at 60 [character 61 line 1]",
    });
    expect(unreadableFinding('bomen.csv', athena('HIVE_BAD_DATA: line 1500: wrong number of fields')).line).toBe(1500);
  });
});
