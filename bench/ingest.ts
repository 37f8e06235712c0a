/**
 * Benchmark of ingest on a large upload: how fast the streaming step moves bytes, to size the ingest Lambda.
 *
 *   npx tsx bench/ingest.ts                  # ~2 GB (30,000,000 rows of the asset register, generated if missing)
 *   npx tsx bench/ingest.ts --rows 2000000   # a small run
 *
 * In a scratch workspace: the upload into the landing bucket (streamed, MD5 on the way), then ingest's core twice,
 * each as a new load: as offline (DuckDB keeps file order: the raw copy only) and as on Athena (raw copy plus the
 * gzip query copy streamed from it, core/query-copy.ts). Prints seconds, MB/s and peak RSS. Local disk stands in
 * for S3, so the figures bound the CPU side of the step (gzip), not S3's network.
 */
import { mkdtempSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipelineInputFromEvent } from '../core/pipeline-input';
import { putContractOverride } from '../local/runtime/contract-override';
import { LocalRuntime } from '../local/runtime/runtime';
import { functionName } from '../core/names';
import { contractFile, defaultOutFile } from './asset-register';
import { generateAssetRegister } from './generate-asset-register';

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const rows = Number(flag('rows') ?? 30_000_000);
const file = rows === 5_000_000 ? defaultOutFile : defaultOutFile.replace(/\.csv$/, `-${rows}.csv`);
if (!existsSync(file)) {
  console.log(`generating ${file} (${rows.toLocaleString('en')} rows) ...`);
  await generateAssetRegister({ rows, out: file });
}
const bytes = statSync(file).size;
const mb = bytes / 1e6;

const scratch = mkdtempSync(join(tmpdir(), 'polder-bench-ingest-'));
const runtime = await LocalRuntime.open({ workspace: scratch });
try {
  const { store, buckets } = runtime.ports;
  const tenant = 'leeuwarden';
  const dataset = 'asset_register';
  await putContractOverride(store, buckets.lake, { tenant, dataset, contractFile });
  const ingest = (await import('../functions/registry')).registry[functionName.ingest]!;
  const timed = async <T>(job: () => Promise<T>): Promise<[T, number]> => {
    const start = performance.now();
    const out = await job();
    return [out, (performance.now() - start) / 1000];
  };
  const [event, uploadSeconds] = await timed(() => runtime.putUpload(file, { tenant, dataset }));
  const line = (what: string, seconds: number) => console.log(`${what.padEnd(52)} ${seconds.toFixed(2).padStart(7)} s  ${(mb / seconds).toFixed(0).padStart(5)} MB/s`);
  console.log(`file: ${mb.toFixed(0)} MB, ${rows.toLocaleString('en')} rows`);
  line('upload into landing (stream + MD5)', uploadSeconds);
  for (const [label, keepsFileOrder] of [['ingest as offline (raw copy)', true], ['ingest as on Athena (raw copy + gzip query copy)', false]] as const) {
    // a new load id each time: a load's raw copy is written once
    const input = { ...pipelineInputFromEvent(event), loadId: `bench-${keepsFileOrder ? 'offline' : 'athena'}` };
    const engine = Object.assign(Object.create(runtime.ports.engine), { keepsFileOrder });
    const [, seconds] = await timed(() => ingest.core(input, { ...runtime.ports, engine }));
    line(label, seconds);
  }
  console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
} finally {
  await runtime.close();
  rmSync(scratch, { recursive: true, force: true });
}
