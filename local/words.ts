/**
 * Every word the `polder` CLI prints of its own, in Dutch (the default) and English (`--lang en` or POLDER_LANG=en).
 * Ids, table and column names, stage names and the engine's values stay as they are; the report's words are in
 * core/report/words.ts.
 */
import type { Language } from '../schemas/language';
import type { stageStatus } from '../schemas/payloads';
import type { z } from 'zod';

export type { Language };

const usageNl = `polder — datapijplijnen voor gemeenten, offline op deze computer

gebruik: npm run polder -- <opdracht> [opties]

opdrachten:
  demo                                   voer de meegeleverde voorbeelden van begin tot eind uit (ook: npm start)
  upload <bestand> --tenant T --dataset D
                                         zet een bestand in de landing-bucket en voer de pijplijn uit
         [--contract C]                  … gecontroleerd met uw eigen contract
  validate <bestand> (--dataset D [--tenant T] | --contract C) [--out MAP]
                                         controleer een bestand zonder het te uploaden; dezelfde regels, hetzelfde rapport
                                         (--out bewaart report.json, report.html en set-aside.csv; verder blijft er niets achter)
  report <levering>                      toon het controlerapport van een levering (de ids staan in polder runs)
  runs [--tenant T]                      de geschiedenis van de runs, met de status van elke stap
  rerun <run>                            hervat een mislukte run vanaf de stap waar hij stopte (zoals een redrive)
  sources [--tenant T]                   het register van de gegevensbronnen (rapportniveau 1)
  links --tenant T                       het koppelrapport van elke gedeclareerde koppeling (laatste run)
  query "<sql>" --tenant T [--format table|csv|json]
                                         bevraag de lokale tabellen (Trino SQL); waarden zoals de engine ze heeft
  contract infer <bestand> --dataset D [--out F]
                                         schrijf een conceptcontract op basis van een voorbeeldbestand
  retention run [--tenant T] [--as-of TIJD]
                                         verwijder leveringen na hun bewaartermijn, in elke zone; met een verslag
  erase --tenant T --dataset D --where <kolom>=<waarde>
                                         wis de rijen van een persoon uit de leveringen, marts en resultaten
  privacy register --tenant T [--format md|html|json]
                                         het verwerkingsregister (AVG art. 30), met "DPIA nodig"
  test [--pack P]                        controleer de modelschema's en voer de unittests van de modellen uit
  rollback <tabel> --tenant T [--to RUN] zet een mart- of resultaattabel terug op een eerdere bouw
  rollback --tenant T --dataset D [--to LEVERING]
                                         zet de tabel van een dataset terug op een eerdere levering (standaard: de vorige)
  contract overrides [--tenant T] [--remove D]
                                         toon de contracten die met --contract zijn gegeven, of verwijder er een

opties:
  --lang nl|en      de taal van wat polder toont (standaard nl, of POLDER_LANG); validate --lang zet ook het rapport in die taal
  --workspace MAP   waar de lokale buckets, catalogus en runs staan (standaard ./.polder, of POLDER_WORKSPACE)
  --json            uitvoer voor scripts
  --debug           toon bij een fout ook de stack trace

afsluitcodes: 0 klaar (een levering goedgekeurd), 1 een levering afgewezen, 2 een fout (de opdracht kon zijn werk niet doen)
`;

