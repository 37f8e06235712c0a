/**
 * Real open data through intake, as a new user would do it (not a test: a fresh clone has no ../shared/data):
 * for every CSV, JSON and GeoJSON file under the data folder, `polder contract infer <file> --out <draft>` →
 * `polder validate <file> --contract <draft> --json` with the unedited draft (the CLI's commands, run in this
 * process as local/cli.ts runs them).
 * Records are counted independently of Polder's readers (a quote-aware record count for CSV, JSON.parse for JSON),
 * and per file it prints: records in the file, rows read, rows accepted, and the load status; then the same per
 * folder, and the time taken. The outcome comes from the exit code (0 accepted, 1 rejected, 2 an error), the
 * counts and `accepted` / `accepted_with_warnings` from the --json report's fields, never from wording (which is in
 * the tenant's language).
 *
 *   npx tsx bench/intake-real-data.ts                      # ../shared/data next to the project
 *   npx tsx bench/intake-real-data.ts --data DIR --only grondwater --limit 10
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { contract } from '../local/commands/contract';
import { validate } from '../local/commands/validate';
import type { Command, CommandContext } from '../local/commands/context';
import type { LoadReport } from '../schemas/report';


const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const projectRoot = join(import.meta.dirname, '..');
const dataDir = flag('data') ?? join(projectRoot, '..', 'shared', 'data');
const only = flag('only');
const limit = Number(flag('limit') ?? Infinity);

if (!existsSync(dataDir)) {
  console.log(`no data folder at ${dataDir}: nothing to do (pass --data DIR)`);
  process.exit(0);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]))
    .filter((f) => /\.(csv|json|geojson|jsonl)$/i.test(f))
    .sort();
}

/** Records of a delimited text: quote-aware, blank lines skipped; the delimiter is the most common of ; , tab on the last line. */
function csvRecords(bytes: Buffer): { records: number; widths: number[] } {
  const text = bytes.toString('latin1');
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const last = lines.at(-1) ?? '';
  const delimiter = [';', ',', '\t'].sort((a, b) => last.split(b).length - last.split(a).length)[0] as string;
  const widths: number[] = [];
  let fields = 1;
  let quoted = false;
  let blank = true;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') quoted = text[i + 1] === '"' ? (i++, true) : false;
      continue;
    }
    if (c === '"') quoted = true;
    else if (c === delimiter) fields += 1;
    else if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) {
      if (!blank) widths.push(fields);
      fields = 1;
      blank = true;
      continue;
    } else if (c === '\r') continue;
    if (c !== ' ' && c !== '\t') blank = false;
  }
  if (!blank) widths.push(fields);
  return { records: widths.length, widths };
}

/**
 * Data records: the records of the last run of equal field counts (the table), less its first (the header). When
 * the last record starts with a number (a date, an id), the table is the trailing run of records that do so too
 * (a metadata block above the header can have the table's width: `Locatie;D06325;`).
 */
function dataRecords(file: string): number | string {
  const bytes = readFileSync(file);
  if (/\.(geo)?json$/i.test(file)) {
    const doc = JSON.parse(bytes.toString('utf8').replace(/^\ufeff/, '')) as unknown;
    if (Array.isArray(doc)) return doc.length;
    const features = (doc as { features?: unknown[] }).features;
    if (Array.isArray(features)) return features.length;
    // nested objects: one record per innermost object (one without objects in it)
    const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
    const innermost = (o: Record<string, unknown>): number => {
      const inner = Object.values(o).filter(isObject);
      return inner.length === 0 ? 1 : inner.reduce((s, v) => s + innermost(v), 0) + (inner.length < Object.keys(o).length ? 1 : 0);
    };
    return isObject(doc) ? innermost(doc) : 'not a table';
  }
  const { widths } = csvRecords(bytes);
  let start = widths.length - 1;
  while (start > 0 && widths[start - 1] === widths.at(-1)) start -= 1;
  const lines = bytes.toString('latin1').split(/\r?\n/).filter((l) => l.trim() !== '');
  const numeric = (line: string) => /^\s*"?-?\d/.test(line);
  if (lines.length === widths.length && numeric(lines.at(-1) ?? '')) {
    let first = lines.length;
    while (first > start && numeric(lines[first - 1] ?? '')) first -= 1;
    return lines.length - first;
  }
  return widths.length - start - 1;
}

const files = filesUnder(dataDir)
  .filter((f) => !only || f.includes(only))
  .slice(0, limit);
const workspace = mkdtempSync(join(tmpdir(), 'polder-intake-'));

