/**
 * Bad input, end to end: each file goes through the real pipeline (S3 event → start-pipeline → the synthesized
 * pipeline and validate state machines → DuckDB) on one offline runtime, tenant leeuwarden, with the bundled
 * gullies pack contracts. Every bad file is built here from packs/gullies/data/*.csv.
 *
 * For each upload the test checks what a municipal team would see (status, finding code, message, advice), that
 * nothing is lost (the original byte-identical in raw, report.json and report.html for the load) and, for row
 * problems, the exact quarantine rows and the curated rows.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowCountTableName, tenantDatabase } from '../../core/tables';
import { uploadFile, type UploadSummary } from '../../local/commands/upload';
import { LocalRuntime } from '../../local/runtime/runtime';
import { lastQuarantine } from '../support/quarantine';
import { objectCreated } from '../../local/runtime/s3-event';
import type { Finding, ValidateOutput } from '../../schemas/payloads';
import type { LoadReport } from '../../schemas/report';

const projectRoot = join(import.meta.dirname, '..', '..');
const tenant = 'leeuwarden';
const database = tenantDatabase(tenant);
const HEAD = 65_536;

/** trees.csv as lines (CRLF in the file, no trailing empty line here). */
const treesText = await readFile(join(projectRoot, 'packs/gullies/data/trees.csv'), 'utf8');
const trees = treesText.replace(/\r\n$/, '').split('\r\n');
const treesHeader = 'ELEMENTNR,BOOMSOORT,PLANTJAAR,STATUS,OPMERKINGE,X,Y';
const treeRows = trees.length - 1; // 2088
const gulliesText = await readFile(join(projectRoot, 'packs/gullies/data/gullies.csv'), 'utf8');
const gullies = gulliesText.replace(/\r?\n$/, '').split(/\r?\n/);

/** Line n of the file (1-based, header = 1) as its fields; trees.csv quotes only values without commas. */
const fieldsOf = (line: string) => line.split(',');
/** trees.csv with some lines (1-based) changed; the file keeps its CRLF line ends. */
function treesWith(change: Record<number, (line: string) => string>): string {
  return `${trees.map((l, i) => (change[i + 1] ? (change[i + 1] as (l: string) => string)(l) : l)).join('\r\n')}\r\n`;
}
/** Sets field k (0-based) of a trees line. */
const setField = (k: number, value: string) => (line: string) => {
  const f = fieldsOf(line);
  f[k] = value;
  return f.join(',');
};
/** A trees line whose fields contain no quotes (so splitting on commas is exact). */
const plainLine = (n: number) => !(trees[n - 1] as string).includes('"');

/** HTML escaping as a browser needs it (independent of core/report). */
const html = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

interface Load {
  summary: UploadSummary;
  fileName: string;
  body: Buffer;
  loadId: string;
  validate: ValidateOutput;
  report: LoadReport;
  html: string;
}

