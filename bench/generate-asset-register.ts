/**
 * Writes a large synthetic municipal asset register (CSV) for the validation benchmarks.
 *
 *   npx tsx bench/generate-asset-register.ts [--rows 5000000] [--seed 20170] [--fault-rate 0.01] [--out bench/out/asset-register.csv]
 *
 * Nine columns, ~67 bytes a row: five million rows make ~336 MB. Deterministic (seeded PRNG: same flags → same
 * bytes). Streams: rows are written in chunks with back-pressure, never one big string. About 1 % of rows carry
 * one bad value (see `faults` in bench/asset-register.ts). The counts of planted faults are printed and written
 * next to the CSV as <file>.faults.json.
 */
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { prng } from '../scripts/generate-gullies';
import { area, assetTypeNames, assetTypes, type AssetType, columns, defaultOutFile, type Fault, faults } from './asset-register';

export interface GenerateResult {
  file: string;
  rows: number;
  bytes: number;
  seconds: number;
  faults: Record<Fault, number>;
}

export interface GenerateOptions {
  rows: number;
  seed?: number;
  faultRate?: number;
  out?: string;
}

const DAY = 86_400_000;
const firstDay = Date.UTC(1900, 0, 1) / DAY;
const day1960 = Date.UTC(1960, 0, 1) / DAY;
const day2024 = Date.UTC(2024, 0, 1) / DAY;
const lastInstallDay = Date.UTC(2024, 11, 31) / DAY;

/** ISO date text per epoch day, computed once: millions of Date objects would dominate the run. */
const isoByDay: string[] = [];
for (let d = firstDay; d <= lastInstallDay; d++) isoByDay.push(new Date(d * DAY).toISOString().slice(0, 10));
const iso = (day: number) => isoByDay[day - firstDay]!;

const postcodeLetters = 'ABCEGHJKLMNPRTVWXZ';

