import { describe, expect, it } from 'vitest';
import { parseContract } from '../../../../core/contract/parse';
import { buildRegister, registerHtml, registerMarkdown } from '../../../../core/privacy/register';
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

function packWith(about_persons: boolean) {
  return packSchema.parse({
    id: 'zorg',
    title: 'Zorg',
    datasets: ['inwoners', 'zorg'],
    marts: [{ name: 'inwoner_zorg', sql: 'marts/inwoner_zorg.sql', depends_on: ['inwoners', 'zorg'] }],
    analyses: [{ name: 'risico', sql: 'analyses/risico.sql', depends_on: ['inwoner_zorg'], about_persons, kind: 'score' }],
  });
}

describe('Privacy register (AVG art. 30)', () => {
  it('lists purpose, basis, subjects, personal data with their treatment, recipients, retention and measures', () => {
    const r = buildRegister({ tenant, packs: [packWith(false)], contracts: [residents], at: '2026-12-01T00:00:00Z' });
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
    const special = buildRegister({ tenant, packs: [packWith(false)], contracts: [care], at: 'x' });
    expect(special.entries[0]?.dpia.reasons).toEqual(['bijzondere persoonsgegevens (AVG art. 9)']);
    const large = buildRegister({ tenant, packs: [packWith(false)], contracts: [residents], rows: { inwoners: 25_000 }, at: 'x' });
    expect(large.entries[0]?.dpia.reasons).toEqual(['grootschalig: 25000 personen met direct identificerende gegevens']);
    const scored = buildRegister({ tenant, packs: [packWith(true)], contracts: [residents], at: 'x' });
    expect(scored.entries[0]?.dpia).toEqual({ needed: true, reasons: ['profilering of voorspelling over personen (risico)'] });
    expect(scored.dpiaNeeded).toBe(true);
  });

  it('renders Markdown and escaped HTML', () => {
    const r = buildRegister({ tenant: { ...tenant, name: 'Gemeente <b>X</b>' }, packs: [packWith(true)], contracts: [residents], at: 'x' });
    expect(registerMarkdown(r)).toContain('- DPIA nodig: ja — profilering of voorspelling over personen (risico)');
    expect(registerHtml(r)).toContain('Gemeente &#60;b&#62;X&#60;/b&#62;');
    expect(registerHtml(r)).not.toContain('<b>X</b>');
  });
});
