import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { parse as parseYaml } from 'yaml';
import { curatedColumns } from '../../core/contract/curated-query';
import { parseContract } from '../../core/contract/parse';
import { buildGraph, type ModelGraph, waves } from '../../core/models/graph';
import { loadPackModels, type ModelDef, type PackFiles } from '../../core/models/load';
import { runUnitTest, type SqlSession, type UnitTestResult } from '../../core/models/unit-tests';
import type { TableColumn } from '../../core/ports';
import { compatStatements } from '../../adapters/local/duckdb-compat';
import { WordedError } from '../../core/worded-error';
import { projectFolder } from '../../core/names';
import type { Contract } from '../../schemas/contract';
import { type Pack, pack as packSchema } from '../../schemas/pack';
import { tenantConfig, type TenantConfig } from '../../schemas/tenant';

/** `polder test`: the model graph of every tenant and every pack, and every model's unit tests, on DuckDB. */

/** Pack files in a checkout's packs/ folder. */
export function dirPackFiles(packsRoot: string): PackFiles {
  return {
    list: async (prefix) => {
      const dir = join(packsRoot, prefix);
      try {
        return (await readdir(dir)).sort().map((f) => `${prefix}${f}`);
      } catch {
        return [];
      }
    },
    read: (path) => readFile(join(packsRoot, path), 'utf8'),
  };
}

export interface PackUnderTest {
  pack: Pack;
  contracts: Map<string, Contract>;
  models: ModelDef[];
}

export interface PackTestReport {
  /** Graph problems per tenant or pack (empty: the graph is sound). */
  graphs: { scope: string; problems: string[]; waves: string[][] }[];
  unitTests: UnitTestResult[];
  passed: boolean;
}

async function loadPacks(root: string, only?: string): Promise<PackUnderTest[]> {
  const packsRoot = join(root, projectFolder.packs);
  const files = dirPackFiles(packsRoot);
  const ids = (await readdir(packsRoot, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  // a folder without pack.yaml holds only data (e.g. a sample for a benchmark), no pack
  const result: PackUnderTest[] = [];
  for (const id of ids.filter((p) => !only || p === only)) {
    if (!existsSync(join(packsRoot, id, 'pack.yaml'))) continue;
    const pack = packSchema.parse(parseYaml(await readFile(join(packsRoot, id, 'pack.yaml'), 'utf8')));
    const contracts = new Map<string, Contract>();
    for (const dataset of pack.datasets) {
      const path = join(projectFolder.packs, id, 'contracts', `${dataset}.yaml`);
      contracts.set(dataset, parseContract(await readFile(join(root, path), 'utf8'), path));
    }
    result.push({ pack, contracts, models: await loadPackModels(files, id) });
  }
  return result;
}

async function loadTenants(root: string): Promise<TenantConfig[]> {
  const dir = join(root, projectFolder.tenants);
  const files = (await readdir(dir)).filter((f) => f.endsWith('.yaml')).sort();
  return Promise.all(files.map(async (f) => tenantConfig.parse(parseYaml(await readFile(join(dir, f), 'utf8')))));
}

async function duckSession(): Promise<SqlSession> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const conn = await instance.connect();
  for (const s of compatStatements()) await conn.run(s);
  return {
    run: async (sql) => {
      await conn.run(sql);
    },
    rows: async (sql) => (await conn.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[],
    close: () => {
      conn.closeSync();
      instance.closeSync();
    },
  };
}

function tryGraph(models: ModelDef[], datasets: string[]): { graph?: ModelGraph; problems: string[] } {
  try {
    return { graph: buildGraph(models, { datasets }), problems: [] };
  } catch (error) {
    const problems = (error as { problems?: string[] }).problems ?? [(error as Error).message];
    return { problems };
  }
}

export async function testPacks(root: string, opts: { pack?: string } = {}): Promise<PackTestReport> {
  const all = await loadPacks(root);
  const tested = all.filter((p) => !opts.pack || p.pack.id === opts.pack);
  if (opts.pack && tested.length === 0) {
    const packs = all.map((p) => p.pack.id).join(', ');
    throw new WordedError({ nl: `er is geen pakket ${opts.pack} (pakketten: ${packs})`, en: `there is no pack ${opts.pack} (packs: ${packs})` });
  }
  const byId = new Map(all.map((p) => [p.pack.id, p]));
  const graphs: PackTestReport['graphs'] = [];
  const scopes: { scope: string; packs: PackUnderTest[] }[] = [];
  const tenants = await loadTenants(root);
  for (const tenant of tenants) {
    const packs = tenant.packs.map((id) => byId.get(id)).filter((p): p is PackUnderTest => p !== undefined);
    if (packs.some((p) => tested.includes(p))) scopes.push({ scope: `tenant ${tenant.id}`, packs });
  }
  for (const p of tested) if (!tenants.some((t) => t.packs.includes(p.pack.id))) scopes.push({ scope: `pack ${p.pack.id}`, packs: [p] });
  for (const { scope, packs } of scopes) {
    const { graph, problems } = tryGraph(packs.flatMap((p) => p.models), packs.flatMap((p) => p.pack.datasets));
    graphs.push({ scope, problems, waves: graph ? waves(graph, graph.nodes.keys()) : [] });
  }

  const columns = new Map<string, TableColumn[]>();
  for (const p of all) {
    for (const [dataset, contract] of p.contracts) columns.set(dataset, curatedColumns(contract));
    for (const m of p.models) {
      const typed = m.file.columns.filter((c) => c.type).map((c) => ({ name: c.name, type: c.type! }));
      if (typed.length) columns.set(m.table, typed);
    }
  }
  const unitTests: UnitTestResult[] = [];
  for (const p of tested) {
    for (const model of p.models) {
      for (const test of model.file.unit_tests) {
        unitTests.push(await runUnitTest(model, test, { columnsOf: (t) => columns.get(t), session: duckSession }));
      }
    }
  }
  return { graphs, unitTests, passed: graphs.every((g) => g.problems.length === 0) && unitTests.every((t) => t.passed) };
}
