/**
 * Draft contract from a sample file: dialect, column names and types, nullability, a few rules, key candidates
 * and personal-data guesses. The YAML carries `# check:` comments (Dutch: `# controleer:`) wherever a person has to
 * decide, in `InferInput.language`.
 */
import { Document, isMap, isScalar, isSeq, type Node } from 'yaml';
import { type Column, type Contract, contract as contractSchema, type Rule } from '../../schemas/contract';
import { type CsvRecord, parseCsv } from '../csv';
import { aKind, columnText, javaTrim, JsonObject, JsonSyntaxError, type JsonValue, members, parseJson, splitLines } from '../jsonl';
import { type Texts, WordedError, say } from '../worded-error';
import type { Language } from '../../schemas/language';
import { GeoJsonError, geojsonSampleRows, geometryKeys, looksLikeGeojson } from '../geojson';
import { findTable } from './layout';
import { documentToJsonl, JsonDocumentError, looksLikeJsonDocument } from '../json-document';
import { sniffDelimiter } from '../precheck/sniff-dialect';
import { decode, sniffBinary, sniffEncoding, sniffUtf16 } from '../precheck/sniff-encoding';
import { fmt, visible } from '../precheck/text';
import { columnNames, datasetId, titleFromFileName } from './names';
import { guessIdentifierType, guessPersonal, homeLocation, isFreeText, isPc4, type PersonalGuess } from './personal';
import { isBsn, isEmail, isHouseNumber, isIban, isKenteken, isPhoneNl } from '../privacy/identifiers';
import { type DecimalSeparator, guessType, rangeFlags, type TypeGuess } from './types';

export { columnNames, snakeCase } from './names';
export { guessPersonal, isBsn } from './personal';
export { guessType } from './types';

/** The checks of the identifier types, to count the sample values that validation will set aside. */
const identifierCheck: Partial<Record<Column['type'], (v: string) => boolean>> = {
  bsn: isBsn,
  iban: isIban,
  email: isEmail,
  phone_nl: isPhoneNl,
  kenteken: isKenteken,
  house_number: isHouseNumber,
};

/** Why no draft can be made from the sample, in both languages (`texts`); `message` in the language asked for. */
export class InferError extends WordedError {
  override name = 'InferError';
  constructor(texts: Texts, language: Language = 'nl') {
    super(texts);
    this.message = texts[language];
  }
}

export interface InferInput {
  sample: Uint8Array;
  fileName: string;
  dataset: string;
  tenant?: string;
  /** For the year range rule; default now. */
  now?: Date;
  /** The sample is the whole file (a GeoJSON sample is then checked to its end). */
  complete?: boolean;
  /** The language of the draft's comments and placeholders and of a refusal's message (default Dutch); `texts` has both. */
  language?: Language;
}

export interface InferResult {
  /** The draft, parsed by the contract schema (defaults filled in). */
  contract: Contract;
  /** The draft as commented YAML for people to finish. */
  yaml: string;
}

/** Values read as "no value" when they stand alone. Words count anywhere, symbols and sentinels only in typed columns. */
const NULL_WORDS = ['NA', 'N/A', 'n/a', 'NULL', 'null', '#N/A', 'NaN'];
const NULL_SYMBOLS = ['.', '-', '-99999999', '-99999997', '-99999995'];
const MAX_ACCEPTED_VALUES = 10;

interface Profile {
  heading: string;
  name: string;
  raw: string[];
  values: string[];
  nulls: number;
  markers: Set<string>;
  guess: TypeGuess;
  personal?: PersonalGuess;
  notes: string[];
}

function decimalSeparator(rows: CsvRecord[], delimiter: string): DecimalSeparator {
  if (delimiter === ',') return '.';
  let comma = 0;
  let dot = 0;
  for (const r of rows) {
    for (const f of r.fields) {
      const t = f.trim();
      if (/^[+-]?\d+,\d+$/.test(t)) comma += 1;
      else if (/^[+-]?\d*\.\d+$/.test(t) && !/^[+-]?\d{1,3}\.\d{3}$/.test(t)) dot += 1;
    }
  }
  return comma > dot ? ',' : '.';
}

/** What the profiling reads from a sample: headings, rows of text ('' for no value) and the file dialect. */
interface Sample {
  headings: string[];
  rows: string[][];
  /** The draft's `file:` block. */
  file: Record<string, unknown>;
  sep: DecimalSeparator;
  /** CSV: the first line holds headings. */
  headerFound: boolean;
  /** CSV: the lines above the table (a metadata block), as fields (trimmed), with their line in the file. */
  preamble?: { line: number; fields: string[] }[];
}