describe('Bad input through the real pipeline', () => {
  let workspace: string;
  let runtime: LocalRuntime;

  beforeAll(async () => {
    workspace = await mkdtemp(join(tmpdir(), 'polder-bad-input-'));
    await mkdir(join(workspace, 'uploads'), { recursive: true });
    runtime = await LocalRuntime.open({ workspace, projectRoot });
  });

  afterAll(async () => {
    await runtime?.close();
    if (workspace) await rm(workspace, { recursive: true, force: true });
  });

  const query = async (sql: string) => (await runtime.ports.engine.query(sql, { tenant, database })).rows;
  const text = async (key: string) => new TextDecoder().decode(await runtime.ports.store.get({ bucket: 'lake', key }));
  const reportPrefix = (dataset: string, loadId: string) => `reports/${tenant}/${dataset}/load=${loadId}/`;

  /** Uploads the bytes as `fileName` and collects what the run left behind. */
  async function upload(fileName: string, content: string | Buffer, dataset = 'trees'): Promise<Load> {
    const body = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    const path = join(workspace, 'uploads', fileName);
    await writeFile(path, body);
    const summary = await uploadFile(runtime, path, { tenant, dataset });
    const loadId = summary.loadId as string;
    expect(loadId, JSON.stringify(summary)).toMatch(/^[a-z0-9-]{8,64}$/);
    const child = (await runtime.listRuns()).find((r) => r.parent === summary.run && r.workflow === 'validate');
    const validate = child?.output as ValidateOutput;
    const prefix = reportPrefix(dataset, loadId);
    const report = (await runtime.ports.store.exists({ bucket: 'lake', key: `${prefix}report.json` }))
      ? (JSON.parse(await text(`${prefix}report.json`)) as LoadReport)
      : (undefined as unknown as LoadReport);
    const page = (await runtime.ports.store.exists({ bucket: 'lake', key: `${prefix}report.html` }))
      ? await text(`${prefix}report.html`)
      : '';
    return { summary, fileName, body, loadId, validate, report, html: page };
  }

  /** The original is in raw, alone in its load folder and byte-identical. */
  async function expectKeptInRaw(l: Load, dataset = 'trees'): Promise<void> {
    const key = `raw/${tenant}/${dataset}/load=${l.loadId}/${l.fileName}`;
    expect(await runtime.ports.store.list('lake', `raw/${tenant}/${dataset}/load=${l.loadId}/`)).toEqual([key]);
    const kept = Buffer.from(await runtime.ports.store.get({ bucket: 'lake', key }));
    expect(kept.equals(l.body), `${key} differs from the upload`).toBe(true);
  }

  /** report.json and report.html exist for the load and tell the same story as the validate stage. */
  function expectReports(l: Load, dataset = 'trees'): void {
    expect(l.report, 'report.json').toBeDefined();
    expect(l.report).toMatchObject({ tenant, dataset, loadId: l.loadId, fileName: l.fileName, status: l.validate.status });
    expect(l.validate.report).toBe(`s3://lake/${reportPrefix(dataset, l.loadId)}report.json`);
    expect(l.html).toMatch(/^<!doctype html>/);
    // in Dutch (the tenant's default language): every finding with what to do, its own message under the technical details
    expect(l.html).toContain(`<title>Controle van een bestand: ${html(l.fileName)}</title>`);
    for (const f of l.report.findings) expect(l.html).toContain(`<td>${html(f.message)}</td>`);
    expect(l.html.split('<strong>Wat te doen:</strong>').length - 1).toBe(l.report.findings.length);
  }

  /** Rejected before any row was loaded, for exactly this one reason; nothing reached integrate. */
  async function expectRejected(l: Load, stop: Finding, dataset = 'trees'): Promise<void> {
    expect(l.summary.status, JSON.stringify(l.summary.stages)).toBe('REJECTED');
    expect(l.summary.stages.map((s) => [s.stage, s.status])).toEqual([
      ['validate', 'rejected'],
      ['integrate', 'not run'],
      ['datamart', 'not run'],
      ['analyze', 'not run'],
    ]);
    expect(l.validate).toMatchObject({ status: 'rejected', rowsOut: 0 });
    expect(l.validate.findings.filter((f) => f.severity === 'reject_load')).toEqual([stop]);
    const reason = /^.*?[.?!](?=\s|$)/s.exec(stop.message)?.[0] ?? stop.message;
    expect(l.report.reason).toBe(reason);
    // the checks never read the file: its rows are those ingest counted (not 0), none accepted, none set aside
    expect(l.report.rows).toEqual({ total: l.validate.intake?.records ?? 0, rejected: 0, warned: 0, accepted: 0 });
    // the stage message (what `polder upload` prints): why, what to do, where the report is — each said once
    const rest = stop.message.slice(reason.length).trim();
    expect(l.validate.message).toBe(
      [reason, rest, `Wat te doen: ${stop.advice}`, `Rapport: s3://lake/${reportPrefix(dataset, l.loadId)}report.html`].filter(Boolean).join(' '),
    );
    await expectKeptInRaw(l, dataset);
    expectReports(l, dataset);
  }

  const quarantine = async (dataset = 'trees') =>
    query(`select line, column_name, rule, severity, value from ${await lastQuarantine(runtime, tenant, dataset)} order by line, column_name, rule`);
  const curatedLines = async (dataset = 'trees') => (await query(`select _line from ${dataset} order by _line`)).map((r) => r._line);
  const allTreeLines = Array.from({ length: treeRows }, (_, i) => i + 2);

  // ---------------------------------------------------------------- empty and not text

  it('rejects an empty file', async () => {
    const l = await upload('empty.csv', '');
    await expectRejected(l, {
      code: 'empty_file',
      severity: 'reject_load',
      count: 1,
      examples: [],
      message: 'empty.csv is leeg (0 bytes).',
      advice: 'Controleer of u de juiste gegevens heeft geëxporteerd en lever het bestand opnieuw aan.',
    });
  });

  it('rejects a header-only file', async () => {
    const l = await upload('header-only.csv', `${treesHeader}\r\n`);
    await expectRejected(l, {
      code: 'header_only',
      severity: 'reject_load',
      line: 1,
      count: 1,
      examples: [],
      message: 'header-only.csv heeft een kopregel, maar geen rijen met gegevens.',
      advice: 'Exporteer het bestand opnieuw, met de rijen. Een leeg bestand laden zou de huidige gegevens door niets vervangen.',
    });
  });

  it('rejects a binary file (random bytes with NULs) and says where the first NUL is', async () => {
    // deterministic random bytes; line breaks at 10 and 50, no NUL before byte 101
    let seed = 0x2545f491;
    const bytes = Buffer.alloc(600);
    for (let i = 0; i < bytes.length; i++) {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      bytes[i] = seed & 0xff;
    }
    for (let i = 0; i < 100; i++) if (bytes[i] === 0 || bytes[i] === 0x0a) bytes[i] = 0x41;
    bytes[0] = 0x89;
    bytes[10] = 0x0a;
    bytes[50] = 0x0a;
    bytes[100] = 0;
    const l = await upload('export.csv', bytes);
    await expectRejected(l, {
      code: 'binary_file',
      severity: 'reject_load',
      line: 3,
      count: 1,
      examples: [],
      message: 'export.csv is geen tekstbestand: er staan NUL-bytes in (de eerste op regel 3, byte 101).',
      advice: 'Controleer of u het juiste bestand heeft gekozen, en sla het in het programma waarmee het gemaakt is op als \'CSV UTF-8 (door komma\'s gescheiden) (*.csv)\'.',
    });
  });

  it('rejects an Excel workbook (.xlsx, a ZIP) saved under a .csv name', async () => {
    const zip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]), Buffer.alloc(22), Buffer.from('[Content_Types].xml<?xml version="1.0"?>')]);
    const l = await upload('bomen.xlsx.csv', zip);
    await expectRejected(l, {
      code: 'binary_file',
      severity: 'reject_load',
      count: 1,
      examples: [],
      message: 'bomen.xlsx.csv is een Excel-werkmap (.xlsx) of een ander ZIP-bestand, geen CSV-tekstbestand.',
      advice: 'Open het in Excel en kies Bestand > Opslaan als, met als bestandstype \'CSV UTF-8 (door komma\'s gescheiden) (*.csv)\'. Lever daarna het .csv-bestand aan.',
    });
  });

  it('rejects Windows-1252 bytes in a UTF-8 contract, naming line, column, byte and character', async () => {
    const content = treesWith({ 6: (l) => l.replace('Tilia europaea (vulgaris)', 'Tilia europ\u00e9a (vulgaris)') });
    const l = await upload('cp1252.csv', Buffer.from(content, 'latin1'));
    await expectRejected(l, {
      code: 'encoding_mismatch',
      severity: 'reject_load',
      column: 'BOOMSOORT',
      line: 6,
      count: 1,
      examples: [{ line: 6, value: 'Tilia europ\u00e9a (vulgaris)' }],
      message: 'cp1252.csv is niet opgeslagen als UTF-8: regel 6 (kolom "BOOMSOORT") bevat de byte 0xE9, in Windows-1252 het teken "\u00e9". In totaal 1 zo\'n byte in de eerste 64 KiB.',
      advice: 'Sla het bestand op als UTF-8 (in Excel: Bestand > Opslaan als, \'CSV UTF-8 (door komma\'s gescheiden) (*.csv)\'), of zet file.encoding: windows-1252 in het contract.',
    });
  });

  // ---------------------------------------------------------------- structure

  it('rejects ragged rows, naming each line and its field count', async () => {
    const l = await upload('ragged.csv', treesWith({ 11: (x) => `${x},extra`, 21: (x) => fieldsOf(x).slice(0, 5).join(',') }));
    await expectRejected(l, {
      code: 'ragged_rows',
      severity: 'reject_load',
      line: 11,
      count: 2,
      examples: [
        { line: 11, value: `${trees[10]},extra` },
        { line: 21, value: fieldsOf(trees[20] as string).slice(0, 5).join(',') },
      ],
      message: '2 rijen in ragged.csv (in de eerste 65.536 tekens) hebben een ander aantal waarden dan de kopregel (7): regel 11 heeft er 8, regel 21 heeft er 5.',
      advice:
        'Waarschijnlijk staat er in een waarde een "," zonder aanhalingstekens eromheen: zet zulke waarden tussen aanhalingstekens (Excel doet dat vanzelf bij opslaan als CSV). In rijen met minder waarden ontbreekt een kolom, of de rij is afgebroken. Verbeter deze rijen en lever het bestand opnieuw aan.',
    });
    // the report's total is the file's data rows (trees[0] is the header), not 0
    expect(l.report.rows.total).toBe(trees.length - 1);
  });

  it('rejects a quote that is never closed (small file: the rest of the file would be one value)', async () => {
    const head = gullies.slice(0, 21);
    head[14] = (head[14] as string).replace(',woonstraat,', ',"woonstraat,').replace(',wijkweg,', ',"wijkweg,').replace(',hoofdweg,', ',"hoofdweg,');
    expect(head[14]).toContain('"');
    const l = await upload('unterminated.csv', `${head.join('\n')}\n`, 'gullies');
    await expectRejected(
      l,
      {
        code: 'unterminated_quote',
        severity: 'reject_load',
        column: 'road_category',
        line: 15,
        count: 1,
        // the value from the quote on, line breaks shown as \n, cut at 80 characters
        examples: [{ line: 15, value: '"hoofdweg,WK008008,2024-04-19,0\\nKOLK-000015,182036.74,573422.00,hoofdweg,WK008…' }],
        message: 'Het aanhalingsteken (") dat een waarde opent op regel 15 van unterminated.csv (in kolom "road_category") wordt nooit gesloten, waardoor de rest van het bestand als één waarde gelezen zou worden.',
        advice: 'Haal het losse " op regel 15 weg of zet het sluitende " erbij. Een " in een waarde tussen aanhalingstekens schrijft u dubbel ("").',
      },
      'gullies',
    );
  });

  it('rejects a stray quote that a quote many lines further happens to close (rows swallowed into one value)', async () => {
    // line 31 gets a stray quote before its species; the next quote in trees.csv is on line 70
    expect(trees.findIndex((x, i) => i > 30 && x.includes('"')) + 1).toBe(70);
    const stray = (x: string) => setField(1, `"${fieldsOf(x)[1]}`)(x);
    const line31 = stray(trees[30] as string);
    expect(line31).toBe('110.0000000000,"Aesculus hippocastanum,1939.0000000000,waardevolle boom,,182358.451,578288.822');
    const l = await upload('stray-quote.csv', treesWith({ 31: stray }));
    await expectRejected(l, {
      code: 'unterminated_quote',
      severity: 'reject_load',
      column: 'BOOMSOORT',
      line: 31,
      count: 1,
      examples: [{ line: 31, value: `${line31.slice(line31.indexOf('"'))}\\r\\n${trees[31]}`.slice(0, 79) + '…' }],
      message:
        'Het aanhalingsteken (") dat een waarde opent op regel 31 van stray-quote.csv (in kolom "BOOMSOORT") wordt op die regel niet gesloten: de waarde loopt door tot regel 70 en neemt 39 regels mee die op rijen lijken.',
      advice: 'Haal het losse " op regel 31 weg of zet het sluitende " erbij. Een " in een waarde tussen aanhalingstekens schrijft u dubbel ("").',
    });
  });

  it('loads a file with a value of a million characters (in a column the contract drops)', async () => {
    const big = 'a'.repeat(1_000_000);
    expect(fieldsOf(trees[5] as string)[4]).toBe('');
    const l = await upload('million.csv', treesWith({ 6: setField(4, big) }));
    expect(l.summary.status, JSON.stringify(l.summary.stages)).toBe('SUCCEEDED');
    expect(l.validate).toMatchObject({ status: 'accepted', rowsIn: treeRows, rowsOut: treeRows, rejected: 0, findings: [] });
    await expectKeptInRaw(l);
    expectReports(l);
    expect(await quarantine()).toEqual([]);
    expect(await curatedLines()).toEqual(allTreeLines);
  });

  it('rejects a header line of a million characters', async () => {
    const l = await upload('long-header.csv', treesWith({ 1: (h) => `${h},${'x'.repeat(1_000_000)}` }));
    await expectRejected(l, {
      code: 'line_too_long',
      severity: 'reject_load',
      line: 1,
      count: 1,
      examples: [],
      message: 'Regel 1 (de kopregel) van long-header.csv is langer dan 65.536 tekens, dus de kolommen kunnen niet worden gecontroleerd.',
      advice: 'Controleer of het bestand een CSV-bestand is met één rij per regel. Eindigen de regels op een ongebruikelijke manier, sla het dan in Excel opnieuw op als \'CSV UTF-8 (door komma\'s gescheiden) (*.csv)\'.',
    });
  });

  // ---------------------------------------------------------------- headers

  it('rejects a contract heading that appears twice', async () => {
    const l = await upload('twice-x.csv', treesWith(Object.fromEntries(trees.map((_, i) => [i + 1, (x: string) => (i === 0 ? `${x},X` : `${x},1`)]))));
    await expectRejected(l, {
      code: 'duplicate_header',
      severity: 'reject_load',
      column: 'x',
      line: 1,
      count: 2,
      examples: [],
      message: 'De kolomnaam "X" komt 2 keer voor in twice-x.csv (kolom 6 en 8), dus het is niet duidelijk welke kolom "X" bevat.',
      advice: 'Houd één kolom met de naam "X" over: haal de andere weg of geef ze een andere naam, en lever het bestand opnieuw aan.',
    });
  });

  it('loads a file whose extra headings repeat, are empty, or hold quotes, semicolons and SQL — as harmless extra columns', async () => {
    const extras = ['note', 'NOTE', '', 'x";drop table trees;--', 'a;b', "'q'", 'extra_8', '_line'];
    const quoteCsv = (h: string) => (/[",]/.test(h) ? `"${h.replace(/"/g, '""')}"` : h);
    const header = `${treesHeader},${extras.map(quoteCsv).join(',')}`;
    const values = ',n1,n2,e,drop,ab,q,e8,l';
    const content = treesWith(Object.fromEntries(trees.map((_, i) => [i + 1, (x: string) => (i === 0 ? header : `${x}${values}`)])));
    const l = await upload('odd-headings.csv', content);

    expect(l.summary.status, JSON.stringify(l.summary.stages)).toBe('SUCCEEDED');
    expect(l.validate).toMatchObject({ status: 'accepted_with_warnings', rowsIn: treeRows, rowsOut: treeRows, rejected: 0 });
    const warn = (f: Omit<Finding, 'severity' | 'count' | 'examples' | 'line'>): Finding => ({ severity: 'warn', line: 1, count: 1, examples: [], ...f });
    const extra = (position: number, heading: string, shown = heading): Finding =>
      warn({
        code: 'extra_column',
        column: shown,
        message: `Kolom ${position} van odd-headings.csv, met de naam "${shown}", staat niet in het contract; de waarden erin worden genegeerd.`,
        advice: 'U hoeft niets te doen als deze kolom niet nodig is. Wilt u hem laden, voeg hem dan toe aan het contract "trees".',
      });
    expect(l.validate.findings).toEqual([
      warn({
        code: 'empty_header',
        message: 'Kolom 10 van odd-headings.csv heeft geen kolomnaam; de waarden erin worden genegeerd.',
        advice:
          'U hoeft niets te doen als de kolom niet nodig is. Staan er wel gegevens in, geef de kolom dan de naam die het contract gebruikt, of noem hem column_10 in het contract (zonder source).',
      }),
      {
        ...warn({
          code: 'duplicate_header',
          column: 'note',
          message: 'De kolomnaam "note" komt 2 keer voor in odd-headings.csv (kolom 8 en 9). Deze naam staat niet in het contract, dus deze kolommen worden genegeerd.',
          advice: 'U hoeft niets te doen als deze kolommen niet nodig zijn; geef anders elke kolom een eigen naam.',
        }),
        count: 2,
      },
      extra(11, 'x";drop table trees;--'),
      extra(12, 'a;b'),
      extra(13, "'q'"),
      extra(14, 'extra_8'),
      extra(15, '_line'),
    ]);
    await expectKeptInRaw(l);
    expectReports(l);
    // nothing reached the SQL: the curated table has the contract's columns and every row
    expect(await quarantine()).toEqual([]);
    expect(await curatedLines()).toEqual(allTreeLines);
    const columns = await query(`select column_name from information_schema.columns where table_name = 'trees' and table_schema = '${database}' order by ordinal_position`);
    expect(columns.map((c) => c.column_name)).toEqual(['element_nr', 'species', 'plant_year', 'status', 'x', 'y', '_line', '_load']);
    const [first] = await query('select species, x from trees where _line = 2');
    expect(first).toEqual({ species: 'Populus canadensis (euroamericana)', x: 183630.428 });
  });

  it('rejects a file without a contract column, names the column and keeps the file', async () => {
    const content = treesWith(Object.fromEntries(trees.map((_, i) => [i + 1, (x: string) => fieldsOf(x).filter((__, k) => k !== 2).join(',')])));
    // only lines without quoted commas are safe to cut on commas; trees.csv has none
    expect(trees.every((_, i) => plainLine(i + 1) || !/"[^"]*,[^"]*"/.test(trees[i] as string))).toBe(true);
    const l = await upload('no-plantjaar.csv', content);
    await expectRejected(l, {
      code: 'missing_column',
      severity: 'reject_load',
      column: 'plant_year',
      line: 1,
      count: 1,
      examples: [],
      message: 'De kolom "PLANTJAAR" ontbreekt in no-plantjaar.csv.',
      advice:
        'Voeg een kolom toe met de naam "PLANTJAAR" en lever het bestand opnieuw aan. Wordt deze kolom niet meer geleverd, vraag dan de eigenaar van het contract (Gemeente Leeuwarden, team Openbare Ruimte (bomenbeheer)) om het contract "trees" aan te passen.',
    });
  });

  it('rejects a near-miss heading with a did-you-mean', async () => {
    const l = await upload('plantjar.csv', treesWith({ 1: (h) => h.replace('PLANTJAAR', 'PLANTJAR') }));
    await expectRejected(l, {
      code: 'missing_column',
      severity: 'reject_load',
      column: 'plant_year',
      line: 1,
      count: 1,
      examples: [{ line: 1, value: 'PLANTJAR' }],
      message: 'De kolom "PLANTJAAR" ontbreekt in plantjar.csv. Kolom 3 heet "PLANTJAR": bedoelde u "PLANTJAAR"?',
      advice: 'Verander de naam van kolom 3 van "PLANTJAR" in "PLANTJAAR" en lever het bestand opnieuw aan.',
    });
  });

  // ---------------------------------------------------------------- bad values

  it('sets aside exactly the rows with bad values, warns about the doubtful ones, and loads the rest', async () => {
    for (const n of [10, 20, 25, 30, 40, 50, 60]) expect(plainLine(n), `line ${n}`).toBe(true);
    const l = await upload(
      'trees-corrupt.csv',
      treesWith({
        10: setField(2, '19x4'), // PLANTJAAR not a number → type, row set aside
        20: setField(5, '1836304.28'), // X far outside RD → type, row set aside
        25: setField(5, '120000.5'), // X in RD but outside Leeuwarden → range warning
        30: setField(1, ''), // BOOMSOORT empty → not_null, row set aside
        40: setField(3, 'dood'), // STATUS not an accepted value → warning
        50: setField(2, '1492'), // PLANTJAAR implausible → range warning
        60: setField(0, '   '), // ELEMENTNR blank (spaces) → not_null, row set aside
      }),
    );
    expect(l.summary.status, JSON.stringify(l.summary.stages)).toBe('SUCCEEDED');
    expect(l.validate).toMatchObject({ status: 'accepted_with_warnings', rowsIn: treeRows, rowsOut: treeRows - 4, rejected: 4 });
    expect(l.report.rows).toEqual({ total: treeRows, accepted: treeRows - 4, rejected: 4, warned: 3 });

    expect(await quarantine()).toEqual([
      { line: 10, column_name: 'plant_year', rule: 'type', severity: 'reject_row', value: '19x4' },
      { line: 20, column_name: 'x', rule: 'type', severity: 'reject_row', value: '1836304.28' },
      { line: 25, column_name: 'x', rule: 'range', severity: 'warn', value: '120000.5' },
      { line: 30, column_name: 'species', rule: 'not_null', severity: 'reject_row', value: null },
      { line: 40, column_name: 'status', rule: 'accepted_values', severity: 'warn', value: 'dood' },
      { line: 50, column_name: 'plant_year', rule: 'range', severity: 'warn', value: '1492' },
      { line: 60, column_name: 'element_nr', rule: 'not_null', severity: 'reject_row', value: '   ' },
    ]);
    const messages = await query(`select line, message from ${await lastQuarantine(runtime, tenant, 'trees')} order by line`);
    expect(messages.map((m) => [m.line, m.message])).toEqual([
      [10, 'PLANTJAAR "19x4" is geen geheel getal'],
      [20, 'X "1836304.28" is geen RD x-coördinaat (0–300000)'],
      [25, 'X "120000.5" ligt niet tussen 170000 en 200000'],
      [30, 'BOOMSOORT is leeg'],
      [40, 'STATUS "dood" staat niet in de lijst van toegestane waarden: monumentale boom, waardevolle boom, gedenkboom'],
      [50, 'PLANTJAAR "1492" ligt niet tussen 1600 en 2100'],
      [60, 'ELEMENTNR is leeg ("   ")'],
    ]);
    // the other rows, and the rows with only warnings, are in curated
    expect(await curatedLines()).toEqual(allTreeLines.filter((n) => ![10, 20, 30, 60].includes(n)));
    const [warned] = await query('select x, status, plant_year from trees where _line = 25 or _line = 40 or _line = 50 order by _line');
    expect(warned).toEqual({ x: 120000.5, status: fieldsOf(trees[24] as string)[3], plant_year: Number(fieldsOf(trees[24] as string)[2]) });

    // one finding per rule and column, with the first line, the count and what to do
    const byLabel = Object.fromEntries(l.report.findings.map((f) => [`${f.rule}:${f.column}`, f]));
    expect(byLabel['type:plant_year']).toEqual({
      code: 'type',
      severity: 'reject_row',
      column: 'plant_year',
      rule: 'type',
      line: 10,
      count: 1,
      examples: [{ line: 10, value: '19x4' }],
      message: '1 rij apart gezet: PLANTJAAR "19x4" is geen geheel getal (de eerste op regel 10).',
      advice: 'Verbeter de waarden zodat ze het soort waarde zijn dat is afgesproken (zie de voorbeelden) en lever het bestand opnieuw aan.',
    });
    expect(byLabel['not_null:species']).toMatchObject({ line: 30, count: 1, message: '1 rij apart gezet: BOOMSOORT is leeg (de eerste op regel 30).' });
    expect(byLabel['range:x']).toMatchObject({ severity: 'warn', line: 25, message: '1 rij met een opmerking: X "120000.5" ligt niet tussen 170000 en 200000 (de eerste op regel 25).' });
    expect(Object.keys(byLabel).sort()).toEqual([
      'accepted_values:status',
      'not_null:element_nr',
      'not_null:species',
      'range:plant_year',
      'range:x',
      'type:plant_year',
      'type:x',
    ]);
    await expectKeptInRaw(l);
    expectReports(l);
  });

  describe('a quoted value with a line break in it', () => {
    // line 12's remark spans two physical lines; line 20 (line 21 in an editor from then on) gets a bad PLANTJAAR
    const content = () => treesWith({ 12: setField(4, '"Zuidergrachtswal 13-14\r\nbij de brug, naast de kade"'), 20: setField(2, '19x4') });

    it('is loaded, not mistaken for a stray quote', async () => {
      expect(fieldsOf(trees[11] as string)[4]).toBe('Zuidergrachtswal 13-14');
      const l = await upload('multiline-remark.csv', content());
      expect(l.summary.status, JSON.stringify(l.summary.stages)).toBe('SUCCEEDED');
      expect(l.validate).toMatchObject({ status: 'accepted_with_warnings', rowsIn: treeRows, rowsOut: treeRows - 1, rejected: 1 });
      expect(l.validate.findings.map((f) => f.code)).toEqual(['type']);
      await expectKeptInRaw(l);
      expectReports(l);
      const rows = await query(`select column_name, rule, severity, value from ${await lastQuarantine(runtime, tenant, 'trees')}`);
      expect(rows).toEqual([{ column_name: 'plant_year', rule: 'type', severity: 'reject_row', value: '19x4' }]);
    });

    it('sets the row aside under the line an editor shows (21), as the pre-check counts lines', async () => {
      const l = await upload('multiline-remark-line.csv', content());
      expect(l.validate.status).toBe('accepted_with_warnings');
      expect(await quarantine()).toEqual([{ line: 21, column_name: 'plant_year', rule: 'type', severity: 'reject_row', value: '19x4' }]);
    });
  });

  it('shows cell values that start with = + - @ escaped and neutralised in report.html', async () => {
    const evil: Record<number, string> = {
      2: '=HYPERLINK("http://x")',
      3: '+cmd|\' /C calc\'!A0',
      4: '-2+3',
      5: '@SUM(A1)',
      6: '<script>alert(1)</script>',
    };
    const csvCell = (v: string) => (/[",]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
    const l = await upload('formulas.csv', treesWith(Object.fromEntries(Object.entries(evil).map(([n, v]) => [Number(n), setField(1, csvCell(v))]))));
    expect(l.summary.status, JSON.stringify(l.summary.stages)).toBe('SUCCEEDED');
    expect(l.validate).toMatchObject({ status: 'accepted_with_warnings', rowsOut: treeRows });

    // quarantine keeps the value exactly as it was in the file
    expect(await quarantine()).toEqual(
      Object.entries(evil).map(([n, v]) => ({ line: Number(n), column_name: 'species', rule: 'pattern', severity: 'warn', value: v })),
    );
    const pattern = l.report.findings.find((f) => f.rule === 'pattern');
    expect(pattern?.examples).toEqual(Object.entries(evil).map(([n, v]) => ({ line: Number(n), value: v })));

    // report.html: each value text, never a live formula or live markup
    for (const v of Object.values(evil)) {
      const shown = /^[=+\-@]/.test(v) ? `'${v}` : v;
      expect(l.html).toContain(`<td><code>${html(shown)}</code></td>`);
    }
    expect(l.html).not.toMatch(/<code>[=+\-@]/);
    expect(l.html).not.toContain('<script');
    expect(l.html).not.toContain('HYPERLINK("');
    expect(l.html).toContain('<td><code>&#39;=HYPERLINK(&quot;http://x&quot;)</code></td>');
    expect(l.html).toContain('<td><code>&lt;script&gt;alert(1)&lt;/script&gt;</code></td>');
    expect(l.html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`);
    await expectKeptInRaw(l);
  });

  // ---------------------------------------------------------------- where the file goes

  it('rejects an upload to an unknown dataset, with a clear message, and keeps the file in raw', async () => {
    const l = await upload('lampposts.csv', `${trees.slice(0, 5).join('\r\n')}\r\n`, 'lampposts');
    await expectRejected(
      l,
      {
        code: 'unknown_dataset',
        severity: 'reject_load',
        count: 1,
        examples: [],
        message: 'tenant "leeuwarden" heeft geen contract voor dataset "lampposts": voeg contracts/lampposts.yaml toe aan een van zijn pakketten (gullies) of upload met --contract',
        advice: `Lever aan bij een dataset die een contract heeft, of geef er een mee (polder upload --contract). Het bestand is bewaard als raw/leeuwarden/lampposts/load=${l.loadId}/lampposts.csv.`,
      },
      'lampposts',
    );
    expect(l.report.contract).toEqual({ id: 'lampposts', title: '(geen contract)', owner: 'onbekend' });
  });

  it('refuses an upload for an unknown tenant before anything lands', async () => {
    const path = join(workspace, 'uploads', 'groningen.csv');
    await writeFile(path, treesText);
    const before = await runtime.ports.store.list('landing', '');
    await expect(uploadFile(runtime, path, { tenant: 'groningen', dataset: 'trees' })).rejects.toThrow(
      'onbekende tenant "groningen" (bekende tenants: amsterdam, leeuwarden, utrecht, zaanstad); voeg tenants/groningen.yaml toe en deploy',
    );
    expect(await runtime.ports.store.list('landing', '')).toEqual(before);
    expect(await runtime.ports.store.list('lake', 'raw/groningen/')).toEqual([]);
  });

  it('refuses an object outside any tenant prefix with a clear error, and starts no run', async () => {
    const body = Buffer.from(treesText);
    await runtime.ports.store.put({ bucket: 'landing', key: 'loose.csv' }, body);
    const runsBefore = (await runtime.listRuns()).length;
    const event = objectCreated({ bucket: 'landing', key: 'loose.csv', size: body.length, etag: 'e' });
    await expect(runtime.deliver(event)).rejects.toThrow(
      'object key "loose.csv" is outside any tenant\'s prefix: upload to <tenant>/<dataset>/<file name> in the landing bucket',
    );
    expect((await runtime.listRuns()).length).toBe(runsBefore);
    // a key with a tenant but no dataset folder is refused the same way
    await expect(runtime.deliver(objectCreated({ bucket: 'landing', key: 'leeuwarden/loose.csv', size: 1, etag: 'e' }))).rejects.toThrow(
      'object key "leeuwarden/loose.csv" is outside any tenant\'s prefix',
    );
  });

  // ---------------------------------------------------------------- beyond the 64 KiB head

  describe('structure problems after the first 64 KiB', () => {
    // The pre-check reads only the head; these rows reach DuckDB's strict CSV reader, whose error fails the RunChecks
    // task. The file must still be kept in raw.
    const beyond = {
      ragged: () => treesWith({ 1500: (x) => `${x},extra` }),
      quote: () => treesWith({ 2081: (x) => x.replace(/^([^,]*),/, '$1,"') }),
    };

    it('the head really ends before these lines', () => {
      expect(Buffer.byteLength(trees.slice(0, 1499).join('\r\n'))).toBeGreaterThan(HEAD);
    });

    it('keeps the original in raw even when the checks cannot read the file', async () => {
      const l = await upload('ragged-late-kept.csv', beyond.ragged());
      await expectKeptInRaw(l);
    });

    it('ends rejected with a report naming the line when a row after the head is ragged', async () => {
      const l = await upload('ragged-late.csv', beyond.ragged());
      expect(l.summary.status).toBe('REJECTED');
      expect(l.report?.findings.some((f) => f.line === 1500)).toBe(true);
    });

    it('ends rejected with a report naming the line when a quote after the head is never closed', async () => {
      const l = await upload('quote-late.csv', beyond.quote());
      expect(l.summary.status).toBe('REJECTED');
      expect(l.report?.findings.some((f) => f.line === 2081)).toBe(true);
    });
  });
  describe('quarantine zone', () => {
    it('holds only real findings in what the quarantine table and the download read; the row count sits in its own part and is exact', async () => {
      const l = await upload('one-bad-one-odd.csv', treesWith({ 10: setField(2, '19x4'), 40: setField(3, 'dood') }));
      expect(l.report.rows).toEqual({ total: treeRows, accepted: treeRows - 1, rejected: 1, warned: 1 });
      // every Parquet file in the zone, of every load this runtime ran
      const root = runtime.ports.store.uriToPath(`s3://lake/quarantine/${tenant}/`);
      const files = (await readdir(root, { recursive: true })).filter((f) => f.endsWith('.parquet')).map((f) => join(root, f));
      const [counts, findings] = [files.filter((f) => f.includes('/part=row_count/')), files.filter((f) => !f.includes('/part=row_count/'))];
      expect(findings.length).toBeGreaterThan(0);
      expect(findings.every((f) => f.includes('/part=findings/')), findings.join('\n')).toBe(true);
      const read = async (f: string) => query(`select * from read_parquet('${f}', hive_partitioning = false)`);
      const rules = ['not_null', 'type', 'range', 'accepted_values', 'pattern', 'unique', 'reference', 'expression'];
      for (const f of findings) {
        for (const r of await read(f)) {
          expect(rules, f).toContain(r.rule);
          expect(['reject_row', 'warn', 'reject_load'], f).toContain(r.severity);
          expect(r.message, f).toEqual(expect.any(String));
        }
      }
      // one count per checks attempt: one row, nothing but the count; this load's is the report's total
      for (const f of counts) expect(await read(f), f).toEqual([{ line: expect.any(Number), column_name: null, rule: null, severity: null, value: null, message: null }]);
      const own = counts.filter((f) => f.includes(`/load=${l.loadId}/`));
      expect(own).toHaveLength(1);
      expect((await read(own[0] as string))[0]?.line).toBe(treeRows);
      // write-report read the count through a table of its own and dropped it
      expect(await runtime.ports.catalog.getTable(database, rowCountTableName('trees', l.loadId))).toBeUndefined();
      // the download of the set-aside rows: the one row, nothing internal
      const csv = await text(`${reportPrefix('trees', l.loadId)}set-aside.csv`);
      expect(csv.trim().split('\r\n').slice(1).map((line) => line.split(',').slice(0, 3))).toEqual([['10', 'plant_year', 'type']]);
    });
  });
});
