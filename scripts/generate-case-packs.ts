/**
 * Synthetic sample data for the report's cases, with the quirks of the real files (see each pack's README).
 * Deterministic: `npx tsx scripts/generate-case-packs.ts` rewrites the same bytes (a test checks this).
 * The CBS SES file of neighbourhood_profile is real (CC BY 4.0) and read, not written.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectFolder } from '../core/names';
import { encodeCp1252 } from './cp1252-encode';
import { gaussian, mulberry32, pick, sigmoid } from './random';

const root = join(import.meta.dirname, '..');
const packs = join(root, projectFolder.packs);

const csvField = (v: string | number) => {
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
const csv = (header: string[], rows: (string | number)[][], sep = ',') =>
  `${[header, ...rows].map((r) => r.map((v) => (sep === ',' ? csvField(v) : String(v))).join(sep)).join('\n')}\n`;

/** The 22 areas Inside Airbnb uses for Amsterdam (gebieden). */
export const gebieden = [
  'Centrum-West', 'Centrum-Oost', 'Westerpark', 'Bos en Lommer', 'De Baarsjes - Oud-West', 'Geuzenveld - Slotermeer',
  'Osdorp', 'De Aker - Nieuw Sloten', 'Slotervaart', 'Oud-Noord', 'Noord-West', 'Noord-Oost', 'Oostelijk Havengebied - Indische Buurt',
  'Oud-Oost', 'Watergraafsmeer', 'IJburg - Zeeburgereiland', 'De Pijp - Rivierenbuurt', 'Zuid', 'Buitenveldert - Zuidas',
  'Bijlmer-Centrum', 'Bijlmer-Oost', 'Gaasperdam - Driemond',
] as const;

export interface Wijk {
  code: string;
  name: string;
  households: number;
}

/** The districts (WK…) of the bundled CBS file. */
export function sesWijken(): Wijk[] {
  const text = readFileSync(join(packs, 'neighbourhood_profile/data/ses_scores.csv'), 'utf8').replace(/^\uFEFF/, '');
  return text
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(';').map((f) => f.replace(/^"|"$/g, '').trim()))
    .filter((f) => f[2]?.startsWith('WK'))
    .map((f) => ({ code: f[2]!, name: f[1]!, households: Number(f[3]) || 0 }));
}

/** Districts in code order, in 22 consecutive blocks: the areas are groupings of neighbouring districts. */
export function wijkAreas(wijken: Wijk[]): { wijk: Wijk; gebied: string }[] {
  return wijken.map((wijk, i) => ({ wijk, gebied: gebieden[Math.min(gebieden.length - 1, Math.floor((i * gebieden.length) / wijken.length))]! }));
}

function listings(): string {
  const random = mulberry32(363);
  const rows: (string | number)[][] = [];
  const weights = gebieden.map((g, i) => (i < 2 ? 6 : i < 5 || g.startsWith('De Pijp') || g === 'Zuid' ? 3 : 1));
  const total = weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < 3000; i++) {
    let r = random() * total;
    let g = 0;
    while ((r -= weights[g]!) > 0) g++;
    const entire = random() < 0.72;
    const minNights = pick(random, [1, 1, 2, 2, 2, 3, 3, 4, 5, 7, 30]);
    const busy = random() < 0.25;
    const reviewsLtm = busy ? Math.floor(10 + random() * 60) : Math.floor(random() * 9);
    const reviews = reviewsLtm + Math.floor(random() * 120);
    const host = 1000 + Math.floor(random() * 2200);
    const licence = random() < 0.08 ? '' : random() < 0.05 ? 'Exempt' : `0363 ${Math.floor(random() * 0xffff).toString(16).toUpperCase().padStart(4, '0')} ${Math.floor(random() * 0xffff).toString(16).toUpperCase().padStart(4, '0')}`;
    const lastReview = reviews === 0 ? '' : `2021-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`;
    rows.push([
      20000 + i * 7,
      `${entire ? 'Lovely apartment' : 'Cosy room'} in ${gebieden[g]}${random() < 0.1 ? ', "canal view"' : ''}`,
      host,
      pick(random, ['Anna', 'Daan', 'Sanne', 'Mohammed', 'Eva', 'Lars']),
      'NA',
      gebieden[g]!,
      (52.35 + random() * 0.06).toFixed(5),
      (4.85 + random() * 0.1).toFixed(5),
      entire ? 'Entire home/apt' : pick(random, ['Private room', 'Private room', 'Hotel room', 'Shared room']),
      Math.round(60 + random() * 240),
      minNights,
      reviews,
      lastReview,
      reviews === 0 ? 'NA' : (reviewsLtm / 12 + random()).toFixed(2),
      1 + Math.floor(random() * 3),
      busy ? Math.floor(random() * 200) : Math.floor(random() * 365),
      reviewsLtm,
      licence,
    ]);
  }
  return csv(
    ['id', 'name', 'host_id', 'host_name', 'neighbourhood_group', 'neighbourhood', 'latitude', 'longitude', 'room_type', 'price', 'minimum_nights', 'number_of_reviews', 'last_review', 'reviews_per_month', 'calculated_host_listings_count', 'availability_365', 'number_of_reviews_ltm', 'license'],
    rows,
  ).replace(/^/, '').split('\n').map((line, i) => (i === 0 ? line.split(',').map((h) => `"${h}"`).join(',') : line)).join('\n');
}

