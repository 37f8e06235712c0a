/**
 * The privacy register (AVG art. 30) of a tenant, generated from its contracts and packs: per dataset the purpose,
 * legal basis, data subjects, personal data per column and what happens to it, recipients (the marts, links and
 * results made from it), retention and measures; and whether a DPIA is needed (art. 35: special categories,
 * large-scale processing of direct identifiers, or scoring and prediction about persons).
 */
import type { Contract } from '../../schemas/contract';
import type { Pack } from '../../schemas/pack';
import type { TenantConfig } from '../../schemas/tenant';
import { readContract, readPack, readTenant } from '../config';
import { privacyOf } from '../contract/privacy';
import { overrideContractsPrefix, privacyRegisterKey } from '../keys';
import type { Ports } from '../ports';
import { quoteIdent } from '../sql/quote';
import { downstreamOf, type ModelGraph } from '../models/graph';
import type { ModelDef } from '../models/load';
import { loadTenantModels } from '../models/planner';
import { curatedTableName, linkTableName, tenantDatabase } from '../tables';
import { personalClassOf } from './mask';

export interface RegisterInput {
  tenant: TenantConfig;
  packs: Pack[];
  /** The tenant's model graph (core/models): which marts, results and scores each dataset feeds. */
  graph?: ModelGraph;
  contracts: Contract[];
  /** Rows in the current curated table per dataset, when known (large scale). */
  rows?: Record<string, number>;
  /** Generated at. */
  at: string;
}

export interface RegisterEntry {
  dataset: string;
  title: string;
  owner: string;
  purpose: string;
  legalBasis: string | null;
  specialCategoryBasis: string | null;
  dataSubjects: string[];
  personalData: { column: string; class: string; treatment: string }[];
  recipients: { marts: string[]; links: string[]; results: string[] };
  retentionDays: number;
  measures: string[];
  dpia: { needed: boolean; reasons: string[] };
}

export interface PrivacyRegister {
  tenant: string;
  name: string;
  generatedAt: string;
  entries: RegisterEntry[];
  dpiaNeeded: boolean;
}

/** Persons in a dataset from which processing counts as large scale (EDPB guidance gives no number; a municipal district has a few thousand). */
export const largeScaleRows = 10_000;

const treatmentWords: Record<string, string> = {
  keep: 'bewaard zoals aangeleverd',
  pseudonymise: 'gepseudonimiseerd (HMAC met de sleutel van de gemeente)',
  drop: 'niet bewaard',
  generalise: 'gegeneraliseerd',
};

/** The models made from a dataset, directly or through other models and links. */
function derivedModels(input: RegisterInput, dataset: string): ModelDef[] {
  if (!input.graph) return [];
  const links = input.packs.flatMap((p) => p.links.filter((l) => l.from.dataset === dataset || l.to.dataset === dataset).map((l) => linkTableName(l.name)));
  return [...downstreamOf(input.graph, [dataset, ...links])].sort().map((name) => input.graph!.nodes.get(name)!.model);
}