const usageEn = `polder — data pipelines for municipalities, offline on this machine

usage: npm run polder -- <command> [options]

commands:
  demo                                   run the bundled samples end to end (also: npm start)
  upload <file> --tenant T --dataset D   drop a file in the landing bucket and run the pipeline
         [--contract C]                  … checked against your own contract
  validate <file> (--dataset D [--tenant T] | --contract C) [--out DIR]
                                         check a file without uploading it; same rules, same report
                                         (--out keeps report.json, report.html and set-aside.csv; nothing else stays behind)
  report <load-id>                       print the validation report of a load (the ids are in polder runs)
  runs [--tenant T]                      the run history, with the status of each stage
  rerun <run>                            resume a failed run from the state it failed in (like a redrive)
  sources [--tenant T]                   the register of data sources (report level 1)
  links --tenant T                       the match report of every declared link (latest run)
  query "<sql>" --tenant T [--format table|csv|json]
                                         query the local tables (Trino SQL); values as the engine has them
  contract infer <file> --dataset D [--out F]
                                         write a draft contract from a sample file
  retention run [--tenant T] [--as-of TIME]
                                         delete loads past their retention, in every zone; audit record
  erase --tenant T --dataset D --where <column>=<value>
                                         erase a person's rows from curated loads, marts and results
  privacy register --tenant T [--format md|html|json]
                                         the privacy register (AVG art. 30), with "DPIA needed"
  test [--pack P]                        check the model graphs and run the models' unit tests
  rollback <table> --tenant T [--to RUN] point a mart or result table back at an earlier build
  rollback --tenant T --dataset D [--to LOAD]
                                         point a dataset's table back at an earlier load (default: the one before)
  contract overrides [--tenant T] [--remove D]
                                         list the contracts given with --contract, or remove one

options:
  --lang nl|en      the language polder speaks (default nl, or POLDER_LANG); validate --lang also sets the report's
  --workspace DIR   where the local buckets, catalog and runs live (default ./.polder, or POLDER_WORKSPACE)
  --json            machine-readable output
  --debug           show the stack trace of an error

exit codes: 0 done (a load accepted), 1 a load rejected, 2 an error (the command could not do its job)
`;

/** A stage's or a load's state in a table people read (schemas/payloads.ts stageStatus); the JSON keeps the values. */
type Outcome = z.infer<typeof stageStatus> | 'not run';

type Heading =
  | 'run' | 'started' | 'load' | 'execution' | 'load_outcome' | 'failed_at' | 'reruns' | 'checks' | 'duration'
  | 'stage' | 'status' | 'rows_in' | 'rows_out' | 'rejected' | 'output'
  | 'owner' | 'type' | 'refresh' | 'last_load' | 'rows' | 'rejected_percent'
  | 'file' | 'version' | 'action' | 'at' | 'based_on';