const months = Array.from({ length: 24 }, (_v, i) => `${2020 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`);
/** One-letter differences between registers, as in the real crime and listings files ("De Akker" / "De Aker"). */
const misspelt: Record<string, string> = { 'Kinkerbuurt': 'Kinkerbuurtt', 'Van Lennepbuurt': 'Van Lennepbuur' };

function crime(wijken: Wijk[]): string {
  const random = mulberry32(47022);
  const rows: (string | number)[][] = [];
  for (const w of wijken) {
    const base = 1 + w.households / 400 + random() * 4;
    for (const [m, month] of months.entries()) {
      for (const type of ['Property', 'Violence', 'Environment']) {
        const season = 1 + 0.2 * Math.sin((m / 12) * 2 * Math.PI);
        const trend = w.code.endsWith('0') ? 1 + m * 0.03 : 1;
        const n = Math.max(0, Math.round(base * season * trend * (type === 'Property' ? 1 : 0.4) + gaussian(random)));
        // some rows carry the district code instead of its name, as in the real file
        const name = random() < 0.03 ? w.code : (misspelt[w.name] ?? w.name);
        rows.push([name, month, type, n]);
      }
    }
  }
  // every text field quoted, as in the police extracts (district names hold commas: "Bijlmer Centrum (D,F,H)")
  const q = (v: string | number) => `"${String(v).replace(/"/g, '""')}"`;
  return `${[['Neighborhoods', 'Periods', 'CrimeType_Category', 'total_crime_sum'].map(q).join(','), ...rows.map((r) => `${q(r[0]!)},${q(r[1]!)},${q(r[2]!)},${r[3]}`)].join('\n')}\n`;
}

function woz(wijken: Wijk[]): string {
  const random = mulberry32(2014);
  const lines = ['\uFEFFwijk;2014;2015;2016;2017;2018'];
  let stadsdeel = '';
  wijken.forEach((w, i) => {
    const letter = String.fromCharCode(65 + Math.min(7, Math.floor(i / 13)));
    if (letter !== stadsdeel) {
      stadsdeel = letter;
      // district totals mixed with district rows, as in the OIS file
      lines.push(`${letter} Stadsdeel ${letter};;;;;`);
    }
    let v = 180000 + random() * 300000;
    const values: string[] = [];
    for (let y = 0; y < 5; y++) {
      values.push(random() < 0.03 ? '' : String(Math.round(v)));
      v *= 1.04 + random() * 0.1;
    }
    lines.push(`${letter}${String(i % 13).padStart(2, '0')} ${w.name};${values.join(';')}`);
  });
  return `${lines.join('\r\n')}\r\n`;
}