export function buildRegister(input: RegisterInput): PrivacyRegister {
  const entries = input.contracts.map((c): RegisterEntry => {
    const personalData = c.columns
      .filter((col) => personalClassOf(col) !== 'none')
      .map((col) => ({ column: col.name, class: personalClassOf(col), treatment: treatmentWords[privacyOf(col)] ?? privacyOf(col) }));
    const derived = derivedModels(input, c.id);
    const links = input.packs.flatMap((p) => p.links.filter((l) => l.from.dataset === c.id || l.to.dataset === c.id).map((l) => l.name));
    const martNames = derived.filter((m) => m.kind === 'mart').map((m) => m.name);
    const results = derived.filter((m) => m.kind !== 'mart');
    const reasons: string[] = [];
    if (personalData.some((p) => p.class === 'special')) reasons.push('bijzondere persoonsgegevens (AVG art. 9)');
    const rows = input.rows?.[c.id];
    if (rows !== undefined && rows >= largeScaleRows && personalData.some((p) => p.class === 'direct')) {
      reasons.push(`grootschalig: ${rows} personen met direct identificerende gegevens`);
    }
    // a score model about persons (schemas/model.ts: kind score, about_persons: true) is profiling
    const scoring = derived.filter((m) => m.kind === 'score' && m.file.about_persons);
    if (scoring.length > 0) reasons.push(`profilering of voorspelling over personen (${scoring.map((m) => m.name).join(', ')})`);
    const measures = [
      ...(personalData.some((p) => p.treatment.startsWith('gepseudonimiseerd')) ? ['pseudonimisering met een sleutel per gemeente'] : []),
      ...(personalData.some((p) => p.treatment === 'niet bewaard') ? ['dataminimalisatie: kolommen niet bewaard'] : []),
      ...(personalData.length > 0 ? ['persoonsgegevens gemaskeerd in quarantaine en rapporten'] : []),
      `kleine aantallen onderdrukt in gepubliceerde resultaten (drempel ${input.tenant.min_published_count})`,
      `bewaartermijn afgedwongen: ${c.retention_days} dagen, daarna verwijderd in alle zones (met oude versies)`,
      'gegevens per gemeente gescheiden (eigen rol, database, werkgroep en sleutel)',
    ];
    return {
      dataset: c.id,
      title: c.title,
      owner: c.owner,
      purpose: c.purpose,
      legalBasis: c.legal_basis ?? null,
      specialCategoryBasis: c.special_category_basis ?? null,
      dataSubjects: c.data_subjects,
      personalData,
      recipients: { marts: martNames, links, results: results.map((r) => r.name) },
      retentionDays: c.retention_days,
      measures,
      dpia: { needed: reasons.length > 0, reasons },
    };
  });
  return { tenant: input.tenant.id, name: input.tenant.name, generatedAt: input.at, entries, dpiaNeeded: entries.some((e) => e.dpia.needed) };
}

const or = (v: string | null | undefined, missing: string) => (v === null || v === undefined || v === '' ? missing : v);