export interface CliWords {
  usage: string;
  unknownCommand(name: string): string;
  badLanguage(value: string): string;
  unknownOption(option: string): string;
  optionValue(option: string): string;
  badFormat(option: string, value: string, allowed: readonly string[]): string;
  missing(what: string): string;
  /** What a missing positional argument is, with the command's usage. */
  arg: {
    sample: string;
    uploadFile: string;
    validateFile: string;
    loadId: string;
    sql: string;
    run: string;
    table: string;
    where: string;
    tenantToRemove: string;
  };
  outcome: Record<Outcome, string>;
  /** Column headings of the tables the CLI prints (the JSON keeps its keys). */
  head: Record<Heading, string>;
  none: string;
  // contract
  contractUsage: string;
  wroteDraft(file: string): string;
  noOverride(tenant: string, dataset: string): string;
  removedOverride(tenant: string, dataset: string): string;
  noOverrides: string;
  // validate and report
  nameDataset: string;
  reportFiles(dir: string): string;
  noReport(load: string): string;
  // upload, rerun, demo
  uploadLine(s: { tenant: string; dataset: string; file: string; load: string; status: string; took: string }): string;
  took(duration: string): string;
  duplicateEvent: string;
  uploadStatus: { succeeded: string; rejected: string; failed(reason: string): string };
  demoStart(workspace: string): string;
  demoPack(p: { pack: string; tenant: string; ok: number; total: number; took: string }): string;
  demoAlreadyLoaded(p: { dataset: string; file: string }): string;
  demoTables(tables: string): string;
  demoChecks(c: { passed: number; tests: number; reconciled: number; reconciliations: number; held: string[] }): string;
  demoOutputs(folder: string): string;
  demoTry: string;
  // runs, sources, rerun
  noRuns: string;
  checks(c: { passed: number; tests: number; reconciled: number; reconciliations: number; held: string[] }): string;
  noRun(name: string): string;
  stageOfRun(name: string, parent: string): string;
  // links
  noLinkReports(tenant: string): string;
  runOf(id: string): string;
  // query
  rowCount(rows: number): string;
  // retention, erase, privacy, rollback
  retentionUsage: string;
  retentionFailed(why: string): string;
  retentionLine(t: { tenant: string; expiredLoads: number; objectsDeleted: number; audit: string }): string;
  eraseFailed(stage: string, why: string): string;
  erased(e: { rows: number; dataset: string; byPseudonym: boolean; column: string; loads: number; uploads: number; rebuilt: string[]; audit: string }): string;
  rawNotRewritten(load: string, reason: string): string;
  privacyUsage: string;
  notAModel(name: string): string;
  pointsAt(p: { table: string; tenant: string; run: string; rows: number; builtAt: string; from: string | undefined }): string;
  followed(tables: string[]): string;
  versions(list: string): string;
  current: string;
  heldBack: string;
  pointsAtLoad(p: { table: string; tenant: string; to: string; from: string }): string;
  // test
  graphWrong(scope: string): string;
  buildOrder(scope: string, waves: string): string;
  noModels: string;
  unitTests(passed: number, total: number, graphErrors: boolean): string;
  // notices
  orphaned(run: string, state: string | undefined): string;
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

const nl: CliWords = {
  usage: usageNl,
  unknownCommand: (name) => `onbekende opdracht "${name}"; polder --help toont de opdrachten`,
  badLanguage: (value) => `--lang is nl of en, niet "${value}"`,
  unknownOption: (option) => `onbekende optie ${option}; polder --help toont de opties`,
  optionValue: (option) => `${option} heeft een waarde nodig (bijvoorbeeld ${option} X); polder --help toont de opties`,
  badFormat: (option, value, allowed) => `${option} is ${allowed.slice(0, -1).join(', ')} of ${allowed.at(-1)}, niet "${value}"`,
  missing: (what) => `ontbreekt: ${what}`,
  arg: {
    sample: 'het voorbeeldbestand: polder contract infer <bestand> --dataset D',
    uploadFile: 'het bestand: polder upload <bestand> --tenant T --dataset D',
    validateFile: 'het bestand: polder validate <bestand> (--dataset D [--tenant T] | --contract C)',
    loadId: 'de levering: polder report <levering> (polder runs toont ze)',
    sql: 'de SQL: polder query "<sql>" --tenant T',
    run: 'de run: polder rerun <run> (polder runs toont de namen)',
    table: 'de tabel: polder rollback <mart_… | result_…> --tenant T [--to RUN], of --dataset D',
    where: '--where <kolom>=<waarde>',
    tenantToRemove: '--tenant (van wie het eigen contract weg moet)',
  },
  outcome: {
    accepted: 'goedgekeurd',
    accepted_with_warnings: 'goedgekeurd, let op',
    rejected: 'afgewezen',
    succeeded: 'gelukt',
    skipped: 'overgeslagen',
    failed: 'mislukt',
    'not run': 'niet gestart',
  },
  head: {
    run: 'run',
    started: 'gestart (NL-tijd)',
    load: 'levering',
    execution: 'uitvoering',
    load_outcome: 'uitkomst',
    failed_at: 'mislukt bij',
    reruns: 'hervat',
    checks: 'controles',
    duration: 'duur',
    stage: 'stap',
    status: 'status',
    rows_in: 'rijen in',
    rows_out: 'rijen uit',
    rejected: 'afgewezen',
    output: 'uitvoer',
    owner: 'eigenaar',
    type: 'soort',
    refresh: 'verversing',
    last_load: 'laatste levering (NL-tijd)',
    rows: 'rijen',
    rejected_percent: 'afgewezen %',
    file: 'bestand',
    version: 'versie',
    action: 'actie',
    at: 'op',
    based_on: 'gebaseerd op',
  },
  none: 'geen',
  contractUsage: 'gebruik: polder contract infer <bestand> --dataset D [--out F] | polder contract overrides [--tenant T] [--remove D]',
  wroteDraft: (file) => `Conceptcontract geschreven naar ${file}: kijk de regels na die met "controleer" gemarkeerd zijn en vul owner en purpose in.`,
  noOverride: (tenant, dataset) => `tenant ${tenant} heeft geen eigen contract voor dataset ${dataset}`,
  removedOverride: (tenant, dataset) => `Eigen contract van ${tenant}/${dataset} verwijderd: de volgende levering gebruikt weer het contract van het pakket.`,
  noOverrides: 'Geen eigen contracten: elke dataset gebruikt het contract van zijn pakket.',
  nameDataset: 'noem de dataset (--dataset D) of geef een contract (--contract C)',
  reportFiles: (dir) => `Rapportbestanden: ${dir}`,
  noReport: (load) => `geen rapport voor levering "${load}": polder runs toont de leveringen`,
  uploadLine: (s) => `${s.tenant}/${s.dataset} ← ${s.file}   levering ${s.load}   ${s.status}${s.took}`,
  took: (duration) => ` in ${duration}`,
  duplicateEvent: 'geen run gestart (dubbele melding van hetzelfde bestand)',
  uploadStatus: { succeeded: 'GOEDGEKEURD', rejected: 'AFGEWEZEN', failed: (reason) => `MISLUKT: ${reason}` },
  demoStart: (workspace) => `Polder-demo: elk meegeleverd pakket voor zijn demo-tenant; werkmap ${workspace}`,
  demoPack: (p) => `\n== ${p.pack} (tenant ${p.tenant}): ${p.ok} van ${p.total} uploads gelukt in ${p.took}`,
  demoAlreadyLoaded: (p) => `   ${p.dataset} ← ${p.file}: al geladen bij een eerdere demo (dezelfde bytes); niets opnieuw toegevoegd`,
  demoTables: (tables) => `   tabellen: ${tables}`,
  demoChecks: (c) =>
    `   controles: ${c.passed} van ${c.tests} datatests geslaagd, ${c.reconciled} van ${c.reconciliations} aansluitingen kloppen${c.held.length ? `; tegengehouden: ${c.held.join(', ')}` : ''}`,
  demoOutputs: (folder) => `\nDe uitvoer staat in ${folder}: curated/, marts/, results/, reports/.`,
  demoTry: 'Probeer:',
  noRuns: 'Nog geen runs: probeer npm start.',
  checks: (c) => `${c.passed}/${c.tests} datatests, ${c.reconciled}/${c.reconciliations} aansluitingen kloppen${c.held.length ? `; tegengehouden ${c.held.join(', ')}` : ''}`,
  noRun: (name) => `er is geen run ${name}; polder runs toont ze`,
  stageOfRun: (name, parent) => `${name} is een stap van run ${parent}: hervat die`,
  noLinkReports: (tenant) => `geen koppelrapporten voor tenant "${tenant}": koppelingen worden in de datamart-stap gebouwd zodra hun datasets geladen zijn`,
  runOf: (id) => `(run ${id})`,
  rowCount: (rows) => `(${plural(rows, 'rij', 'rijen')})`,
  retentionUsage: 'gebruik: polder retention run [--tenant T] [--as-of 2027-12-01T00:00:00Z]',
  retentionFailed: (why) => `de bewaartermijn-run is mislukt: ${why}`,
  retentionLine: (t) =>
    `${t.tenant}: ${plural(t.expiredLoads, 'levering', 'leveringen')} na hun bewaartermijn verwijderd, ${plural(t.objectsDeleted, 'bestand of versie', 'bestanden en versies')} weg. Verslag: ${t.audit}`,
  eraseFailed: (stage, why) => `${stage} na het wissen is mislukt: ${why}`,
  erased: (e) =>
    `${plural(e.rows, 'rij', 'rijen')} van ${e.dataset} gewist (gevonden via ${e.byPseudonym ? 'het pseudoniem' : 'de waarde'} in kolom ${e.column}); ` +
    `${plural(e.loads, 'levering', 'leveringen')} herschreven, ${plural(e.uploads, 'upload', 'uploads')} geschoond` +
    `${e.rebuilt.length ? `, opnieuw gebouwd: ${e.rebuilt.join(', ')}` : ''}. Verslag: ${e.audit}`,
  rawNotRewritten: (load, reason) => `  let op: upload van levering ${load} niet herschreven (${reason})`,
  privacyUsage: 'gebruik: polder privacy register --tenant T [--format md|html|json]',
  notAModel: (name) => `${name} is geen mart- of resultaattabel (mart_… of result_…); een dataset: --dataset ${name}`,
  pointsAt: (p) => `${p.table} (tenant ${p.tenant}) wijst nu naar run ${p.run} (${p.rows} rijen, gebouwd ${p.builtAt}); was ${p.from ?? '(geen)'}.`,
  followed: (tables) => `Mee teruggezet: ${tables.join(', ')}.`,
  versions: (list) => `Versies: ${list}`,
  current: 'huidig',
  heldBack: 'tegengehouden',
  pointsAtLoad: (p) => `${p.table} (tenant ${p.tenant}) wijst weer naar levering ${p.to} (was ${p.from}).`,
  graphWrong: (scope) => `✗ ${scope}: het modelschema klopt niet`,
  buildOrder: (scope, waves) => `✓ ${scope}: bouwvolgorde ${waves}`,
  noModels: '(geen modellen)',
  unitTests: (passed, total, graphErrors) => `\n${passed} van ${total} unittests geslaagd${graphErrors ? '; het modelschema heeft fouten' : ''}.`,
  orphaned: (run, state) =>
    `run ${run} stond nog op RUNNING, maar het proces erachter is gestopt; gemarkeerd als FAILED bij ${state ?? 'het begin'} (hervatten: polder rerun ${run})`,
};

const en: CliWords = {
  usage: usageEn,
  unknownCommand: (name) => `unknown command "${name}"; run with --help to see the commands`,
  badLanguage: (value) => `--lang is nl or en, not "${value}"`,
  unknownOption: (option) => `unknown option ${option}; run with --help to see the options`,
  optionValue: (option) => `${option} needs a value (for example ${option} X); run with --help to see the options`,
  badFormat: (option, value, allowed) => `${option} is ${allowed.slice(0, -1).join(', ')} or ${allowed.at(-1)}, not "${value}"`,
  missing: (what) => `missing ${what}`,
  arg: {
    sample: 'the sample file: polder contract infer <file> --dataset D',
    uploadFile: 'the file to upload: polder upload <file> --tenant T --dataset D',
    validateFile: 'the file: polder validate <file> (--dataset D [--tenant T] | --contract C)',
    loadId: 'the load id: polder report <load-id> (see polder runs)',
    sql: 'the SQL: polder query "<sql>" --tenant T',
    run: 'the run to rerun: polder rerun <run> (the names are in polder runs)',
    table: 'the table: polder rollback <mart_… | result_…> --tenant T [--to RUN], or --dataset D',
    where: '--where <column>=<value>',
    tenantToRemove: '--tenant (whose override to remove)',
  },
  outcome: {
    accepted: 'accepted',
    accepted_with_warnings: 'accepted_with_warnings',
    rejected: 'rejected',
    succeeded: 'succeeded',
    skipped: 'skipped',
    failed: 'failed',
    'not run': 'not run',
  },
  head: {
    run: 'run',
    started: 'started (Amsterdam)',
    load: 'load',
    execution: 'execution',
    load_outcome: 'load_outcome',
    failed_at: 'failed at',
    reruns: 'reruns',
    checks: 'checks',
    duration: 'duration',
    stage: 'stage',
    status: 'status',
    rows_in: 'rows in',
    rows_out: 'rows out',
    rejected: 'rejected',
    output: 'output',
    owner: 'owner',
    type: 'type',
    refresh: 'refresh',
    last_load: 'last load (Amsterdam)',
    rows: 'rows',
    rejected_percent: 'rejected %',
    file: 'file',
    version: 'version',
    action: 'action',
    at: 'at',
    based_on: 'based_on',
  },
  none: 'none',
  contractUsage: 'usage: polder contract infer <file> --dataset D [--out F] | polder contract overrides [--tenant T] [--remove D]',
  wroteDraft: (file) => `Wrote a draft contract to ${file}: check the lines marked "check" and fill in owner and purpose.`,
  noOverride: (tenant, dataset) => `tenant ${tenant} has no override for dataset ${dataset}`,
  removedOverride: (tenant, dataset) => `Removed the override of ${tenant}/${dataset}: the next load uses the pack's contract.`,
  noOverrides: 'No overrides: every dataset uses its pack contract.',
  nameDataset: 'name the dataset (--dataset D) or give a contract (--contract C)',
  reportFiles: (dir) => `Report files: ${dir}`,
  noReport: (load) => `no report for load "${load}": polder runs lists the loads`,
  uploadLine: (s) => `${s.tenant}/${s.dataset} ← ${s.file}   load ${s.load}   ${s.status}${s.took}`,
  took: (duration) => ` in ${duration}`,
  duplicateEvent: 'no run started (duplicate event)',
  uploadStatus: { succeeded: 'SUCCEEDED', rejected: 'REJECTED', failed: (reason) => `FAILED: ${reason}` },
  demoStart: (workspace) => `Polder demo: every bundled pack for its demo tenant; workspace ${workspace}`,
  demoPack: (p) => `\n== ${p.pack} (tenant ${p.tenant}): ${p.ok} of ${p.total} uploads succeeded in ${p.took}`,
  demoAlreadyLoaded: (p) => `   ${p.dataset} ← ${p.file}: already loaded by an earlier demo (the same bytes); nothing added again`,
  demoTables: (tables) => `   tables: ${tables}`,
  demoChecks: (c) =>
    `   checks: ${c.passed} of ${c.tests} data tests passed, ${c.reconciled} of ${c.reconciliations} reconciliations hold${c.held.length ? `; held back: ${c.held.join(', ')}` : ''}`,
  demoOutputs: (folder) => `\nOutputs are under ${folder}: curated/, marts/, results/, reports/.`,
  demoTry: 'Try:',
  noRuns: 'No runs yet: try npm start.',
  checks: (c) => `${c.passed}/${c.tests}, ${c.reconciled}/${c.reconciliations} reconciled${c.held.length ? `; held back ${c.held.join(', ')}` : ''}`,
  noRun: (name) => `no run named ${name}; polder runs lists them`,
  stageOfRun: (name, parent) => `${name} is a stage of run ${parent}: rerun that one`,
  noLinkReports: (tenant) => `no link reports for tenant "${tenant}": links are built in the datamart stage once their datasets are loaded`,
  runOf: (id) => `(run ${id})`,
  rowCount: (rows) => `(${plural(rows, 'row', 'rows')})`,
  retentionUsage: 'usage: polder retention run [--tenant T] [--as-of 2027-12-01T00:00:00Z]',
  retentionFailed: (why) => `the retention run failed: ${why}`,
  retentionLine: (t) =>
    `${t.tenant}: ${plural(t.expiredLoads, 'load', 'loads')} past their retention deleted, ${plural(t.objectsDeleted, 'file or version', 'files and versions')} gone. Audit record: ${t.audit}`,
  eraseFailed: (stage, why) => `${stage} after the erasure failed: ${why}`,
  erased: (e) =>
    `${plural(e.rows, 'row', 'rows')} of ${e.dataset} erased (found by ${e.byPseudonym ? 'the pseudonym' : 'the value'} in column ${e.column}); ` +
    `${plural(e.loads, 'load', 'loads')} rewritten, ${plural(e.uploads, 'upload', 'uploads')} cleaned` +
    `${e.rebuilt.length ? `, rebuilt: ${e.rebuilt.join(', ')}` : ''}. Audit record: ${e.audit}`,
  rawNotRewritten: (load, reason) => `  note: the upload of load ${load} was not rewritten (${reason})`,
  privacyUsage: 'usage: polder privacy register --tenant T [--format md|html|json]',
  notAModel: (name) => `${name} is not a mart or result table (mart_… or result_…); a dataset: --dataset ${name}`,
  pointsAt: (p) => `${p.table} (tenant ${p.tenant}) now points at run ${p.run} (${p.rows} rows, built ${p.builtAt}); was ${p.from ?? '(none)'}.`,
  followed: (tables) => `Rolled back with it: ${tables.join(', ')}.`,
  versions: (list) => `Versions: ${list}`,
  current: 'current',
  heldBack: 'held back',
  pointsAtLoad: (p) => `${p.table} (tenant ${p.tenant}) points at load ${p.to} again (was ${p.from}).`,
  graphWrong: (scope) => `✗ ${scope}: the model graph is wrong`,
  buildOrder: (scope, waves) => `✓ ${scope}: build order ${waves}`,
  noModels: '(no models)',
  unitTests: (passed, total, graphErrors) => `\n${passed} of ${total} unit tests passed${graphErrors ? '; the model graph has errors' : ''}.`,
  orphaned: (run, state) =>
    `run ${run} was left RUNNING by a process that ended; marked FAILED at ${state ?? 'its start'} (resume it: polder rerun ${run})`,
};

export const cliWords: Record<Language, CliWords> = { nl, en };
