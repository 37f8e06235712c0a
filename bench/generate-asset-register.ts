/**
 * Writes a large synthetic municipal asset register (CSV) for the validation benchmarks.
 *
 *   npx tsx bench/generate-asset-register.ts [--rows 5000000] [--seed 20170] [--fault-rate 0.01] [--out bench/out/asset-register.csv]
 *
 * Deterministic (seeded PRNG: same flags → same bytes). Streams: rows are written in chunks with back-pressure,
 * never one big string. About 1 % of rows carry one bad value (see `faults` in bench/asset-register.ts): bad or
 * future dates, coordinates out of range, unknown codes, broken postcodes, duplicate or malformed ids, empty
 * required fields, inspections before installation, negative costs or decimal commas. The counts of planted
 * faults are printed and written next to the CSV as <file>.faults.json.
 */
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { prng } from '../scripts/generate-gullies';
import {
  area,
  assetTypeNames,
  assetTypes,
  type AssetType,
  defaultOutFile,
  departments,
  type Fault,
  faults,
  statuses,
} from './asset-register';

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
const firstDay = Date.UTC(1960, 0, 1) / DAY;
const lastInstallDay = Date.UTC(2024, 11, 31) / DAY;
const lastInspectionDay = Date.UTC(2025, 9, 31) / DAY;

/** ISO date text per epoch day, computed once: 10 million Date objects would dominate the run. */
const isoByDay: string[] = [];
for (let d = firstDay; d <= lastInspectionDay + 1; d++) isoByDay.push(new Date(d * DAY).toISOString().slice(0, 10));
const iso = (day: number) => isoByDay[day - firstDay]!;

const postcodeLetters = 'ABCEGHJKLMNPRTVWXZ';

function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

const notesPool = [
  'vervangen na aanrijding',
  'schade, gemeld door bewoner',
  'controleren bij volgende ronde',
  'deksel "klemt"',
  'onderdeel van herinrichting',
  'graffiti verwijderd',
];

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
  await write('asset_id,asset_type,wijk_code,buurt_code,postcode,x,y,install_date,condition_score,last_inspection,material,owner_department,replacement_cost,status,notes\n');

  const chunkRows = 20_000;
  let lines: string[] = [];
  for (let i = 0; i < rows; i++) {
    const type = pickType();
    const spec = assetTypes[type];
    const xNum = area.xMin + rand() * (area.xMax - area.xMin);
    const yNum = area.yMin + rand() * (area.yMax - area.yMin);
    const col = Math.min(4, Math.floor((xNum - 179000) / 1500));
    const row = Math.min(7, Math.floor((yNum - 571000) / 1500));
    const wijk = String(row * 5 + col + 1).padStart(2, '0');
    const buurt = String(Math.floor(rand() * 10)).padStart(2, '0');
    const installDay = firstDay + Math.floor(rand() * (lastInstallDay - firstDay + 1));
    const inspectionDay = rand() < 0.08 ? -1 : installDay + Math.floor(rand() * (lastInspectionDay - installDay + 1));
    const [costMin, costMax] = spec.cost;
    const status = rand() < 0.9 ? 'actief' : pick(statuses);

    const f: string[] = [
      `AS${String(i + 1).padStart(8, '0')}`,
      type,
      `WK0080${wijk}`,
      `BU0080${wijk}${buurt}`,
      `${8900 + Math.floor(rand() * 42)} ${postcodeLetters[Math.floor(rand() * 18)]}${postcodeLetters[Math.floor(rand() * 18)]}`,
      xNum.toFixed(2),
      yNum.toFixed(2),
      iso(installDay),
      String(1 + Math.floor(rand() * 6)),
      inspectionDay < 0 ? '' : iso(inspectionDay),
      pick(spec.materials),
      type === 'kolk' ? 'riolering' : type === 'boom' ? 'groen' : pick(departments),
      (costMin + rand() * (costMax - costMin)).toFixed(2),
      status,
      rand() < 0.03 ? csvField(pick(notesPool)) : '',
    ];

    if (rand() < faultRate) {
      const fault = faults[Math.floor(rand() * faults.length)]!;
      counts[fault]++;
      switch (fault) {
        case 'bad_install_date':
          f[7] = pick(['2019-13-45', `${iso(installDay).slice(8, 10)}-${iso(installDay).slice(5, 7)}-${iso(installDay).slice(0, 4)}`, '0000-00-00', 'onbekend']);
          break;
        case 'future_install_date':
          f[7] = pick(['2031-04-01', '2099-12-31', '2207-06-15']);
          break;
        case 'bad_coordinate':
          if (rand() < 0.5) f[5] = pick(['5.7999', '0', '1823450.12', '-182345.10']);
          else f[6] = pick(['53.2012', '0', '5802341.00', '999999.99']);
          break;
        case 'unknown_asset_type':
          f[1] = pick(['lantaarnpaal', 'onbekend', 'Kolk ', 'prullenbak', 'KOLK']);
          break;
        case 'broken_postcode':
          f[4] = pick(['89111AB', '8911-AB', '891 AB', '8911 A1', '0911 AB', 'onbekend']);
          break;
        case 'duplicate_id':
          f[0] = i > 0 ? `AS${String(1 + Math.floor(rand() * i)).padStart(8, '0')}` : f[0]!;
          break;
        case 'empty_required':
          f[pick([0, 1, 5, 7])] = '';
          break;
        case 'bad_asset_id':
          f[0] = pick([`AS${i + 1}`, `as${String(i + 1).padStart(8, '0')}`, `AS-${String(i + 1).padStart(8, '0')}`]);
          break;
        case 'condition_out_of_range':
          f[8] = pick(['0', '7', '9', '-1', 'goed']);
          break;
        case 'inspection_before_install':
          f[9] = iso(Math.max(firstDay, installDay - 1 - Math.floor(rand() * 3000)));
          if (installDay === firstDay) f[7] = iso(firstDay + 10);
          break;
        case 'bad_cost':
          f[12] = pick([`-${f[12]}`, f[12]!.replace('.', ','), '12.345,67', 'n.v.t.', '99999999.99']);
          f[12] = csvField(f[12]!);
          break;
        case 'unknown_status':
          f[13] = pick(['Actief', 'gesloopt', 'in onderhoud', '?']);
          break;
        case 'unknown_material':
          f[10] = pick(['plastic', 'ijzer', 'glas', 'Beton']);
          break;
        case 'unknown_department':
          f[11] = pick(['BOR', 'stadsbeheer', 'onbekend']);
          break;
        case 'buurt_outside_wijk':
          f[3] = `BU0080${String(((Number(wijk) + 6) % 40) + 1).padStart(2, '0')}${buurt}`;
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