export async function generateAssetRegister(opts: GenerateOptions): Promise<GenerateResult> {
  const rows = opts.rows;
  const rand = prng(opts.seed ?? 20170);
  const faultRate = opts.faultRate ?? 0.01;
  const out = opts.out ?? defaultOutFile;
  mkdirSync(dirname(out), { recursive: true });
  const stream = createWriteStream(out, { encoding: 'utf8', highWaterMark: 1 << 20 });
  const counts = Object.fromEntries(faults.map((f) => [f, 0])) as Record<Fault, number>;
  const typeWeights = assetTypeNames.map((t) => assetTypes[t].weight);
  const totalWeight = typeWeights.reduce((a, b) => a + b, 0);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const pickType = (): AssetType => {
    let r = rand() * totalWeight;
    for (let i = 0; i < assetTypeNames.length; i++) {
      r -= typeWeights[i]!;
      if (r < 0) return assetTypeNames[i]!;
    }
    return 'kolk';
  };

  const started = performance.now();
  let bytes = 0;
  const write = async (text: string) => {
    bytes += Buffer.byteLength(text);
    if (!stream.write(text)) await once(stream, 'drain');
  };
  await write(`${columns.join(',')}\n`);

  const chunkRows = 20_000;
  let lines: string[] = [];
  for (let i = 0; i < rows; i++) {
    const type = pickType();
    const spec = assetTypes[type];
    const x = area.xMin + Math.floor(rand() * (area.xMax - area.xMin));
    const y = area.yMin + Math.floor(rand() * (area.yMax - area.yMin));
    // districts on a 1.5 km grid: WK008001 … WK008040
    const wijk = String(Math.min(7, Math.floor((y - 571000) / 1500)) * 5 + Math.min(4, Math.floor((x - 179000) / 1500)) + 1).padStart(2, '0');
    // only trees and bridges predate 1960 (rule 15)
    const from = type === 'boom' || type === 'brug' ? firstDay : day1960;
    const installDay = from + Math.floor(rand() * (lastInstallDay - from + 1));
    // assets installed since 2024 may not have been inspected yet (rule 11); play equipment never scores 6 (rule 12)
    const condition = installDay >= day2024 && rand() < 0.5 ? '' : String(1 + Math.floor(rand() * (type === 'speeltoestel' ? 5 : 6)));
    const [costMin, costMax] = spec.cost;

    const f: string[] = [
      `AS${String(i + 1).padStart(7, '0')}`,
      type,
      `WK0080${wijk}`,
      `${8900 + Math.floor(rand() * 42)}${postcodeLetters[Math.floor(rand() * 18)]}${postcodeLetters[Math.floor(rand() * 18)]}`,
      String(x),
      String(y),
      iso(installDay),
      condition,
      (costMin + rand() * (costMax - costMin)).toFixed(2),
    ];

    if (rand() < faultRate) {
      const fault = faults[Math.floor(rand() * faults.length)]!;
      counts[fault]++;
      switch (fault) {
        case 'bad_asset_id':
          f[0] = pick([`AS${i + 1}`, `as${String(i + 1).padStart(7, '0')}`, `AS-${String(i + 1).padStart(7, '0')}`]);
          break;
        case 'duplicate_id':
          f[0] = i > 0 ? `AS${String(1 + Math.floor(rand() * i)).padStart(7, '0')}` : f[0]!;
          break;
        case 'empty_required':
          f[pick([0, 1, 4, 6])] = '';
          break;
        case 'unknown_asset_type':
          f[1] = pick(['lantaarnpaal', 'onbekend', 'KOLK', 'prullenbak']);
          break;
        case 'unknown_wijk':
          f[2] = pick(['WK036301', 'WK059901', 'WK001402']);
          break;
        case 'broken_postcode':
          f[3] = pick(['89111AB', '8911-AB', '891AB', '8911A1', '0911AB', 'onbekend']);
          break;
        case 'postcode_elsewhere':
          f[3] = pick(['1012AB', '3511LX', '9711LM']);
          break;
        case 'bad_coordinate':
          if (rand() < 0.5) f[4] = pick(['5.7999', '0', '1823450', '-182345']);
          else f[5] = pick(['53.2012', '0', '5802341', '999999']);
          break;
        case 'bad_install_date':
          f[6] = pick(['2019-13-45', `${f[6]!.slice(8, 10)}-${f[6]!.slice(5, 7)}-${f[6]!.slice(0, 4)}`, '0000-00-00', 'onbekend']);
          break;
        case 'future_install_date':
          f[6] = pick(['2031-04-01', '2099-12-31', '2207-06-15']);
          break;
        case 'ancient_install_date':
          f[6] = pick(['1850-01-01', '1066-10-14', '0001-01-01']);
          break;
        case 'condition_out_of_range':
          f[7] = pick(['0', '7', '9', '-1', 'goed']);
          break;
        case 'missing_condition':
          f[7] = '';
          if (installDay >= day2024) f[6] = '2019-06-01';
          break;
        case 'unsafe_play_equipment':
          f[1] = 'speeltoestel';
          f[7] = '6';
          break;
        case 'bad_cost':
          f[8] = pick([`-${f[8]}`, `"${f[8]!.replace('.', ',')}"`, 'n.v.t.', '99999999.99']);
          break;
        case 'cheap_bridge':
          f[1] = 'brug';
          f[8] = (1000 + rand() * 8000).toFixed(2);
          break;
      }
    }
    lines.push(f.join(','));
    if (lines.length === chunkRows) {
      await write(`${lines.join('\n')}\n`);
      lines = [];
    }
  }
  if (lines.length) await write(`${lines.join('\n')}\n`);
  stream.end();
  await once(stream, 'finish');
  const seconds = (performance.now() - started) / 1000;
  writeFileSync(`${out}.faults.json`, `${JSON.stringify({ rows, faults: counts }, null, 2)}\n`);
  return { file: out, rows, bytes, seconds, faults: counts };
}

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const rows = Number(flag(args, 'rows') ?? 5_000_000);
  if (!Number.isInteger(rows) || rows < 1) throw new Error('--rows must be a positive whole number');
  const result = await generateAssetRegister({
    rows,
    seed: flag(args, 'seed') ? Number(flag(args, 'seed')) : undefined,
    faultRate: flag(args, 'fault-rate') ? Number(flag(args, 'fault-rate')) : undefined,
    out: flag(args, 'out'),
  });
  const planted = Object.values(result.faults).reduce((a, b) => a + b, 0);
  console.log(`wrote ${result.file}`);
  console.log(`rows: ${result.rows.toLocaleString('en')}`);
  console.log(`bytes: ${result.bytes.toLocaleString('en')} (${(result.bytes / 1e6).toFixed(1)} MB)`);
  console.log(`seconds: ${result.seconds.toFixed(1)} (${Math.round(result.rows / result.seconds).toLocaleString('en')} rows/s)`);
  console.log(`planted faults: ${planted.toLocaleString('en')} rows (${((100 * planted) / result.rows).toFixed(2)} %)`);
  for (const [k, v] of Object.entries(result.faults)) console.log(`  ${k}: ${v}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
