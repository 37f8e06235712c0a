import { describe, expect, it } from 'vitest';
import { ContractError, parseContract } from '../../../../core/contract/parse';
import { curatedColumns, typedSelect } from '../../../../core/contract/curated-query';
import { privacyOf } from '../../../../core/contract/privacy';

const contract = (extra: string, column: string) => `id: residents
title: Residents
owner: Burgerzaken
source_type: own
purpose: ${extra.includes('purpose:') ? '' : 'Uitvoering van de Wmo'}
${extra}
columns:
  - ${column}
`.replace(/purpose: \n/, '');

function problems(text: string): string[] {
  try {
    parseContract(text, 'residents.yaml');
    return [];
  } catch (error) {
    if (error instanceof ContractError) return error.problems;
    throw error;
  }
}

describe('Contract: privacy by default', () => {
  it('refuses keep on a direct identifier without a legal basis, in Dutch, saying what to add', () => {
    const out = problems(contract('', '{ name: bsn, type: bsn, privacy: keep }'));
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/^columns\[0\]\.privacy: "keep" bewaart bsn, een direct identificerend persoonsgegeven/);
    expect(out[0]).toMatch(/voeg een grondslag \(legal_basis: consent, contract, legal_obligation, vital_interests, public_task of legitimate_interests\) toe/);
    expect(out[0]).toMatch(/of kies privacy: pseudonymise of drop/);
  });

  it('refuses keep when the purpose is still the draft placeholder', () => {
    const out = problems(contract('purpose: "TODO: why"\nlegal_basis: public_task', '{ name: naam, type: string, personal_data: direct, privacy: keep }'));
    expect(out[0]).toMatch(/voeg een doel \(purpose\) toe/);
  });

  it('allows keep with purpose and legal basis', () => {
    expect(problems(contract('legal_basis: public_task', '{ name: bsn, type: bsn, privacy: keep }'))).toEqual([]);
  });

  it('wants an art. 9 exception for special categories unless they are dropped', () => {
    expect(problems(contract('', '{ name: diagnose, type: string, personal_data: special }'))[0]).toMatch(/special_category_basis/);
    expect(problems(contract('', '{ name: diagnose, type: string, personal_data: special, privacy: drop }'))).toEqual([]);
    expect(problems(contract('special_category_basis: health_care', '{ name: diagnose, type: string, personal_data: special }'))).toEqual([]);
  });

  it('pseudonymises identifier types by default, also without a stated class', () => {
    const c = parseContract(contract('', '{ name: email, type: email }'), 'x.yaml');
    expect(privacyOf(c.columns[0]!)).toBe('pseudonymise');
    expect(typedSelect(c, { rawTable: 'r', quarantineTable: 'q', pseudonymKeyTable: '_pseudonym_key', loadId: 'l' })).toMatch(/hmac_sha256/);
  });

  it('generalises a birth date to a year and coordinates to about 100 m', () => {
    const c = parseContract(
      contract('', '{ name: geboortedatum, type: date, personal_data: indirect, privacy: generalise }\n  - { name: lat, type: latitude, personal_data: indirect, privacy: generalise }'),
      'x.yaml',
    );
    expect(curatedColumns(c).slice(0, 2)).toEqual([
      { name: 'geboortedatum', type: 'bigint' },
      { name: 'lat', type: 'double' },
    ]);
    expect(problems(contract('', '{ name: naam, type: string, personal_data: direct, privacy: generalise }'))[0]).toMatch(/generalise bestaat alleen/);
  });
});
