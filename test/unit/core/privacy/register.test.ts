import { describe, expect, it } from 'vitest';
import { parseContract } from '../../../../core/contract/parse';
import { buildRegister, registerHtml, registerMarkdown } from '../../../../core/privacy/register';
import { buildGraph } from '../../../../core/models/graph';
import type { ModelDef } from '../../../../core/models/load';
import { modelTable } from '../../../../core/tables';
import { modelFile } from '../../../../schemas/model';
import { pack as packSchema } from '../../../../schemas/pack';
import { tenantConfig } from '../../../../schemas/tenant';

const tenant = tenantConfig.parse({ id: 'leeuwarden', name: 'Gemeente Leeuwarden', packs: ['zorg'], min_published_count: 10 });
const residents = parseContract(
  `id: inwoners
title: Inwoners
owner: Burgerzaken
source_type: own
purpose: Uitvoering van de Wmo
legal_basis: public_task
data_subjects: [inwoners]
retention_days: 730
columns:
  - { name: bsn, type: bsn }
  - { name: naam, type: string, personal_data: direct, privacy: drop }
  - { name: buurt, type: string }
`,
  'inwoners.yaml',
);
const care = parseContract(
  `id: zorg
title: Zorggebruik
owner: Sociaal domein
source_type: own
purpose: Wmo-voorzieningen plannen
legal_basis: public_task
special_category_basis: health_care
columns:
  - { name: bsn, type: bsn }
  - { name: indicatie, type: string, personal_data: special }
`,
  'zorg.yaml',
);

const pack = packSchema.parse({ id: 'zorg', title: 'Zorg', datasets: ['inwoners', 'zorg'] });

/** The pack's models: a mart on both datasets and a score on the mart (about persons or not). */
function graphWith(about_persons: boolean) {
  const model = (name: string, kind: 'mart' | 'score', sql: string, extra: object = {}): ModelDef => ({
    name,
    pack: 'zorg',
    kind,
    file: modelFile.parse({ kind, description: name, grain: 'one row per resident', ...extra }),
    sql,
    path: `packs/zorg/models/${name}.sql`,
    table: modelTable(kind, name),
  });
  return buildGraph(
    [
      model('inwoner_zorg', 'mart', 'select i.id, z.zorg from inwoners as i join zorg as z on z.id = i.id'),
      model('risico', 'score', 'select id, zorg, id as x from mart_inwoner_zorg', { about_persons, score: { id: 'id', label: 'zorg', features: ['x'] } }),
    ],
    { datasets: pack.datasets },
  );
}
const packWith = (about_persons: boolean) => ({ packs: [pack], graph: graphWith(about_persons) });

describe('Privacy register (AVG art. 30)', () => {
  it('lists purpose, basis, subjects, personal data with their treatment, recipients, retention and measures', () => {
    const r = buildRegister({ tenant, ...packWith(false), contracts: [residents], at: '2026-12-01T00:00:00Z' });
    expect(r.entries[0]).toMatchObject({
      dataset: 'inwoners',
      legalBasis: 'public_task',
      dataSubjects: ['inwoners'],
      personalData: [
        { column: 'bsn', class: 'direct', treatment: 'gepseudonimiseerd (HMAC met de sleutel van de gemeente)' },
        { column: 'naam', class: 'direct', treatment: 'niet bewaard' },
      ],
      recipients: { marts: ['inwoner_zorg'], links: [], results: ['risico'] },
      retentionDays: 730,
      dpia: { needed: false, reasons: [] },
    });
    expect(r.entries[0]?.measures).toContain('kleine aantallen onderdrukt in gepubliceerde resultaten (drempel 10)');
  });

  it('needs a DPIA for special categories, large scale, and a score about persons', () => {
    const special = buildRegister({ tenant, ...packWith(false), contracts: [care], at: 'x' });
    expect(special.entries[0]?.dpia.reasons).toEqual(['bijzondere persoonsgegevens (AVG art. 9)']);
    const large = buildRegister({ tenant, ...packWith(false), contracts: [residents], rows: { inwoners: 25_000 }, at: 'x' });
    expect(large.entries[0]?.dpia.reasons).toEqual(['grootschalig: 25000 personen met direct identificerende gegevens']);
    const scored = buildRegister({ tenant, ...packWith(true), contracts: [residents], at: 'x' });
    expect(scored.entries[0]?.dpia).toEqual({ needed: true, reasons: ['profilering of voorspelling over personen (risico)'] });
    expect(scored.dpiaNeeded).toBe(true);
  });

  it('renders Markdown and escaped HTML', () => {
    const r = buildRegister({ tenant: { ...tenant, name: 'Gemeente <b>X</b>' }, ...packWith(true), contracts: [residents], at: 'x' });
    expect(registerMarkdown(r)).toContain('- DPIA nodig: ja — profilering of voorspelling over personen (risico)');
    expect(registerHtml(r)).toContain('Gemeente &#60;b&#62;X&#60;/b&#62;');
    expect(registerHtml(r)).not.toContain('<b>X</b>');
  });
});
