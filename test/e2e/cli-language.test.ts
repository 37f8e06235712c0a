import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { polderProcess, projectRoot } from '../support/cli-process';

/**
 * The CLI as a person runs it, in its own process: Dutch by default, English with --lang en or POLDER_LANG=en;
 * exit codes 0 accepted, 1 rejected, 2 an error; errors on one line.
 */

/** Leaf sizes for the gullies pack's tree_species contract: one row is "medium", which the contract does not accept. */
const species = [
  'genus,dutch_name,leaf_size,justification',
  'abies,zilverspar,small,Needles',
  'acer,esdoorn,large,Palmate leaves',
  'betula,berk,medium,Small but many',
  'tilia,linde,large,Big leaves',
].join('\n');

describe('CLI: the language people read', () => {
  let workspace: string;
  let files: string;
  let file: string;

  beforeAll(async () => {
    workspace = await mkdtemp(join(tmpdir(), 'polder-cli-lang-'));
    files = await mkdtemp(join(tmpdir(), 'polder-cli-lang-files-'));
    file = join(files, 'bladgrootte.csv');
    await writeFile(file, `${species}\n`);
  });

  afterAll(async () => {
    await rm(workspace, { recursive: true, force: true });
    await rm(files, { recursive: true, force: true });
  });

  it('prints its usage in Dutch, in English on request, with the exit codes', async () => {
    const dutch = await polderProcess(['--help'], workspace);
    expect(dutch.code).toBe(0);
    expect(dutch.stdout).toContain('gebruik: npm run polder -- <opdracht> [opties]');
    expect(dutch.stdout).toContain('afsluitcodes: 0 klaar (een levering goedgekeurd), 1 een levering afgewezen, 2 een fout');
    const english = await polderProcess(['--help', '--lang', 'en'], workspace);
    expect(english.stdout).toContain('usage: npm run polder -- <command> [options]');
    expect(english.stdout).toContain('exit codes: 0 done (a load accepted), 1 a load rejected, 2 an error');
    expect((await polderProcess(['--help'], workspace, { env: { POLDER_LANG: 'en' } })).stdout).toBe(english.stdout);
    const wrong = await polderProcess(['runs', '--lang', 'fr'], workspace);
    expect({ code: wrong.code, stderr: wrong.stderr }).toEqual({ code: 2, stderr: 'polder: --lang is nl of en, niet "fr"\n' });
  });

  it('validates in Dutch: rejected, exit code 1, never "loaded", no load id', async () => {
    const { code, stdout } = await polderProcess(['validate', file, '--dataset', 'tree_species', '--tenant', 'leeuwarden'], workspace);
    expect(code).toBe(1);
    expect(stdout.split('\n')[0]).toMatch(/^bladgrootte\.csv is afgewezen\. /);
    expect(stdout).toContain('Status:            Afgewezen');
    expect(stdout).toContain('Gegevens:          leeuwarden/tree_species\n');
    expect(stdout).toContain('Rijen:             4 in het bestand, 0 goedgekeurd, 1 apart gezet, 0 met een opmerking');
    expect(stdout).toMatch(/#\s+GEVOLG\s+CONTROLE\s+KOLOM\s+AANTAL\s+REGEL\s+MELDING/);
    expect(stdout).toContain('Wat te doen:\n  1. Kolom leaf_size: waarden die niet in de lijst van toegestane waarden staan: ');
    expect(stdout).toContain('     regel 4: "medium"');
    expect(stdout).not.toMatch(/geladen:|loaded|levering \d/);
  });

  it('validates in English with --lang en, the report too', async () => {
    const out = join(files, 'report-en');
    const { code, stdout } = await polderProcess(['validate', file, '--dataset', 'tree_species', '--tenant', 'leeuwarden', '--lang', 'en', '--out', out], workspace);
    expect(code).toBe(1);
    expect(stdout.split('\n')[0]).toMatch(/^bladgrootte\.csv was rejected\. /);
    expect(stdout).toContain('Status:      Rejected');
    expect(stdout).toContain('What to do:\n  1. Column leaf_size: values not in the list of accepted values: ');
    expect(stdout).toContain(`Report files: ${out}`);
    expect(JSON.parse(await readFile(join(out, 'report.json'), 'utf8'))).toMatchObject({ language: 'en', status: 'rejected' });
    expect(await readFile(join(out, 'report.html'), 'utf8')).toContain('<html lang="en">');
  });

  it('validate --json prints nothing the user cannot look up: no load id, no scratch paths', async () => {
    const { code, stdout } = await polderProcess(['validate', file, '--dataset', 'tree_species', '--tenant', 'leeuwarden', '--json'], workspace);
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as Record<string, unknown>;
    expect(report).toMatchObject({ tenant: 'leeuwarden', dataset: 'tree_species', status: 'rejected', language: 'nl' });
    expect(report).not.toHaveProperty('loadId');
    // the set-aside CSV was in the scratch workspace; only --out keeps it
    expect(report).not.toHaveProperty('setAsideCsv');
    expect(stdout).not.toMatch(/polder-validate-|load=|buckets\//);
    // a finding that names where the upload is kept names the user's file: the scratch copy is gone
    const unknown = await polderProcess(['validate', file, '--dataset', 'lampposts', '--tenant', 'leeuwarden', '--json'], workspace);
    expect(unknown.stdout).not.toMatch(/load=|raw\//);
    expect(JSON.parse(unknown.stdout).findings[0].advice).toContain(file);
    const out = join(files, 'report-nl');
    const kept = JSON.parse((await polderProcess(['validate', file, '--dataset', 'tree_species', '--tenant', 'leeuwarden', '--json', '--out', out], workspace)).stdout);
    expect((await readdir(out)).sort()).toEqual(['report.html', 'report.json', kept.setAsideCsv].sort());
  });

  it('uploads, lists and reports a load in Dutch; the report command speaks --lang around the stored findings', async () => {
    const upload = await polderProcess(['upload', file, '--tenant', 'leeuwarden', '--dataset', 'tree_species'], workspace);
    expect(upload.code).toBe(1);
    expect(upload.stdout).toMatch(/leeuwarden\/tree_species ← bladgrootte\.csv {3}levering \S+ {3}AFGEWEZEN in /);
    expect(upload.stdout).toMatch(/stap\s+status\s+rijen in\s+rijen uit\s+afgewezen\s+duur\s+uitvoer/);

    const runs = await polderProcess(['runs', '--tenant', 'leeuwarden'], workspace);
    expect(runs.stdout).toMatch(/^run\s+gestart \(NL-tijd\)\s+tenant\s+dataset\s+levering\s+uitvoering\s+uitkomst/);
    expect(runs.stdout).toMatch(/SUCCEEDED\s+afgewezen\s+afgewezen\s+niet gestart/);
    const [row] = JSON.parse((await polderProcess(['runs', '--json'], workspace)).stdout) as { load: string; load_outcome: string }[];
    expect(row?.load_outcome).toBe('rejected');

    const dutch = await polderProcess(['report', row?.load ?? ''], workspace);
    expect(dutch.code).toBe(0);
    expect(dutch.stdout).toContain(`Gegevens:          leeuwarden/tree_species (levering ${row?.load})`);
    const english = await polderProcess(['report', row?.load ?? '', '--lang', 'en'], workspace);
    expect(english.stdout.split('\n')[0]).toMatch(/^bladgrootte\.csv was rejected\. /);
    expect(english.stdout).toContain(`Data:        leeuwarden/tree_species (load ${row?.load})`);

    const refused = await polderProcess(['query', 'select * from nope join raw_x on true', '--tenant', 'leeuwarden', '--lang', 'en'], workspace);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^polder: query refused: table "nope": does not exist for tenant leeuwarden\. [^\n]+\. table "raw_x": [^\n]+\n$/);

    const missing = await polderProcess(['report', 'no-such-load'], workspace);
    expect({ code: missing.code, stderr: missing.stderr }).toEqual({ code: 2, stderr: 'polder: geen rapport voor levering "no-such-load": polder runs toont de leveringen\n' });
  });

  it('says a config error in one line, in the language asked for; the stack only with --debug', async () => {
    const args = ['upload', file, '--tenant', 'groningen', '--dataset', 'trees'];
    const dutch = await polderProcess(args, workspace);
    expect(dutch.code).toBe(2);
    expect(dutch.stderr).toBe('polder: onbekende tenant "groningen" (bekende tenants: amsterdam, leeuwarden, utrecht, zaanstad); voeg tenants/groningen.yaml toe en deploy\n');
    const english = await polderProcess([...args, '--lang', 'en'], workspace);
    expect(english.stderr).toBe('polder: unknown tenant "groningen" (known tenants: amsterdam, leeuwarden, utrecht, zaanstad); add tenants/groningen.yaml and deploy\n');
    const debug = await polderProcess([...args, '--debug'], workspace);
    expect(debug.stderr).toMatch(/^polder: UnknownTenantError: onbekende tenant "groningen".*\n\s+at /);
  });
});

describe('CLI: a dataset of several tenants', () => {
  let project: string;
  let workspace: string;

  // A checkout with one more tenant on the gullies pack: the project's own files, linked, and its tenants copied.
  beforeAll(async () => {
    project = await mkdtemp(join(tmpdir(), 'polder-cli-project-'));
    workspace = join(project, '.polder');
    for (const entry of await readdir(projectRoot)) {
      if (entry === 'tenants' || entry.startsWith('.')) continue;
      await symlink(join(projectRoot, entry), join(project, entry));
    }
    await mkdir(join(project, 'tenants'));
    await cp(join(projectRoot, 'tenants'), join(project, 'tenants'), { recursive: true });
    await writeFile(join(project, 'tenants', 'tytsjerk.yaml'), 'id: tytsjerk\nname: Gemeente Tytsjerksteradiel\npacks: [gullies]\n');
  });

  afterAll(async () => {
    await rm(project, { recursive: true, force: true });
  });

  it('asks for --tenant in one Dutch line naming the tenants', async () => {
    const file = join(projectRoot, 'packs/gullies/data/tree_species.csv');
    const { code, stdout, stderr } = await polderProcess(['validate', file, '--dataset', 'tree_species'], workspace, { cwd: project });
    expect({ code, stdout, stderr }).toEqual({
      code: 2,
      stdout: '',
      stderr: 'polder: dataset "tree_species" hoort bij meer dan één tenant (leeuwarden, tytsjerk): kies er een met --tenant\n',
    });
    const chosen = await polderProcess(['validate', file, '--dataset', 'tree_species', '--tenant', 'tytsjerk'], workspace, { cwd: project });
    expect(chosen.code).toBe(0);
    expect(chosen.stdout).toContain('Gegevens:          tytsjerk/tree_species\n');
  }, 120_000);
});
