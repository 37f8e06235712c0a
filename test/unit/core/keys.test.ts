import { describe, expect, it } from 'vitest';
import {
  contractSnapshotKey,
  linkReportKey,
  linkReportsPrefix,
  overrideContractKey,
  packContractKey,
  packManifestKey,
  parseLinkReportKey,
  parseLoadKey,
  legacyPseudonymKeyKey,
  quarantineAttemptPrefix,
  reportFile,
  reportKey,
  tenantConfigKey,
  tenantOfConfigKey,
  topPrefix,
} from '../../../core/keys';
import { zone } from '../../../core/names';
import { martTable, quarantineTableName, rawTableName, resultTable, tenantDatabase, tenantWorkgroup } from '../../../core/tables';

describe('Keys: every key of docs/architecture.md, built in core/keys.ts', () => {
  it('builds the config keys', () => {
    expect(tenantConfigKey('gemeente-a')).toBe('config/tenants/gemeente-a.yaml');
    expect(tenantOfConfigKey('config/tenants/gemeente-a.yaml')).toBe('gemeente-a');
    expect(tenantOfConfigKey('config/tenants/readme.txt')).toBeUndefined();
    expect(packManifestKey('gullies')).toBe('config/packs/gullies/pack.yaml');
    expect(packContractKey('gullies', 'trees')).toBe('config/packs/gullies/contracts/trees.yaml');
    expect(overrideContractKey('gemeente-a', 'trees')).toBe('config/overrides/gemeente-a/contracts/trees.yaml');
    expect(legacyPseudonymKeyKey('gemeente-a')).toBe('config/secrets/gemeente-a/pseudonym-key');
  });

  it('builds the report keys and the quarantine folder of an attempt', () => {
    expect(reportKey('t', 'd', 'l1', reportFile.json)).toBe('reports/t/d/load=l1/report.json');
    expect(reportKey('t', 'd', 'l1', reportFile.html)).toBe('reports/t/d/load=l1/report.html');
    expect(contractSnapshotKey('t', 'd', 'l1')).toBe('reports/t/d/load=l1/contract.json');
    expect(quarantineAttemptPrefix('t', 'd', 'l1', 42)).toBe('quarantine/t/d/load=l1/checks-42/');
    expect(topPrefix(zone.decoded)).toBe('decoded/');
  });

  it('parses what it builds', () => {
    expect(parseLoadKey(reportKey('t', 'd', 'l1', reportFile.json))).toEqual({ zone: 'reports', tenant: 't', dataset: 'd', load: 'l1', file: 'report.json' });
    expect(parseLoadKey('reports/t/links/x/run=1/report.json')).toBeUndefined();
    expect(parseLinkReportKey('t', linkReportKey('t', 'nearest', 'r1', reportFile.json))).toEqual({ link: 'nearest', run: 'r1' });
    expect(parseLinkReportKey('t', linkReportKey('t', 'nearest', 'r1', reportFile.html))).toBeUndefined();
    expect(parseLinkReportKey('u', linkReportKey('t', 'nearest', 'r1', reportFile.json))).toBeUndefined();
    expect(linkReportsPrefix('t')).toBe('reports/t/links/');
  });
});

describe('Tables: names in a tenant database, from core/tables.ts', () => {
  it('names the tables, the database and the workgroup', () => {
    expect([rawTableName('trees', '20261201t120000-ab12'), quarantineTableName('trees', '20261201t120000-ab12'), martTable('m'), resultTable('r')]).toEqual(['raw_trees__20261201t120000_ab12', 'quarantine_trees__20261201t120000_ab12', 'mart_m', 'result_r']);
    expect(tenantDatabase('gemeente-a')).toBe('polder_gemeente_a');
    expect(tenantWorkgroup('gemeente-a')).toBe('polder-gemeente-a');
  });
});