function csvSample(text: string, fileName: string, year: number, encoding: 'utf-8' | 'windows-1252'): Sample {
  const { delimiter } = sniffDelimiter(text, { preferred: ',' });
  const parsed = parseCsv(text, { delimiter });
  let records = parsed.records.filter((r) => !r.blank);
  // the sample may stop mid-row: drop a last row without its line break (when there are others)
  const last = records.at(-1);
  if (last && !last.complete && records.length > 2) records = records.slice(0, -1);
  if (!records[0]) throw new InferError(noRows(fileName));
  const sep = decimalSeparator(records.slice(1), delimiter);
  const layout = findTable(records, sep, year);
  const first = records[layout.start] as CsvRecord;
  const header = layout.header;
  const rows = records.slice(header ? layout.start + 1 : layout.start);
  const preamble = records.slice(0, layout.start);
  const width = rows.reduce((w, r) => Math.max(w, r.fields.length), first.fields.length);
  const headings = Array.from({ length: width }, (_, i) => (header ? (first.fields[i] ?? '') : ''));
  return {
    headings,
    rows: rows.map((r) => headings.map((_, i) => r.fields[i] ?? '')),
    file: { format: 'csv', delimiter, quote: '"', encoding, header, ...(first.line > 1 ? { header_line: first.line } : {}), decimal_separator: sep },
    sep,
    headerFound: header,
    preamble: preamble.filter((r) => !r.blank && r.fields.some((f) => f.trim() !== '')).map((r) => ({ line: r.line, fields: r.fields.map((f) => f.trim()) })),
  };
}

/** A JSON lines sample? By its name (.jsonl, .ndjson), or by its first line being an object. */
function looksLikeJsonl(fileName: string, text: string): boolean {
  if (/\.(jsonl|ndjson)(\.gz)?$/i.test(fileName)) return true;
  return /^[\s]*\{/.test(text) && /\}[ \t]*\r?\n/.test(text.slice(0, 1 << 20));
}

/**
 * JSON lines: each key (matched ignoring capitals, as the engines do; first spelling wins) is a column, in the order
 * the keys first appear; values are the text Athena reads (core/jsonl/openx.ts); null and a missing key are ''.
 */
function jsonlSample(text: string, fileName: string): Sample {
  let lines = splitLines(text);
  // the sample may stop mid-line: drop a last line without its line end (when there are others)
  if (lines.length > 1 && !/[\r\n]$/.test(text)) lines = lines.slice(0, -1);
  const headings: string[] = [];
  const column = new Map<string, number>();
  const objects: Map<string, { key: string; value: JsonValue }>[] = [];
  for (const [i, l] of lines.entries()) {
    const t = javaTrim(l.text);
    if (t === '') continue;
    let value: JsonValue;
    try {
      value = parseJson(t);
    } catch (error) {
      if (error instanceof JsonSyntaxError) {
        const at = error.offset + 1;
        throw new InferError(
          say(
            `line ${i + 1} of ${fileName} is not valid JSON: ${error.said.en} (character ${at}). Fix it (or leave it out of the sample) and try again.`,
            `regel ${i + 1} van ${fileName} is geen geldige JSON: ${error.said.nl} (teken ${at}). Verbeter die regel (of laat hem weg uit het voorbeeld) en probeer het opnieuw.`,
          ),
        );
      }
      throw error;
    }
    if (!(value instanceof JsonObject)) {
      const kind = aKind(value);
      throw new InferError(
        say(
          `line ${i + 1} of ${fileName} is ${kind.en}, not an object: a JSON lines file has one object per line.`,
          `regel ${i + 1} van ${fileName} is ${kind.nl}, geen object: een JSON lines-bestand heeft één object per regel.`,
        ),
      );
    }
    const byKey = members(value);
    for (const [fold, m] of byKey) {
      if (column.has(fold)) continue;
      column.set(fold, headings.length);
      headings.push(m.key);
    }
    objects.push(byKey);
  }
  if (objects.length === 0) throw new InferError(noRows(fileName));
  const rows = objects.map((byKey) => headings.map((h) => columnText(byKey.get(h.toLowerCase())?.value ?? null) ?? ''));
  return { headings, rows, file: { format: 'jsonl', encoding: 'utf-8' }, sep: '.', headerFound: true };
}

