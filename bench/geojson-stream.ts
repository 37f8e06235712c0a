/**
 * GeoJSON intake in bounded memory: a generated FeatureCollection (default 100 MB, one line, as ogr2ogr and most
 * exports write it) streamed through core/geojson into JSON lines rows, as ingest does for the query copy. Prints
 * the file size, features, seconds, MB/s and the peak RSS of the process before and after the stream.
 *
 *   npx tsx bench/geojson-stream.ts              # 100 MB (bench/out/buurten-100mb.geojson, generated if missing)
 *   npx tsx bench/geojson-stream.ts --mb 20
 */
import { createReadStream, createWriteStream, existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { geojsonToJsonl } from '../core/geojson';

const args = process.argv.slice(2);
const at = args.indexOf('--mb');
const targetMb = Number(at >= 0 ? args[at + 1] : 100);
const out = join(import.meta.dirname, 'out');
const file = join(out, `buurten-${targetMb}mb.geojson`);
const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

/** Polygons of ~200 vertices in RD New, properties like the CBS buurt map (with its -99999999 sentinel). */
async function generate(path: string, bytes: number): Promise<void> {
  mkdirSync(out, { recursive: true });
  const w = createWriteStream(path);
  const write = async (s: string) => {
    if (!w.write(s)) await once(w, 'drain');
  };
  await write('{"type":"FeatureCollection","name":"buurten","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::28992"}},"features":[\n');
  let written = 0;
  for (let i = 0; written < bytes; i++) {
    const x0 = 100000 + (i % 1000) * 150;
    const y0 = 400000 + Math.floor(i / 1000) * 150;
    const ring: string[] = [];
    for (let k = 0; k < 200; k++) {
      const a = (k / 200) * 2 * Math.PI;
      ring.push(`[${(x0 + 60 * Math.cos(a)).toFixed(3)},${(y0 + 60 * Math.sin(a)).toFixed(3)}]`);
    }
    ring.push(ring[0] as string);
    const props = `{"BU_CODE":"BU${String(i).padStart(8, '0')}","BU_NAAM":"Buurt ${i}","AANT_INW":${i % 7 === 0 ? -99999999 : i % 5000},"GEM_HH_GR":${(1 + (i % 30) / 10).toFixed(1)}}`;
    const line = `${i === 0 ? '' : ',\n'}{"type":"Feature","properties":${props},"geometry":{"type":"Polygon","coordinates":[[${ring.join(',')}]]}}`;
    written += line.length;
    await write(line);
  }
  await write('\n]}\n');
  w.end();
  await once(w, 'finish');
}

if (!existsSync(file)) {
  console.log(`generating ${file} ...`);
  await generate(file, targetMb * 1e6);
}
const size = statSync(file).size;
const rssBefore = process.resourceUsage().maxRSS * 1024;
const started = performance.now();
let features = 0;
let rowBytes = 0;
for await (const chunk of geojsonToJsonl(createReadStream(file, { highWaterMark: 1 << 20 }))) {
  rowBytes += chunk.length;
  for (const b of chunk) if (b === 0x0a) features += 1;
}
const seconds = (performance.now() - started) / 1000;
const rssAfter = process.resourceUsage().maxRSS * 1024;
console.log(`file            ${mib(size)} MiB (${file})`);
console.log(`features        ${features.toLocaleString('en')}`);
console.log(`rows written    ${mib(rowBytes)} MiB of JSON lines`);
console.log(`time            ${seconds.toFixed(2)} s (${(size / 1e6 / seconds).toFixed(1)} MB/s)`);
console.log(`peak RSS        ${mib(rssBefore)} MiB before the stream, ${mib(rssAfter)} MiB after`);