/** A CLI command as local/cli.ts runs it: its exit code (2 when it throws) and what it printed. */
async function polder(command: Command, commandArgs: string[], options: CommandContext['options']): Promise<{ code: number; text: string }> {
  const printed: string[] = [];
  try {
    const code = await command({ args: commandArgs, options, workspace, projectRoot, out: (t) => printed.push(t) });
    return { code, text: printed.join('\n') };
  } catch (error) {
    return { code: 2, text: (error as Error).message };
  }
}
const rows: string[][] = [];
let readWhole = 0;
let notRejected = 0;
/** Per folder (at most two levels deep): files, records, rows read, read whole, and files per status. */
const folders = new Map<string, { files: number; records: number; read: number; whole: number; statuses: Map<string, number> }>();
const tally = (name: string, records: number | string, read: number, whole: boolean, status: string) => {
  const folder = name.split('/').slice(0, -1).slice(0, 2).join('/') || '.';
  const f = folders.get(folder) ?? { files: 0, records: 0, read: 0, whole: 0, statuses: new Map<string, number>() };
  f.files += 1;
  f.records += typeof records === 'number' ? records : 0;
  f.read += read;
  f.whole += whole ? 1 : 0;
  f.statuses.set(status, (f.statuses.get(status) ?? 0) + 1);
  folders.set(folder, f);
};
const started = performance.now();
let seconds = 0;
try {
  for (const [i, file] of files.entries()) {
    const name = relative(dataDir, file);
    const dataset = `d${i}`;
    let records: number | string;
    try {
      records = dataRecords(file);
    } catch (error) {
      records = `unreadable (${(error as Error).message.slice(0, 40)})`;
    }
    const contractFile = join(workspace, `${dataset}.yaml`);
    const inferred = await polder(contract, ['infer', file], { dataset, out: contractFile });
    const checked = inferred.code === 0 ? await polder(validate, [file], { contract: contractFile, tenant: 'leeuwarden', json: true }) : inferred;
    if (checked.code === 2) {
      rows.push([name, String(records), '-', '-', `error (${inferred.code === 2 ? 'contract infer' : 'polder validate'}): ${checked.text.split('\n')[0]?.slice(0, 110)}`]);
      tally(name, records, 0, false, 'error');
    } else {
      const report = JSON.parse(checked.text) as LoadReport;
      const whole = report.rows.total === records;
      readWhole += whole ? 1 : 0;
      notRejected += checked.code === 0 ? 1 : 0;
      // exit code 1 is a rejected load, 0 one accepted (with or without warnings, the report's status says which)
      const status = checked.code === 1 ? 'rejected' : report.status;
      const odd = (checked.code === 1) !== (report.status === 'rejected') ? ` (exit code ${checked.code}, report ${report.status})` : '';
      const reason = checked.code === 1 ? ` — ${(report.reason ?? report.findings[0]?.message ?? '').slice(0, 90)}` : '';
      rows.push([name, String(records), String(report.rows.total), String(report.rows.accepted), `${status}${odd}${whole ? '' : ' (not whole)'}${reason}`]);
      tally(name, records, report.rows.total, whole, status);
    }
    process.stderr.write(`\r${i + 1}/${files.length}`);
  }
} finally {
  seconds = (performance.now() - started) / 1000;
  if (!args.includes('--keep')) rmSync(workspace, { recursive: true, force: true });
}
process.stderr.write('\n');
const head = ['file', 'records in file', 'rows read', 'accepted', 'status'];
const widths = head.map((h, c) => Math.min(60, Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length))));
const line = (r: string[]) => r.map((v, c) => (c === 4 ? v : c === 0 ? v.padEnd(widths[c] as number) : v.padStart(widths[c] as number))).join('  ');
console.log(line(head));
for (const r of rows) console.log(line(r));
console.log('\nper folder:');
type Tally = typeof folders extends Map<string, infer V> ? V : never;
const total = (f: (v: Tally) => number) => [...folders.values()].reduce((n, v) => n + f(v), 0);
const summary = [...folders.entries()].map(([folder, f]) => [
  folder,
  String(f.files),
  String(f.records),
  String(f.read),
  String(f.whole),
  [...f.statuses.entries()].map(([status, n]) => `${n} ${status}`).join(', '),
]);
summary.push(['all', String(files.length), String(total((f) => f.records)), String(total((f) => f.read)), String(readWhole), `${notRejected} not rejected`]);
const sumHead = ['folder', 'files', 'records', 'rows read', 'read whole', 'status'];
const sumWidths = sumHead.map((h, c) => Math.max(h.length, ...summary.map((r) => (r[c] ?? '').length)));
const sumLine = (r: string[]) => r.map((v, c) => (c === 5 ? v : c === 0 ? v.padEnd(sumWidths[c] as number) : v.padStart(sumWidths[c] as number))).join('  ');
console.log(sumLine(sumHead));
for (const r of summary) console.log(sumLine(r));
console.log(`\n${files.length} files: ${readWhole} read whole, ${notRejected} not rejected by their own draft, in ${seconds.toFixed(0)} s (data: ${dataDir})`);