/** A JSON document: the rows it becomes (core/json-document), profiled as JSON lines; it must be whole. */
function documentSample(text: string, fileName: string, complete: boolean): Sample {
  if (!complete) {
    throw new InferError(
      say(
        `${fileName} is one JSON document larger than the sample: export it as JSON lines (one object per line) and infer from that.`,
        `${fileName} is één JSON-document dat groter is dan het voorbeeld: exporteer het als JSON lines (één object per regel) en maak daarvan het contract.`,
      ),
    );
  }
  let rows: string;
  try {
    rows = documentToJsonl(text);
  } catch (error) {
    if (error instanceof JsonDocumentError) {
      throw new InferError(
        say(`${fileName} cannot be read as JSON: ${error.said.en} (line ${error.line}).`, `${fileName} kan niet worden gelezen als JSON: ${error.said.nl} (regel ${error.line}).`),
      );
    }
    throw error;
  }
  return { ...jsonlSample(rows, fileName), file: { format: 'json', encoding: 'utf-8' } };
}

/** GeoJSON: the rows its features become (core/geojson), profiled as JSON lines. */
function geojsonSample(sample: Uint8Array, fileName: string, complete: boolean): Sample {
  let rows: { text: string; features: number };
  try {
    rows = geojsonSampleRows(sample, complete);
  } catch (error) {
    if (error instanceof GeoJsonError) {
      throw new InferError(
        say(`${fileName} cannot be read as GeoJSON: ${error.said.en} (line ${error.line}).`, `${fileName} kan niet worden gelezen als GeoJSON: ${error.said.nl} (regel ${error.line}).`),
      );
    }
    throw error;
  }
  if (rows.features === 0) {
    const kib = Math.round(sample.length / 1024);
    throw new InferError(
      say(
        `${fileName} has no whole feature in its first ${kib} KiB: it is not a FeatureCollection, or its first feature is larger than that.`,
        `${fileName} heeft in de eerste ${kib} KiB geen volledig object (feature): het is geen FeatureCollection, of het eerste object is groter dan dat.`,
      ),
    );
  }
  return { ...jsonlSample(rows.text, fileName), file: { format: 'geojson', encoding: 'utf-8' } };
}

/** A preamble column infer proposes: the column, and the line above the table its value comes from. */
interface PreambleProposal {
  column: Column;
  line: number;
  text: string;
  personal?: PersonalGuess;
}

/**
 * The `key;value` lines above the table as columns of every row (`preamble: <key>`): named as headings are (unique
 * against the table's columns), typed from the value (a date only in the file's format), personal data guessed as
 * for any column. A line without a value (a title) and a key seen before are left out.
 */
function preambleProposals(
  lines: readonly { line: number; fields: string[] }[],
  headings: readonly string[],
  sep: DecimalSeparator,
  year: number,
  formats: Partial<Record<'date' | 'timestamp', string>>,
): PreambleProposal[] {
  const seen = new Set<string>();
  const pairs = lines.flatMap(({ line, fields }) => {
    const [key = '', ...rest] = fields;
    const value = rest.find((f) => f !== '');
    if (key === '' || value === undefined || seen.has(key.toLowerCase())) return [];
    seen.add(key.toLowerCase());
    return [{ line, key, value, text: fields.filter((f) => f !== '').join(';') }];
  });
  const names = columnNames([...headings, ...pairs.map((p) => p.key)]).slice(headings.length);
  const flags = pairs.map((p) => rangeFlags([p.value], sep));
  return pairs.map((p, i) => {
    const name = names[i] ?? `preamble_${i + 1}`;
    const others = flags.filter((_, j) => j !== i);
    const near = { rdX: others.some((f) => f.rdX), rdY: others.some((f) => f.rdY), lat: others.some((f) => f.lat), lon: others.some((f) => f.lon) };
    const identifier = guessIdentifierType(name, [p.value]);
    let guess: TypeGuess = identifier ? { type: identifier } : guessType({ name, values: [p.value] }, sep, near, year);
    if ((guess.type === 'date' || guess.type === 'timestamp') && guess.format !== formats[guess.type]) guess = { type: 'string' };
    const personal = guessPersonal(name, [p.value], guess.type);
    const column: Column = {
      name,
      preamble: p.key,
      type: guess.type,
      ...(guess.type === 'decimal' && guess.scale !== undefined ? { scale: Math.min(18, guess.scale) } : {}),
      // a value that reads as "no value" (`Status;-;`) may be empty in the next file too
      nullable: NULL_WORDS.includes(p.value) || NULL_SYMBOLS.includes(p.value),
      rules: [],
      severity: 'reject_row',
      personal_data: personal?.personal_data ?? 'none',
      ...(personal ? { privacy: personal.privacy } : {}),
    };
    return { column, line: p.line, text: p.text, ...(personal ? { personal } : {}) };
  });
}

