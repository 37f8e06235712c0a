/**
 * The report as a person sees it, in a real browser (Debian's chromium driven by playwright-core; .ci/run installs
 * it): a Dutch report of a load rejected for too many bad rows, opened from the report folder. Asserts the status,
 * the totals, a finding with its line, the CSV download of the set-aside rows (personal values masked), and saves a
 * screenshot under test-output/.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalRuntime } from '../../local/runtime/runtime';

const projectRoot = join(import.meta.dirname, '..', '..');
const browserPath = '/usr/bin/chromium';
const outputDir = join(projectRoot, 'test-output');

const contract = `id: meldingen
title: Meldingen openbare ruimte
owner: Team Wijkbeheer
source_type: own
purpose: Meldingen afhandelen
file: { delimiter: ';' }
columns:
  - { name: melding_id, type: integer, nullable: false }
  - { name: postcode, type: postcode }
  - { name: melder, type: string, personal_data: direct, privacy: drop, rules: [{ kind: pattern, regex: '^[A-Z]', message: 'Schrijf de naam met een hoofdletter.' }] }
load: { max_rejected_percent: 5 }
`;

describe('the Dutch report in a real browser', () => {
  let workspace: string;
  let runtime: LocalRuntime;

  beforeAll(async () => {
    workspace = await mkdtemp(join(tmpdir(), 'polder-report-browser-'));
    runtime = await LocalRuntime.open({ workspace, projectRoot });
  });
  afterAll(async () => {
    await runtime?.close();
    if (workspace) await rm(workspace, { recursive: true, force: true });
  });

  it.skipIf(!existsSync(browserPath) && !process.env.CI)('shows status, totals, a finding with its line and the download of the set-aside rows', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => `${i + 1};8911 AB;${i >= 30 ? 'jansen' : 'Jansen'}`);
    const file = join(workspace, 'meldingen.csv');
    await writeFile(file, `melding_id;postcode;melder\n${rows.join('\n')}\n`);
    const contractFile = join(workspace, 'meldingen.yaml');
    await writeFile(contractFile, contract);
    const { report, reportKey } = await runtime.validate(file, { dataset: 'meldingen', tenant: 'leeuwarden', contractFile });
    expect(report.status).toBe('rejected');
    const folder = join(workspace, 'buckets', runtime.ports.buckets.lake, dirname(reportKey));

    const browser = await chromium.launch({
      executablePath: browserPath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1100, height: 1400 } });
      await page.goto(pathToFileURL(join(folder, 'report.html')).href);
      expect(await page.locator('html').getAttribute('lang')).toBe('nl');
      expect(await page.locator('p.status').innerText()).toBe('Afgewezen');
      const counts = await page.locator('table.rows td').allInnerTexts();
      expect(counts).toEqual(['40', '0', '10', '0']);
      expect(await page.locator('p.summary').innerText()).toBe('meldingen.csv is afgewezen. 25% van de rijen (10 van de 40) voldoet niet aan de afspraken; de afspraak is dat dat hoogstens 5% mag zijn.');
    expect(await page.locator('p.totals').innerText()).toContain('Van de 40 rijen zijn er 10 apart gezet vanwege fouten. De andere 30 rijen zijn in orde');
      const finding = page.locator('section.finding', { hasText: 'Kolom melder' });
      expect(await finding.locator('p.what').innerText()).toBe('10 rijen, de eerste op regel 32: waarden die niet op de afgesproken manier geschreven zijn. Deze rijen zijn apart gezet.');
      expect(await finding.locator('p.advice').innerText()).toBe('Wat te doen: Schrijf de naam met een hoofdletter.');
      // the regex is there for the curious, folded away
      expect(await finding.locator('details.technical').getAttribute('open')).toBeNull();
      const link = page.locator('p.download a');
      expect(await link.innerText()).toBe('Download de 10 apart gezette rijen (CSV, persoonsgegevens gemaskeerd)');
      const csvPath = join(folder, (await link.getAttribute('href')) ?? '');
      const csv = await readFile(csvPath, 'utf8');
      expect(csv.split('\r\n')[0]).toBe('\ufeffregel,kolom,controle,waarde,melding');
      expect(csv).toContain('32,melder,pattern,');
      expect(csv).not.toContain('jansen');
      await mkdir(outputDir, { recursive: true });
      await page.screenshot({ path: join(outputDir, 'report-rejected-nl.png'), fullPage: true });
      expect(existsSync(join(outputDir, 'report-rejected-nl.png'))).toBe(true);
    } finally {
      await browser.close();
    }
  }, 60_000);
});
