/**
 * JSON lines end to end: .jsonl uploads go through the real pipeline (S3 event → start-pipeline → the synthesized
 * pipeline and validate state machines → DuckDB) on one offline runtime, with a contract file supplied like
 * `polder upload --contract`. Checks what the team sees (status, findings, report), the exact quarantine rows
 * and the curated rows.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenantDatabase } from '../../core/tables';
import { uploadFile, type UploadSummary } from '../../local/commands/upload';
import { LocalRuntime } from '../../local/runtime/runtime';
import type { ValidateOutput } from '../../schemas/payloads';
import type { LoadReport } from '../../schemas/report';

const projectRoot = join(import.meta.dirname, '..', '..');
const tenant = 'leeuwarden';
const database = tenantDatabase(tenant);
const dataset = 'metingen';
const HEAD = 65_536;

const contractYaml = (file = '{ format: jsonl, null_markers: ["", "onbekend"] }') => `id: ${dataset}
title: Sensormetingen
owner: Team IoT
source_type: iot
purpose: Temperatuur in de openbare ruimte volgen
file: ${file}
columns:
  - { name: sensor_id, source: SensorID, type: string, nullable: false, rules: [{ kind: pattern, regex: '^S-[0-9]{3}$' }] }
  - { name: gemeten, source: gemetenOp, type: timestamp, nullable: false }
  - { name: temperatuur, type: decimal, scale: 2, rules: [{ kind: range, min: -40, max: 60 }] }
  - { name: batterij, type: integer, rules: [{ kind: range, min: 0, max: 100, severity: warn }] }
  - { name: actief, type: boolean }
  - { name: wijk, type: cbs_wijk }
  - { name: opmerking, type: string }
keys: { primary: [sensor_id, gemeten] }
load: { max_rejected_percent: 10 }
`;

/** Reading i as one object (as an export tool writes it: keys in the contract's spelling). */
function reading(i: number, over: Record<string, unknown> = {}): Record<string, unknown> {
  const gemetenOp = new Date(Date.UTC(2024, 4, 1, 6) + i * 60_000).toISOString().replace('T', ' ').slice(0, 19);
  return {
    SensorID: `S-${String(i % 50).padStart(3, '0')}`,
    gemetenOp,
    temperatuur: Math.round((i % 30) * 10 + 5) / 100 + 10,
    batterij: 50 + (i % 50),
    actief: i % 3 !== 0,
    wijk: `WK0080${String(i % 10).padStart(2, '0')}`,
    ...over,
  };
}
const jsonl = (objects: (Record<string, unknown> | string)[]) => `${objects.map((o) => (typeof o === 'string' ? o : JSON.stringify(o))).join('\n')}\n`;