export function inferContract(input: InferInput): InferResult {
  try {
    return inferDraft(input);
  } catch (error) {
    if (error instanceof InferError && input.language) throw new InferError(error.texts, input.language);
    throw error;
  }
}

/** The draft's texts (comments, placeholders, rule messages) in its language. */
function sayIn(language: Language): (en: string, nl: string) => string {
  return (en, nl) => say(en, nl)[language];
}

function noRows(fileName: string): Texts {
  return say(`${fileName} has no rows.`, `${fileName} heeft geen rijen.`);
}

function inferDraft(input: InferInput): InferResult {
  const { sample, fileName } = input;
  const language = input.language ?? 'nl';
  const said = sayIn(language);
  const year = (input.now ?? new Date()).getFullYear();
  if (sample.length === 0) {
    throw new InferError(say(`${fileName} is empty: there is nothing to infer a contract from.`, `${fileName} is leeg: er is niets om een contract uit af te leiden.`));
  }
  const named = /\.(jsonl|ndjson)(\.gz)?$/i.test(fileName) ? 'JSON lines' : 'CSV';
  if (sniffUtf16(sample)) {
    throw new InferError(
      say(
        `${fileName} is saved as UTF-16: save it as ${named === 'CSV' ? '"CSV UTF-8 (comma delimited)"' : 'UTF-8'} first.`,
        `${fileName} is opgeslagen als UTF-16: sla het eerst op als ${named === 'CSV' ? "'CSV UTF-8 (door komma's gescheiden)'" : 'UTF-8'}.`,
      ),
    );
  }
  const binary = sniffBinary(sample);
  if (binary) {
    throw new InferError(
      say(
        `${fileName} is not a ${named} text file (${binary.kind === 'nul' ? 'it contains NUL bytes' : binary.kind}): save it as ${named} first.`,
        `${fileName} is geen ${named}-tekstbestand (${binary.kind === 'nul' ? 'er staan NUL-bytes in' : binary.kind}): sla het eerst op als ${named}.`,
      ),
    );
  }

  // dialect
  const enc = sniffEncoding(sample, true);
  const text = decode(sample, enc.encoding, enc.bom);
  const geojson = looksLikeGeojson(fileName, text);
  const document = !geojson && /\.json(\.gz)?$/i.test(fileName) && looksLikeJsonDocument(text);
  const jsonl = !geojson && !document && looksLikeJsonl(fileName, text);
  if ((geojson || jsonl) && enc.encoding !== 'utf-8') {
    const kind = geojson ? 'GeoJSON' : 'JSON lines';
    throw new InferError(
      say(`${fileName} is not UTF-8: ${kind} files are always UTF-8; export it again as UTF-8.`, `${fileName} is geen UTF-8: een ${kind}-bestand is altijd UTF-8; exporteer het opnieuw als UTF-8.`),
    );
  }
  const data = geojson
    ? geojsonSample(sample, fileName, input.complete ?? false)
    : document
      ? documentSample(text, fileName, input.complete ?? false)
      : jsonl
      ? jsonlSample(text, fileName)
      : csvSample(text, fileName, year, enc.ascii ? 'utf-8' : enc.encoding);
  const { headings, sep } = data;
  const rows = data.rows;
  const names = columnNames(headings);

  // profiles
  const profiles: Profile[] = headings.map((heading, i) => {
    const raw = rows.map((r) => r[i] ?? '');
    const markers = new Set<string>();
    const values: string[] = [];
    let nulls = 0;
    for (const x of raw) {
      const t = x.trim();
      if (t === '' || NULL_WORDS.includes(t) || NULL_SYMBOLS.includes(t)) {
        nulls += 1;
        markers.add(t);
      } else values.push(t);
    }
    return { heading, name: names[i] ?? `column_${i + 1}`, raw, values, nulls, markers, guess: { type: 'string' }, notes: [] };
  });
  const flags = profiles.map((p) => rangeFlags(p.values, sep));
  for (const [i, p] of profiles.entries()) {
    const others = flags.filter((_, j) => j !== i);
    const pairs = {
      rdX: others.some((f) => f.rdX),
      rdY: others.some((f) => f.rdY),
      lat: others.some((f) => f.lat),
      lon: others.some((f) => f.lon),
    };
    const identifier = guessIdentifierType(p.name, p.values);
    p.guess = identifier
      ? { type: identifier }
      : isPc4(p.name, p.values)
        ? { type: 'string', note: 'pc4' }
        : guessType({ name: p.name, values: p.values }, sep, pairs, year);
    const valid = identifier ? identifierCheck[identifier] : undefined;
    const failing = valid ? p.values.filter((v) => !valid(v)).length : 0;
    if (failing > 0) {
      p.notes.push(
        said(
          `check: ${failing} value(s) in the sample are not valid as ${identifier}; validation will set those rows aside`,
          `controleer: ${failing === 1 ? '1 waarde' : `${failing} waarden`} in het voorbeeld ${failing === 1 ? 'past' : 'passen'} niet bij het type ${identifier}; bij de controle worden die rijen apart gezet`,
        ),
      );
    }
    if (p.guess.type === 'string') {
      // symbols like "-" and "." are real text in a text column: count them back as values
      const symbols = [...p.markers].filter((m) => NULL_SYMBOLS.includes(m));
      if (symbols.length > 0) {
        for (const m of symbols) p.markers.delete(m);
        const kept = p.raw.map((x) => x.trim()).filter((t) => symbols.includes(t));
        p.values.push(...kept);
        p.nulls -= kept.length;
        if (p.values.length > 0 && p.guess.note) p.guess = { type: 'string' };
      }
    }
    p.personal = guessPersonal(p.name, p.values, p.guess.type);
  }
  // coordinates in a file about persons are where someone lives
  if (profiles.some((p) => p.personal?.personal_data === 'direct')) {
    for (const p of profiles) if (['latitude', 'longitude', 'rd_x', 'rd_y'].includes(p.guess.type) && !p.personal) p.personal = homeLocation;
  }

  // one date and one timestamp format per file: the most common wins, other columns stay text
  const fileFormats: Partial<Record<'date' | 'timestamp', string>> = {};
  for (const kind of ['date', 'timestamp'] as const) {
    const counts = new Map<string, number>();
    for (const p of profiles) if (p.guess.type === kind && p.guess.format) counts.set(p.guess.format, (counts.get(p.guess.format) ?? 0) + 1);
    const best = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
    if (!best) continue;
    fileFormats[kind] = best;
    for (const p of profiles) {
      if (p.guess.type === kind && p.guess.format !== best) {
        p.notes.push(
          said(
            `check: ${kind}s written as ${p.guess.format}, but the file can have one ${kind} format (${best}); kept as text`,
            `controleer: ${kind === 'date' ? 'datums' : 'tijdstippen'} geschreven als ${p.guess.format}, maar een bestand kan maar één notatie voor ${kind === 'date' ? 'datums' : 'tijdstippen'} hebben (${best}); gelezen als tekst`,
          ),
        );
        p.guess = { type: 'string' };
      }
    }
  }

  const nullMarkers = [''];
  for (const p of profiles) for (const m of p.markers) if (!nullMarkers.includes(m)) nullMarkers.push(m);

  // key candidates: unique, never empty, of a type that identifies things
  // a GeoJSON geometry is unique, but identifies nothing a person would name
  const shapeKeys = new Set<string>(data.file.format === 'geojson' ? geometryKeys.filter((k) => k !== 'feature_id') : []);
  const keyTypes = new Set(['integer', 'string', 'bag_id', 'cbs_gemeente', 'cbs_wijk', 'cbs_buurt']);
  const candidates = profiles.filter(
    (p) => keyTypes.has(p.guess.type) && !shapeKeys.has(p.name) && p.nulls === 0 && p.values.length >= 2 && new Set(p.values).size === p.values.length && !p.personal,
  );
  const idLike = (p: Profile) => /(^|_)(id|nr|nummer|code|key|sleutel)($|_)|(id|nr|nummer)$/.test(p.name);
  const primary = [...candidates].sort((a, b) => Number(idLike(b)) - Number(idLike(a)))[0];

  // columns
  const columns: Column[] = profiles.map((p) => {
    const rules: Rule[] = [];
    const g = p.guess;
    if (g.type === 'integer' && g.note === 'year' && g.min !== undefined && g.max !== undefined) {
      rules.push({ kind: 'range', min: Math.floor(g.min / 100) * 100, max: Math.max(year, g.max), message: said(`${p.heading || p.name} should be a year`, `${p.heading || p.name} moet een jaartal zijn`) });
    }
    if (g.note === 'pc4') {
      const message = said(`${p.heading || p.name} is a four-digit postcode area (PC4)`, `${p.heading || p.name} is een postcodegebied van vier cijfers (PC4)`);
      rules.push({ kind: 'pattern', regex: '^[1-9][0-9]{3}$', message });
    }
    const distinct = [...new Set(p.values)].sort();
    if (
      g.type === 'string' &&
      g.note !== 'pc4' &&
      !p.personal &&
      distinct.length > 0 &&
      distinct.length <= MAX_ACCEPTED_VALUES &&
      p.values.length >= 3 * distinct.length &&
      distinct.every((x) => x.length <= 50)
    ) {
      rules.push({ kind: 'accepted_values', values: distinct, severity: 'warn' });
    }
    const col: Column = {
      name: p.name,
      ...(p.heading !== '' && p.heading !== p.name ? { source: p.heading } : {}),
      type: g.type,
      ...(g.type === 'decimal' && g.scale !== undefined ? { scale: Math.min(18, g.scale) } : {}),
      nullable: p.nulls > 0 || p.values.length === 0,
      rules,
      severity: 'reject_row',
      personal_data: p.personal?.personal_data ?? 'none',
      ...(p.personal ? { privacy: p.personal.privacy } : {}),
    };
    return col;
  });

  // the key;value lines above the table become columns of every row
  const fromPreamble = data.file.header_line !== undefined ? preambleProposals(data.preamble ?? [], headings, sep, year, fileFormats) : [];
  columns.push(...fromPreamble.map((p) => p.column));

  const draft = {
    id: datasetId(input.dataset),
    title: titleFromFileName(fileName, language),
    description: said(`Inferred from ${visible(fileName, 120)}; describe what one row is.`, `Afgeleid uit ${visible(fileName, 120)}; beschrijf wat één rij is.`),
    // TODO stays the first word in both languages: a purpose that still starts with it is no purpose (core/contract/privacy.ts)
    owner: said('TODO: who owns this data (team or department)', 'TODO: wie is eigenaar van deze gegevens (team of afdeling)'),
    source_type: 'own' as const,
    purpose: said('TODO: why the municipality uses this data (the purpose under the AVG)', 'TODO: waarvoor de gemeente deze gegevens gebruikt (het doel volgens de AVG)'),
    refresh: 'irregular' as const,
    file: {
      ...data.file,
      ...(fileFormats.date ? { date_format: fileFormats.date } : {}),
      ...(fileFormats.timestamp ? { timestamp_format: fileFormats.timestamp } : {}),
      null_markers: nullMarkers,
    },
    columns,
    keys: { primary: primary ? [primary.name] : [], join: [] },
  };
  const contract = contractSchema.parse(draft);
  return {
    contract,
    yaml: renderYaml(draft, profiles, { language, fileName, tenant: input.tenant, enc, candidates, parsedRows: rows.length, headerFound: data.headerFound, preamble: data.preamble, fromPreamble }),
  };
}

