import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { parseContract } from '../../../core/contract/parse';
import { demoPacks } from '../../../local/commands/demo';
import { generateAll } from '../../../scripts/generate-case-packs';
import { tenantConfig } from '../../../schemas/tenant';

const root = join(import.meta.dirname, '..', '..', '..');

describe('Case packs: sample data and demos', () => {
  it('the synthetic files are exactly what scripts/generate-case-packs.ts writes (deterministic)', () => {
    for (const [file, body] of Object.entries(generateAll())) {
      const bytes = readFileSync(join(root, 'packs', file));
      expect(Buffer.compare(bytes, Buffer.from(body)), file).toBe(0);
    }
  });

  it('every demo names a tenant that uses the pack and files whose header the contract expects', () => {
    const packs = demoPacks(root);
    expect(packs.map((p) => p.pack)).toEqual(['gullies', 'foundation_risk', 'holiday_rentals', 'neighbourhood_profile', 'tree_register']);
    for (const demo of packs) {
      const tenant = tenantConfig.parse(parseYaml(readFileSync(join(root, 'tenants', `${demo.tenant}.yaml`), 'utf8')));
      expect(tenant.packs, demo.pack).toContain(demo.pack);
      for (const upload of demo.uploads) {
        expect(existsSync(join(root, upload.file)), upload.file).toBe(true);
        const contract = parseContract(readFileSync(join(root, 'packs', demo.pack, 'contracts', `${upload.dataset}.yaml`), 'utf8'), upload.dataset);
        expect(contract.id).toBe(upload.dataset);
      }
    }
  });

  it('bundles the real CBS file unchanged, with its attribution', () => {
    const ses = readFileSync(join(root, 'packs/neighbourhood_profile/data/ses_scores.csv'));
    expect(ses.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(readFileSync(join(root, 'packs/neighbourhood_profile/data/ATTRIBUTION.md'), 'utf8')).toMatch(/CC BY 4\.0/);
    const shared = '/work/shared/data/cbs/SES_WOA_scores_per_wijk_en_buurt_amsterdam_2019.csv';
    if (existsSync(shared)) expect(ses.equals(readFileSync(shared))).toBe(true);
  });
});
