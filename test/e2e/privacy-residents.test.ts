import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inferContract } from '../../core/infer';
import { tenantDatabase } from '../../core/tables';
import { quoteString } from '../../core/sql/quote';
import { demoTenant } from '../../local/commands/demo';
import { uploadFile } from '../../local/commands/upload';
import { LocalRuntime } from '../../local/runtime/runtime';
import { lastQuarantine } from '../support/quarantine';

const projectRoot = join(import.meta.dirname, '..', '..');

/** A synthetic register of residents with planted personal data; two BSNs fail the 11-check. */
function residents(): { csv: string; planted: string[]; invalidLines: number[] } {
  const first = ['Anna', 'Bram', 'Chantal', 'Dirk', 'Emine', 'Fatima', 'Gerrit', 'Hanna', 'Ilse', 'Joost', 'Karim', 'Lieke'];
  const last = ['de Vries', 'Smit', 'van der Berg', 'Jansen', 'Yılmaz', 'El Amrani', 'Bakker', 'Visser', 'Meijer', 'de Jong'];
  const streets = ['Dorpsstraat', 'Kerkstraat', 'Nieuwestad', 'Wirdumerdijk', 'Voorstreek', 'Tuinen'];
  const lines = ['bsn,naam,geboortedatum,adres,postcode,woonplaats,email,telefoon,buurt,huishouden'];
  const planted: string[] = [];
  const invalidLines: number[] = [];
  for (let i = 0; i < 60; i++) {
    let base = 10_000_000 + i * 1_234_567;
    const checkDigit = (eight: string) => [...eight].reduce((s, c, k) => s + Number(c) * (9 - k), 0) % 11;
    while (checkDigit(String(base).slice(-8)) === 10) base += 1; // no ninth digit makes these valid
    const eight = String(base).slice(-8);
    const check = checkDigit(eight);
    let bsn = eight + String(check);
    if (i === 7 || i === 33) {
      bsn = eight + String((check + 1) % 10); // breaks the 11-check
      invalidLines.push(i + 2);
    }
    const name = `${first[i % first.length]} ${last[i % last.length]}`;
    const birth = `${1940 + (i % 60)}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
    const address = `${streets[i % streets.length]} ${i + 1}${i % 4 === 0 ? 'a' : ''}`;
    const email = `${name.toLowerCase().replace(/[^a-z]+/g, '.')}${i}@example.nl`;
    const phone = `06-${String(20_000_000 + i * 7_919).padStart(8, '0')}`;
    lines.push([bsn, name, birth, address, `89${String(11 + (i % 9)).padStart(2, '0')} AB`, 'Leeuwarden', email, phone, i % 2 ? 'Binnenstad' : 'Oranjewijk', String(1 + (i % 5))].join(','));
    planted.push(bsn, name, birth, address, email, phone);
  }
  return { csv: `${lines.join('\n')}\n`, planted, invalidLines };
}

/** Every file under `dir`, except the ones `skip` says no to. */
async function files(dir: string, skip: (rel: string) => boolean, root = dir): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (skip(relative(root, path))) continue;
    if (entry.isDirectory()) out.push(...(await files(path, skip, root)));
    else out.push(path);
  }
  return out;
}

describe('End to end: a register of residents with planted personal data', () => {
  let workspace: string;
  let runtime: LocalRuntime;
  const data = residents();
  let status = '';

  beforeAll(async () => {
    workspace = await mkdtemp(join(tmpdir(), 'polder-privacy-'));
    const file = join(workspace, 'inwoners.csv');
    await writeFile(file, data.csv);
    // contract infer → the draft as written → upload
    const draft = inferContract({ sample: new TextEncoder().encode(data.csv), fileName: 'inwoners.csv', dataset: 'inwoners' });
    const contractFile = join(workspace, 'inwoners.yaml');
    await writeFile(contractFile, draft.yaml);
    runtime = await LocalRuntime.open({ workspace, projectRoot });
    const summary = await uploadFile(runtime, file, { tenant: demoTenant, dataset: 'inwoners', contractFile });
    status = `${summary.status} ${JSON.stringify(summary.stages)}`;
  });

  afterAll(async () => {
    await runtime?.close();
    await rm(workspace, { recursive: true, force: true });
  });

  it('runs the whole pipeline and catches the invalid BSNs, masked, on their lines', async () => {
    expect(status).toMatch(/^SUCCEEDED/);
    const db = tenantDatabase(demoTenant);
    const q = await runtime.ports.engine.query(`select line, column_name, rule, value from ${await lastQuarantine(runtime, demoTenant, 'inwoners')} order by line`, { tenant: demoTenant, database: db });
    expect(q.rows.map((r) => [Number(r.line), r.column_name, r.rule])).toEqual(data.invalidLines.map((l) => [l, 'bsn', 'type']));
    for (const r of q.rows) expect(r.value).toBe('999999999');
    const curated = await runtime.ports.engine.query('select count(*) as n from inwoners', { tenant: demoTenant, database: db });
    expect(Number(curated.rows[0]?.n)).toBe(60 - data.invalidLines.length);
  });

  it('leaves none of the planted values in any file outside raw/ and the query copies', async () => {
    const skip = (rel: string) =>
      rel === 'inwoners.csv' || rel === 'inwoners.yaml' || /^(buckets|versions)\/landing(\/|$)/.test(rel) || /^buckets\/lake\/(raw|decoded)(\/|$)/.test(rel);
    const scanned = await files(workspace, skip);
    expect(scanned.some((f) => f.includes('/curated/'))).toBe(true);
    expect(scanned.some((f) => f.includes('/quarantine/'))).toBe(true);
    expect(scanned.some((f) => f.includes('/reports/'))).toBe(true);
    expect(scanned.some((f) => f.includes('/runs/'))).toBe(true);
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    const found: string[] = [];
    try {
      for (const file of scanned) {
        let text: string;
        if (file.endsWith('.parquet')) {
          // every value of every column as text (Parquet pages are compressed: the bytes alone prove nothing)
          const reader = await conn.runAndReadAll(`select * from read_parquet(${quoteString(file)})`);
          text = JSON.stringify(reader.getRowObjectsJS(), (_, v) => (typeof v === 'bigint' ? String(v) : v));
        } else text = await readFile(file, 'utf8');
        for (const value of data.planted) if (text.includes(value)) found.push(`${relative(workspace, file)}: ${value}`);
      }
    } finally {
      conn.closeSync();
    }
    expect(found).toEqual([]);
  });
});