function renderYaml(
  draft: Record<string, unknown> & { columns: Column[]; file: Record<string, unknown> },
  profiles: Profile[],
  ctx: {
    language: Language;
    fileName: string;
    tenant?: string;
    enc: { bom: boolean; ascii: boolean; encoding: string };
    candidates: Profile[];
    parsedRows: number;
    headerFound: boolean;
    preamble?: { line: number; fields: string[] }[];
    fromPreamble: PreambleProposal[];
  },
): string {
  // compact columns: leave out what equals the defaults
  const columns = draft.columns.map((c) => {
    const { rules, severity, personal_data, ...rest } = c;
    return {
      ...rest,
      ...(rules.length > 0 ? { rules } : {}),
      ...(severity !== 'reject_row' ? { severity } : {}),
      ...(personal_data !== 'none' ? { personal_data } : {}),
    };
  });
  const doc = new Document({ ...draft, columns });
  /** Scalars get the comment at the end of their line; maps and lists get it on the line above their key. */
  const comment = (path: (string | number)[], text: string) => {
    const node = doc.getIn(path, true) as Node | undefined;
    if (isScalar(node)) {
      node.comment = ` ${oneLine(text)}`;
      return;
    }
    const last = path.at(-1);
    const parent = doc.getIn(path.slice(0, -1), true) as Node | undefined;
    if (typeof last === 'string' && isMap(parent)) {
      const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === last);
      if (pair && isScalar(pair.key)) pair.key.commentBefore = ` ${oneLine(text)}`;
    } else if (isMap(node) || isSeq(node)) node.commentBefore = ` ${oneLine(text)}`;
  };
  const before = comment;
  const { language } = ctx;
  // `check:` (Dutch `controleer:`, as the CLI says after writing the draft) marks what a person decides
  const said = sayIn(language);
  const check = said('check', 'controleer');
  const where = ctx.tenant ? ` (tenant ${oneLine(ctx.tenant)})` : '';
  doc.commentBefore = said(
    [
      ` Draft contract inferred from ${oneLine(ctx.fileName)}${where}: ${ctx.parsedRows} sample rows.`,
      ' Check every line marked "check", fill in the TODOs, then remove these comments.',
    ].join('\n'),
    [
      ` Conceptcontract afgeleid uit ${oneLine(ctx.fileName)}${where}: ${ctx.parsedRows} ${ctx.parsedRows === 1 ? 'rij' : 'rijen'} in het voorbeeld.`,
      ' Kijk elke regel na die met "controleer" gemarkeerd is, vul de TODO\'s in en haal daarna deze opmerkingen weg.',
    ].join('\n'),
  );
  comment(['owner'], `${check}: TODO`);
  comment(['purpose'], `${check}: TODO`);
  comment(
    ['source_type'],
    said('check: open, commercial, own, web or iot', 'controleer: open (open data), commercial (gekocht), own (eigen gegevens), web (van een website) of iot (sensoren)'),
  );
  comment(
    ['refresh'],
    said(
      'check: once, daily, weekly, monthly, quarterly, yearly or irregular',
      'controleer: once (eenmalig), daily (dagelijks), weekly (wekelijks), monthly (maandelijks), quarterly (per kwartaal), yearly (jaarlijks) of irregular (onregelmatig)',
    ),
  );
  const f = draft.file;
  comment(
    ['file', 'encoding'],
    ctx.enc.bom
      ? said('the sample starts with a byte order mark (BOM); that is fine', 'het voorbeeld begint met een byte order mark (BOM); dat is goed')
      : ctx.enc.ascii
        ? said('the sample has only plain ASCII characters', 'het voorbeeld heeft alleen gewone ASCII-tekens')
        : ctx.enc.encoding === 'windows-1252'
          ? said('detected from the bytes (not valid UTF-8)', 'herkend aan de bytes (geen geldige UTF-8)')
          : said('detected from the bytes', 'herkend aan de bytes'),
  );
  if (f.format === 'geojson') {
    comment(
      ['file', 'format'],
      said(
        'GeoJSON: one row per feature; its properties are columns, its geometry is in geometry (GeoJSON text), geometry_wkt, bbox_* and crs',
        'GeoJSON: één rij per object (feature); de eigenschappen (properties) zijn kolommen, de vorm staat in geometry (GeoJSON-tekst), geometry_wkt, bbox_* en crs',
      ),
    );
  } else if (f.format === 'json') {
    comment(
      ['file', 'format'],
      said(
        'one JSON document: a row per object (nested objects: per innermost object, the keys above it as key_1, key_2, …)',
        'één JSON-document: een rij per object (bij objecten in objecten: per binnenste object, met de sleutels erboven als key_1, key_2, …)',
      ),
    );
  } else if (f.format === 'jsonl') {
    comment(
      ['file', 'format'],
      said('JSON lines: one object per line; columns are read by key, ignoring capitals', 'JSON lines: één object per regel; kolommen worden gelezen op sleutel, hoofdletters tellen niet'),
    );
  } else {
    comment(['file', 'delimiter'], `${said('detected', 'herkend')}: ${fmt[language].delimiter(String(f.delimiter))}`);
    if (!ctx.headerFound) {
      comment(
        ['file', 'header'],
        said('check: the first line looks like data, so no header was assumed', 'controleer: de eerste regel lijkt op gegevens, dus er is geen kopregel aangenomen'),
      );
    }
    if (f.header_line !== undefined) {
      const block = (ctx.preamble ?? []).map((p) => p.fields.filter((x) => x !== '').join(' ')).slice(0, 6);
      const shown = block.length ? ` (${block.join('; ')})` : '';
      comment(
        ['file', 'header_line'],
        said(
          `check: the table starts on line ${f.header_line}; the lines above it are a metadata block${shown}`,
          `controleer: de tabel begint op regel ${f.header_line}; de regels erboven zijn gegevens boven de tabel${shown}`,
        ),
      );
    }
  }
  if (f.decimal_separator === ',') comment(['file', 'decimal_separator'], said('numbers are written like 12,5', 'getallen zijn geschreven als 12,5'));
  comment(['file', 'null_markers'], said('values seen in the sample that mean "no value"', 'waarden uit het voorbeeld die "geen waarde" betekenen'));
  const personal = (i: number, guess: PersonalGuess) => {
    comment(['columns', i, 'personal_data'], said(`check: looks like personal data (${guess.what.en})`, `controleer: lijkt op persoonsgegevens (${guess.what.nl})`));
    comment(
      ['columns', i, 'privacy'],
      said(
        'check: a suggestion: keep, pseudonymise, drop or generalise (postcode, date or coordinates)',
        'controleer: een voorstel: keep (bewaren), pseudonymise (pseudonimiseren), drop (weglaten) of generalise (grover maken: postcode, datum of coördinaten)',
      ),
    );
  };
  profiles.forEach((p, i) => {
    const c = draft.columns[i];
    if (!c) return;
    const notes = [...p.notes];
    if (p.heading === '' && ctx.headerFound) notes.push(said('check: this column has no heading in the file', 'controleer: deze kolom heeft geen kolomnaam in het bestand'));
    if (p.values.length === 0) notes.push(said('check: always empty in the sample, so the type is a guess', 'controleer: altijd leeg in het voorbeeld, dus het type is geraden'));
    if (notes.length > 0) before(['columns', i], notes.join('; '));
    if (c.type === 'integer' && p.guess.min !== undefined && p.values.some((v) => /[.,]0*$/.test(v))) {
      const example = oneLine(p.values.find((v) => /[.,]/.test(v)) ?? '');
      comment(['columns', i, 'type'], said(`written like ${example}`, `geschreven als ${example}`));
    }
    if (c.type === 'rd_x' || c.type === 'rd_y' || c.type === 'latitude' || c.type === 'longitude') {
      comment(['columns', i, 'type'], said(`values ${p.guess.min} to ${p.guess.max}`, `waarden van ${p.guess.min} tot ${p.guess.max}`));
    }
    if (c.nullable === false) comment(['columns', i, 'nullable'], said('no empty values in the sample', 'geen lege waarden in het voorbeeld'));
    const rules = c.rules;
    rules.forEach((r, k) => {
      if (r.kind === 'range') {
        comment(
          ['columns', i, 'rules', k],
          said(`check: years in the sample run from ${p.guess.min} to ${p.guess.max}`, `controleer: de jaren in het voorbeeld lopen van ${p.guess.min} tot ${p.guess.max}`),
        );
      }
      if (r.kind === 'accepted_values') {
        comment(['columns', i, 'rules', k], said('check: the values seen in the sample; add any others', 'controleer: de waarden uit het voorbeeld; vul aan met andere waarden die kunnen voorkomen'));
      }
    });
    if (p.personal) personal(i, p.personal);
    else if (isFreeText(p.name)) {
      comment(
        ['columns', i, 'type'],
        said('check: free text can contain names or addresses (personal data)', 'controleer: in vrije tekst kunnen namen of adressen staan (persoonsgegevens)'),
      );
    }
  });
  ctx.fromPreamble.forEach((p, k) => {
    const i = profiles.length + k;
    const text = oneLine(p.text);
    before(
      ['columns', i],
      said(
        `from line ${p.line} above the table (${text}): every row of a load gets this value; check: remove the columns you do not need`,
        `uit regel ${p.line} boven de tabel (${text}): elke rij van een levering krijgt deze waarde; controleer: haal de kolommen weg die u niet nodig hebt`,
      ),
    );
    if (p.personal) personal(i, p.personal);
  });
  const keys = ctx.candidates.map((p) => p.name);
  comment(
    ['keys', 'primary'],
    keys.length > 0
      ? said(`check: unique and never empty in the sample: ${keys.join(', ')}`, `controleer: uniek en nooit leeg in het voorbeeld: ${keys.join(', ')}`)
      : said(
          'check: no column is unique in the sample; list the column(s) that identify a row, if any',
          'controleer: geen kolom is uniek in het voorbeeld; noem de kolom(men) die een rij aanwijzen, als die er zijn',
        ),
  );
  return doc.toString({ lineWidth: 0 });
}

function oneLine(text: string): string {
  return visible(text, 200);
}
