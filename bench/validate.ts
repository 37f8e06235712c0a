/**
 * Benchmark of the validate workflow, end to end in the offline runtime, against one bare DuckDB pass.
 *
 *   npm run bench:validate                       # 5,000,000 rows (bench/out/asset-register.csv, generated if missing)
 *   npx tsx bench/validate.ts --rows 200000      # a small run (bench/out/asset-register-200000.csv)
 *   npx tsx bench/validate.ts --keep             # keep the scratch workspace
 *
 * Like `polder validate --contract`: a scratch workspace and LocalRuntime.validate (putUpload → ingest → the validate run).
 * Timed: the ingest copy (landing → raw) on its own, and the validate run (pre-check, prepare-checks, the one
 * compiled SQL pass into quarantine, write-report). Peak RSS is taken right after the workflow, before the bare
 * pass runs. Then bench/bare-pass.ts: one hand-written DuckDB statement with the same checks on the same file.
 * The rejected-row counts of both must agree.
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalRuntime } from '../local/runtime/runtime';
import { contractFile, defaultOutFile } from './asset-register';
import { barePass, readOnlyPass } from './bare-pass';
import { generateAssetRegister } from './generate-asset-register';

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const rows = Number(flag('rows') ?? 5_000_000);
if (!Number.isInteger(rows) || rows < 1) throw new Error('--rows must be a positive whole number');
const file = rows === 5_000_000 ? defaultOutFile : defaultOutFile.replace(/\.csv$/, `-${rows}.csv`);
const mb = (bytes: number) => bytes / 1e6;
const fmt = (n: number) => Math.round(n).toLocaleString('en');

if (!existsSync(file)) {
  console.log(`generating ${file} (${fmt(rows)} rows) ...`);
  await generateAssetRegister({ rows, out: file });
}
const bytes = statSync(file).size;

const scratch = mkdtempSync(join(tmpdir(), 'polder-bench-validate-'));
const runtime = await LocalRuntime.open({ workspace: scratch });
let workflow: {
  seconds: number;
  ingestSeconds: number;
  total: number;
  rejected: number;
  warned: number;
  status: string;
  states: { name: string; seconds: number }[];
};
try {
  const { report, run, ingestMs, validateMs } = await runtime.validate(file, { dataset: 'asset_register', contractFile });
  const states = run.states.map((s) => ({ name: s.name, seconds: (s.durationMs ?? 0) / 1000 }));
  const { total, rejected, warned } = report.rows;
  workflow = { seconds: validateMs / 1000, ingestSeconds: ingestMs / 1000, total, rejected, warned, status: report.status, states };
} finally {
  await runtime.close();
  if (!args.includes('--keep')) rmSync(scratch, { recursive: true, force: true });
  else console.log(`workspace kept: ${scratch}`);
}
const peakRss = process.resourceUsage().maxRSS * 1024;

const bare = await barePass(file);
const bareWithoutUnique = await barePass(file, { withoutUnique: true });
const readOnly = await readOnlyPass(file);

const line = (label: string, value: string) => console.log(`${label.padEnd(34)} ${value}`);
line('file', `${file}`);
line('rows', fmt(rows));
line('file size', `${mb(bytes).toFixed(1)} MB`);
line('ingest copy (landing → raw)', `${workflow.ingestSeconds.toFixed(2)} s`);
line('validate workflow', `${workflow.seconds.toFixed(2)} s, ${fmt(rows / workflow.seconds)} rows/s (status ${workflow.status})`);
for (const state of workflow.states) line(`  state ${state.name}`, `${state.seconds.toFixed(2)} s`);
line('bare DuckDB pass', `${bare.seconds.toFixed(2)} s, ${fmt(bare.rowsPerSecond)} rows/s`);
line('bare pass without the unique check', `${bareWithoutUnique.seconds.toFixed(2)} s, ${fmt(bareWithoutUnique.rowsPerSecond)} rows/s`);
line('CSV read alone (every column)', `${readOnly.seconds.toFixed(2)} s, ${fmt(readOnly.rows / readOnly.seconds)} rows/s`);
line('ratio workflow / bare (rows/s)', `${(rows / workflow.seconds / bare.rowsPerSecond).toFixed(2)}`);
line('peak RSS (workflow)', `${fmt(peakRss / 2 ** 20)} MiB`);
line('rows read: workflow / bare', `${fmt(workflow.total)} / ${fmt(bare.rows)}`);
line('rejected rows: workflow / bare', `${fmt(workflow.rejected)} / ${fmt(bare.rejectedRows)}`);
line('warned rows (workflow)', fmt(workflow.warned));
const agree = workflow.total === bare.rows && workflow.rejected === bare.rejectedRows;
line('counts agree', agree ? 'yes' : 'NO');
if (!agree) process.exitCode = 1;