describe('JSON lines through the real pipeline', () => {
  let workspace: string;
  let runtime: LocalRuntime;
  let contractFile: string;

  beforeAll(async () => {
    workspace = await mkdtemp(join(tmpdir(), 'polder-jsonl-e2e-'));
    await mkdir(join(workspace, 'uploads'), { recursive: true });
    contractFile = join(workspace, 'metingen.yaml');
    await writeFile(contractFile, contractYaml());
    runtime = await LocalRuntime.open({ workspace, projectRoot });
  });

  afterAll(async () => {
    await runtime?.close();
    if (workspace) await rm(workspace, { recursive: true, force: true });
  });

  const query = async (sql: string) => (await runtime.ports.engine.query(sql, { tenant, database })).rows;
  const text = async (key: string) => new TextDecoder().decode(await runtime.ports.store.get({ bucket: 'lake', key }));

  async function upload(fileName: string, content: string) {
    const path = join(workspace, 'uploads', fileName);
    await writeFile(path, content);
    const summary: UploadSummary = await uploadFile(runtime, path, { tenant, dataset, contractFile });
    const loadId = summary.loadId as string;
    const child = (await runtime.listRuns()).find((r) => r.parent === summary.run && r.workflow === 'validate');
    const report = JSON.parse(await text(`reports/${tenant}/${dataset}/load=${loadId}/report.json`)) as LoadReport;
    const raw = `raw/${tenant}/${dataset}/load=${loadId}/${fileName}`;
    const kept = Buffer.from(await runtime.ports.store.get({ bucket: 'lake', key: raw })).toString('utf8');
    expect(kept, 'the upload is kept byte for byte in raw').toBe(content);
    return { summary, loadId, validate: child?.output as ValidateOutput, report };
  }

  it('sets aside exactly the objects with bad values, warns about the doubtful ones, and loads the rest', async () => {
    const objects: (Record<string, unknown> | string)[] = Array.from({ length: 100 }, (_, k) => reading(k + 1));
    // line n holds objects[n - 1]
    objects[4] = reading(5, { opmerking: 'kast open\ndeur klemt\nmelding gedaan' }); // escaped line breaks: no line moves
    objects[9] = reading(10, { temperatuur: 75.5 }); // range
    objects[19] = reading(20, { batterij: 140 }); // range, warn only: loaded
    objects[29] = reading(30, { gemetenOp: '2024-05-01T07:30:00' }); // not the timestamp format
    objects[39] = reading(40, { SensorID: 'S-40', wijk: 'WK12' }); // pattern and type on one line
    objects[49] = reading(50, { temperatuur: 'onbekend', actief: 'ja' }); // a null marker, a Dutch boolean: fine
    objects[59] = '{"sensorid": "S-010", "GEMETENOP": "2024-05-01 07:00:00", "Temperatuur": 1.50e1}'; // other capitals: matched
    objects[69] = reading(70, { temperatuur: '12,5' }); // a decimal comma in a string is not a JSON number
    objects[79] = reading(80, { meta: { firmware: '1.2' } }); // a key the contract does not know
    const l = await upload('metingen.jsonl', jsonl(objects));

    expect(l.summary.status, JSON.stringify(l.summary.stages)).toBe('SUCCEEDED');
    expect(l.validate).toMatchObject({ status: 'accepted_with_warnings', rowsIn: 100, rowsOut: 96, rejected: 4 });
    expect(await query(`select line, column_name, rule, severity, value from read_parquet('${runtime.ports.store.uriToPath(l.validate.outputs[1] ?? '')}**/*.parquet') order by line, column_name, rule`)).toEqual([
      { line: 10, column_name: 'temperatuur', rule: 'range', severity: 'reject_row', value: '75.5' },
      { line: 20, column_name: 'batterij', rule: 'range', severity: 'warn', value: '140' },
      { line: 30, column_name: 'gemeten', rule: 'type', severity: 'reject_row', value: '2024-05-01T07:30:00' },
      { line: 40, column_name: 'sensor_id', rule: 'pattern', severity: 'reject_row', value: 'S-40' },
      { line: 40, column_name: 'wijk', rule: 'type', severity: 'reject_row', value: 'WK12' },
      { line: 70, column_name: 'temperatuur', rule: 'type', severity: 'reject_row', value: '12,5' },
    ]);
    const codes = l.report.findings.map((f) => [f.code, f.severity, f.line ?? null]);
    expect(codes).toEqual(
      expect.arrayContaining([
        ['key_differs', 'warn', 60],
        ['extra_key', 'warn', 80],
      ]),
    );
    expect(l.report.findings.find((f) => f.rule === 'pattern')?.message).toBe('1 rij apart gezet: SensorID "S-40" is niet geschreven zoals afgesproken (patroon ^S-[0-9]{3}$) (de eerste op regel 40).');

    const curated = await query(`select _line, sensor_id, gemeten, temperatuur, batterij, actief, opmerking from ${dataset} order by _line`);
    expect(curated.map((r) => r._line)).toEqual(Array.from({ length: 100 }, (_, k) => k + 1).filter((n) => ![10, 30, 40, 70].includes(n)));
    const at = (line: number) => curated.find((r) => r._line === line);
    expect(at(5)?.opmerking).toBe('kast open\ndeur klemt\nmelding gedaan');
    expect(at(20)?.batterij).toBe(140);
    expect(at(50)).toMatchObject({ temperatuur: null, actief: true });
    expect(at(60)).toMatchObject({ sensor_id: 'S-010', gemeten: '2024-05-01 07:00:00.000', temperatuur: 15 });
  });

  it('rejects a file whose objects lack a required key, with a did-you-mean, before any row is read', async () => {
    const objects = Array.from({ length: 5 }, (_, k) => {
      const { gemetenOp, ...rest } = reading(k + 1);
      return { ...rest, gemeten_op: gemetenOp };
    });
    const l = await upload('metingen-key.jsonl', jsonl(objects));
    expect(l.summary.status).toBe('REJECTED');
    expect(l.validate.findings.filter((f) => f.severity === 'reject_load')).toEqual([
      {
        code: 'missing_key',
        severity: 'reject_load',
        column: 'gemeten',
        line: 1,
        count: 1,
        examples: [{ line: 1, value: 'gemeten_op' }],
        message: 'De veldnaam "gemetenOp" ontbreekt in metingen-key.jsonl: geen van de 5 objecten heeft dit veld. Regel 1 heeft de veldnaam "gemeten_op": bedoelde u "gemetenOp"?',
        advice: 'Verander de veldnaam "gemeten_op" in "gemetenOp" en lever het bestand opnieuw aan.',
      },
    ]);
    // no row was read by the checks: the total is the 5 objects in the file, none accepted, none set aside
    expect(l.report.rows).toEqual({ total: 5, rejected: 0, warned: 0, accepted: 0 });
  });

  it('rejects empty lines and a broken line in the first 64 KiB, naming the lines', async () => {
    const objects: (Record<string, unknown> | string)[] = Array.from({ length: 10 }, (_, k) => reading(k + 1));
    objects[2] = '';
    const blank = await upload('metingen-blank.jsonl', jsonl(objects));
    expect(blank.validate.findings.filter((f) => f.severity === 'reject_load').map((f) => [f.code, f.line])).toEqual([['blank_lines', 3]]);
    objects[2] = '{"SensorID": "S-003", "gemetenOp": "2024-05-01 06:03:00", "temperatuur": 12,5}';
    const broken = await upload('metingen-broken.jsonl', jsonl(objects));
    expect(broken.validate.findings.filter((f) => f.severity === 'reject_load')).toMatchObject([
      { code: 'invalid_json', line: 3, message: 'Regel 3 van metingen-broken.jsonl is geen geldige JSON: verwacht werd een veldnaam tussen dubbele aanhalingstekens, maar er staat "5" (teken 77).' },
    ]);
  });

  describe('a line that is not JSON after the first 64 KiB', () => {
    const objects: (Record<string, unknown> | string)[] = Array.from({ length: 1200 }, (_, k) => reading(k + 1));
    const badLine = 1100;
    objects[badLine - 1] = '{"SensorID": "S-010", "gemetenOp": "2024-05-01 06:00:00", "temperatuur": 12.5';

    it('the head really ends before that line', () => {
      expect(Buffer.byteLength(jsonl(objects.slice(0, badLine - 1)))).toBeGreaterThan(HEAD);
    });

    it('ends rejected with a report naming the line; the file stays in raw', async () => {
      const l = await upload('metingen-late.jsonl', jsonl(objects));
      expect(l.summary.status).toBe('REJECTED');
      const stop = l.validate.findings.filter((f) => f.severity === 'reject_load');
      expect(stop).toMatchObject([
        {
          code: 'unreadable_file',
          line: badLine,
          message: `metingen-late.jsonl kon niet helemaal gelezen worden: op regel ${badLine.toLocaleString('nl-NL')} gaat het mis.`,
          advice: `Open het bestand en maak van regel ${badLine.toLocaleString('nl-NL')} één volledig JSON-object (meestal ontbreekt er een komma, aanhalingsteken of haakje). Lever het daarna opnieuw aan.`,
        },
      ]);
      // the reader's own words stay, under the technical details
      expect(stop[0]?.detail).toContain(`Malformed JSON in metingen-late.jsonl on line ${badLine}: the line ends inside the object that opens at character 1 (a "}" is missing)`);
      expect(l.report.status).toBe('rejected');
    });
  });
});