function buildings(): { buildings: string; subsidence: string } {
  const random = mulberry32(479);
  const rows: (string | number)[][] = [];
  const sub: string[] = ['pand_id;mm_per_jaar'];
  for (let i = 0; i < 6000; i++) {
    const id = `0479100000${String(100000 + i)}`;
    const era = random();
    const year = era < 0.35 ? 1880 + Math.floor(random() * 60) : era < 0.7 ? 1940 + Math.floor(random() * 40) : 1980 + Math.floor(random() * 44);
    const wooden = year < 1940 ? random() < 0.85 : year < 1975 ? random() < 0.4 : random() < 0.05;
    const foundation = wooden ? 'houten palen' : year >= 1975 ? pick(random, ['betonnen palen', 'betonnen palen', 'op staal']) : pick(random, ['betonnen palen', 'op staal', 'onbekend']);
    const maaiveld = -0.6 + 0.5 * gaussian(random);
    const paalkop = wooden ? maaiveld - 1.3 + 0.3 * gaussian(random) : maaiveld - 0.8;
    const subsidence = Math.max(0, 2 + (year < 1940 ? 1.5 : 0) + 1.2 * gaussian(random));
    // groundwater in the area (GLG about -1.75 m NAP, see the well's series): dry pile heads rot
    const dry = Math.max(0, paalkop - -1.75);
    const logit = -3.2 + (wooden ? 1.4 : 0) + 0.025 * (2026 - year - 60) + 0.55 * (subsidence - 2) + 3 * dry;
    const inspected = random() < 0.45;
    const damaged = random() < sigmoid(logit);
    const wijk = `WK0479${String(1 + Math.floor(random() * 9)).padStart(2, '0')}`;
    const pc = `15${String(0 + Math.floor(random() * 60)).padStart(2, '0')}${random() < 0.2 ? '' : ' '}${pick(random, ['AB', 'CD', 'EK', 'GL', 'HS', 'TZ'])}`;
    // BAG's placeholder year for "unknown" (1005) on a few buildings, as in the real register
    rows.push([id, random() < 0.01 ? 1005 : year, pc, wijk, foundation, maaiveld.toFixed(2), paalkop.toFixed(2), inspected ? (damaged ? 'schade' : 'geen schade') : '']);
    if (random() > 0.02) sub.push(`${id};${subsidence.toFixed(1).replace('.', ',')}`);
  }
  return {
    buildings: csv(['pand_id', 'bouwjaar', 'postcode', 'wijk_code', 'fundering', 'maaiveld_nap', 'paalkop_nap', 'inspectie'], rows),
    subsidence: `${sub.join('\n')}\n`,
  };
}

/** One well's series in Waternet's export format: a metadata block, then `datum;meting NAP;` with decimal commas. */
function groundwater(): Uint8Array {
  const random = mulberry32(6325);
  const head = [
    'Z04791 Freatisch;',
    'Grondwaterstand ophooglaag (ca. 0-4m -mv);;',
    'Locatie;Z04791;',
    'Adres;Westzijde 112;',
    'Status;Actief;',
    'Straathoogte;-0,55;m + NAP',
    'Bovenkant buis;-0,61;m + NAP',
    'Top filter;-2,10;m + NAP',
    'Bodem filter;-3,10;m + NAP',
    'Diameter filter;51;mm',
    'x-coördinaat;115420;',
    'y-coördinaat;497310;',
    ';;',
    ';;',
    'datum;meting NAP;',
  ];
  const lines: string[] = [];
  let day = Date.UTC(2022, 1, 2, 11, 31);
  for (let i = 0; i < 400; i++) {
    const t = new Date(day);
    const seasonal = -1.45 - 0.25 * Math.sin(((t.getUTCMonth() + 1) / 12) * 2 * Math.PI) - 0.004 * (400 - i) / 10;
    const level = seasonal + 0.05 * gaussian(random);
    lines.push(`${t.toISOString().slice(0, 10)} ${t.toISOString().slice(11, 16)};${level.toFixed(2).replace('.', ',')};`);
    day -= (10 + Math.floor(random() * 30)) * 86_400_000 - Math.floor(random() * 3) * 3_600_000;
  }
  return encodeCp1252(`${[...head, ...lines].join('\r\n')}\r\n`);
}