/** Markdown for people (the privacy officer). */
export function registerMarkdown(r: PrivacyRegister): string {
  const md = (s: string) => s.replace(/([\\`*_[\]|<>])/g, '\\$1').replace(/\n/g, ' ');
  const lines = [
    `# Verwerkingsregister (AVG art. 30) — ${md(r.name)}`,
    '',
    `Gegenereerd ${r.generatedAt} uit de contracten en packs van ${md(r.tenant)}. DPIA nodig: **${r.dpiaNeeded ? 'ja' : 'nee'}**.`,
  ];
  for (const e of r.entries) {
    lines.push(
      '',
      `## ${md(e.title)} (\`${e.dataset}\`)`,
      '',
      `- Eigenaar: ${md(e.owner)}`,
      `- Doel: ${md(e.purpose)}`,
      `- Grondslag (art. 6): ${md(or(e.legalBasis, 'niet vastgelegd'))}${e.specialCategoryBasis ? `; uitzondering art. 9: ${md(e.specialCategoryBasis)}` : ''}`,
      `- Betrokkenen: ${md(e.dataSubjects.join(', ') || 'niet vastgelegd')}`,
      `- Persoonsgegevens: ${e.personalData.length === 0 ? 'geen' : e.personalData.map((p) => `${md(p.column)} (${p.class}, ${p.treatment})`).join('; ')}`,
      `- Ontvangers: ${[...e.recipients.marts.map((m) => `datamart ${m}`), ...e.recipients.links.map((l) => `koppeling ${l}`), ...e.recipients.results.map((x) => `resultaat ${x}`)].join(', ') || 'geen'}`,
      `- Bewaartermijn: ${e.retentionDays} dagen`,
      `- Maatregelen: ${e.measures.map(md).join('; ')}`,
      `- DPIA nodig: ${e.dpia.needed ? `ja — ${e.dpia.reasons.map(md).join('; ')}` : 'nee'}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

const html = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function registerHtml(r: PrivacyRegister): string {
  const rows = r.entries
    .map(
      (e) => `<section><h2>${html(e.title)} <code>${html(e.dataset)}</code></h2><dl>
<dt>Eigenaar</dt><dd>${html(e.owner)}</dd>
<dt>Doel</dt><dd>${html(e.purpose)}</dd>
<dt>Grondslag (art. 6)</dt><dd>${html(or(e.legalBasis, 'niet vastgelegd'))}${e.specialCategoryBasis ? `; uitzondering art. 9: ${html(e.specialCategoryBasis)}` : ''}</dd>
<dt>Betrokkenen</dt><dd>${html(e.dataSubjects.join(', ') || 'niet vastgelegd')}</dd>
<dt>Persoonsgegevens</dt><dd>${e.personalData.length === 0 ? 'geen' : `<ul>${e.personalData.map((p) => `<li>${html(p.column)}: ${html(p.class)}, ${html(p.treatment)}</li>`).join('')}</ul>`}</dd>
<dt>Ontvangers</dt><dd>${html([...e.recipients.marts, ...e.recipients.links, ...e.recipients.results].join(', ') || 'geen')}</dd>
<dt>Bewaartermijn</dt><dd>${e.retentionDays} dagen</dd>
<dt>Maatregelen</dt><dd><ul>${e.measures.map((m) => `<li>${html(m)}</li>`).join('')}</ul></dd>
<dt>DPIA nodig</dt><dd>${e.dpia.needed ? `<strong>ja</strong>: ${html(e.dpia.reasons.join('; '))}` : 'nee'}</dd>
</dl></section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>Verwerkingsregister — ${html(r.name)}</title></head>
<body><h1>Verwerkingsregister (AVG art. 30) — ${html(r.name)}</h1>
<p>Gegenereerd ${html(r.generatedAt)}. DPIA nodig: <strong>${r.dpiaNeeded ? 'ja' : 'nee'}</strong>.</p>
${rows}
</body></html>
`;
}

/** What the register is built from, read through the ports: tenant, packs, contracts (overrides win) and table sizes. */
export async function readRegisterInput(ports: Ports, tenantId: string): Promise<RegisterInput> {
  const { store, buckets } = ports;
  const tenant = await readTenant(store, buckets.lake, tenantId);
  const packs = await Promise.all(tenant.packs.map((p) => readPack(store, buckets.lake, p)));
  const datasets = new Set(packs.flatMap((p) => p.datasets));
  for (const key of await store.list(buckets.lake, overrideContractsPrefix(tenantId))) {
    const m = /\/([a-z][a-z0-9_]*)\.yaml$/.exec(key);
    if (m?.[1]) datasets.add(m[1]);
  }
  const contracts = await Promise.all([...datasets].sort().map((d) => readContract(store, buckets.lake, tenant, d)));
  const rows: Record<string, number> = {};
  const database = tenantDatabase(tenantId);
  for (const c of contracts) {
    if (!(await ports.catalog.getTable(database, curatedTableName(c.id)))) continue;
    const out = await ports.engine.query(`select count(*) as n from ${quoteIdent(curatedTableName(c.id))}`, { tenant: tenantId, database });
    rows[c.id] = Number(out.rows[0]?.n ?? 0);
  }
  const { graph } = await loadTenantModels(ports, tenant);
  return { tenant, packs, graph, contracts, rows, at: ports.clock.now().toISOString() };
}

/** Writes the register in its three forms to the tenant's reports; returns the keys. */
export async function writeRegister(ports: Ports, register: PrivacyRegister): Promise<string[]> {
  const forms = [
    ['md', registerMarkdown(register), 'text/markdown; charset=utf-8'],
    ['html', registerHtml(register), 'text/html; charset=utf-8'],
    ['json', `${JSON.stringify(register, null, 2)}\n`, 'application/json'],
  ] as const;
  const keys: string[] = [];
  for (const [format, body, type] of forms) {
    const key = privacyRegisterKey(register.tenant, format);
    await ports.store.put({ bucket: ports.buckets.lake, key }, body, type);
    keys.push(key);
  }
  return keys;
}