const utrechtWijken = ['West', 'Noordwest', 'Overvecht', 'Noordoost', 'Oost', 'Binnenstad', 'Zuid', 'Zuidwest', 'Leidsche Rijn', 'Vleuten-De Meern'];
const species: [string, string, number][] = [
  ['Linde', 'Tilia x europaea', 14], ['Esdoorn', 'Acer pseudoplatanus', 10], ['Plataan', 'Platanus x hispanica', 7], ['Eik', 'Quercus robur', 9],
  ['Es', 'Fraxinus excelsior', 8], ['Iep', 'Ulmus hollandica', 6], ['Berk', 'Betula pendula', 5], ['Els', 'Alnus glutinosa', 5],
  ['Sierkers', 'Prunus serrulata', 6], ['Haagbeuk', 'Carpinus betulus', 5], ['Populier', 'Populus x canadensis', 4], ['Wilg', 'Salix alba', 4],
  ['Meidoorn', 'Crataegus monogyna', 3], ['Amberboom', 'Liquidambar styraciflua', 2], ['Valse christusdoorn', 'Gleditsia triacanthos', 2],
];

function trees(): string {
  const random = mulberry32(344);
  const weights = species.map((s) => s[2]);
  const total = weights.reduce((a, b) => a + b, 0);
  const rows: (string | number)[][] = [];
  for (let i = 0; i < 4000; i++) {
    const wijk = pick(random, utrechtWijken);
    let r = random() * total;
    let s = 0;
    while ((r -= weights[s]!) > 0) s++;
    const unknown = random() < 0.03;
    const [nl, wts] = unknown ? ['Onbekend', 'Onbekend'] : [species[s]![0], species[s]![1]];
    const young = wijk === 'Leidsche Rijn' || wijk === 'Vleuten-De Meern';
    const year = random() < 0.06 ? 0 : young ? 1995 + Math.floor(random() * 30) : 1900 + Math.floor(random() * 120);
    const height = unknown ? 'Onbekend' : pick(random, ['a. tot 6 m.', 'b. 6 tot 9 m.', 'c. 9 tot 12 m.', 'd. 12 tot 15 m.', 'e. 15 tot 18 m.', 'f. 18 tot 24 m.']);
    const lng = (5.05 + random() * 0.1).toFixed(6);
    const lat = (52.06 + random() * 0.06).toFixed(6);
    rows.push([i, 300000 + i, nl, unknown ? 0 : 10000 + i, wts, '', height, year, 'Gemeente Utrecht', `Wijk ${wijk}`, unknown ? 'Onbekend' : 'Straatboom', wts.split(' ')[0]!, 'A', 1, `POINT(${lng} ${lat})`, `POINT(${lat} ${lng})`, lng, lat, '']);
  }
  return csv(['', 'OBJECTNUMMER', 'Soortnaam_NL', 'Boomnummer', 'Soortnaam_WTS', 'Boomtype', 'Boomhoogte', 'Plantjaar', 'Eigenaar', 'Beheerder', 'Categorie', 'SOORT_KORT', 'SDVIEW', 'RADIUS', 'WKT_LNG_LAT', 'WKT_LAT_LNG', 'LNG', 'LAT', 'Unnamed: 17'], rows);
}

export function generateAll(): Record<string, string | Uint8Array> {
  const wijken = sesWijken();
  const b = buildings();
  return {
    'holiday_rentals/data/listings.csv': listings(),
    'neighbourhood_profile/data/crime.csv': crime(wijken),
    'neighbourhood_profile/data/woz.csv': woz(wijken),
    'neighbourhood_profile/data/wijk_areas.csv': csv(['wijk_code', 'wijk_name', 'gebied'], wijkAreas(wijken).map((a) => [a.wijk.code, a.wijk.name, a.gebied])),
    'foundation_risk/data/buildings.csv': b.buildings,
    'foundation_risk/data/subsidence.csv': b.subsidence,
    'foundation_risk/data/Z04791Freatisch_1995-2022.csv': groundwater(),
    'tree_register/data/trees.csv': trees(),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const [file, body] of Object.entries(generateAll())) writeFileSync(join(packs, file), body);
}
