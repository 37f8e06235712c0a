import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { inferContract } from '../../../../core/infer';
import { corpusDir, judgeCorpus, score } from '../../../support/privacy-corpus';

const infer = (file: string) => inferContract({ sample: readFileSync(new URL(file, corpusDir)), fileName: file, dataset: 'x' }).contract;
const byHeading = (c: ReturnType<typeof infer>) => Object.fromEntries(c.columns.map((col) => [col.source ?? col.name, col]));

describe('contract infer on the privacy corpus', () => {
  it('flags every direct identifier and no place or organisation name as a person', () => {
    const s = score(judgeCorpus());
    expect(s.missedDirect).toEqual([]);
    expect(s.placesFlagged).toEqual([]);
    expect(s.precision).toBeGreaterThanOrEqual(0.9);
    expect(s.recall).toBeGreaterThanOrEqual(0.9);
  });

  it('types identifiers: a BSN as text with its leading zero, e-mail, phone, house number with addition', () => {
    const c = byHeading(infer('residents.csv'));
    expect(c.bsn).toMatchObject({ type: 'bsn', personal_data: 'direct', privacy: 'pseudonymise' });
    expect(c.email).toMatchObject({ type: 'email', privacy: 'drop' });
    expect(c.telefoon).toMatchObject({ type: 'phone_nl', privacy: 'drop' });
    expect(c.huisnummer).toMatchObject({ type: 'house_number', privacy: 'drop' });
    expect(c.geboortedatum).toMatchObject({ type: 'date', personal_data: 'indirect', privacy: 'generalise' });
    expect(c.buurt).toMatchObject({ personal_data: 'none' });
  });

  it('tells a listing title, a neighbourhood and a rental licence from persons and plates; coordinates of homes are generalised', () => {
    const c = byHeading(infer('listings.csv'));
    expect(c.name?.personal_data).toBe('none');
    expect(c.host_id).toMatchObject({ personal_data: 'direct', privacy: 'pseudonymise' });
    expect(c.license).toMatchObject({ type: 'string', personal_data: 'indirect' });
    expect(c.latitude).toMatchObject({ type: 'latitude', privacy: 'generalise' });
  });

  it('reads PC4 as a postcode area, not as an integer to pseudonymise; an owning municipality is no person', () => {
    const cbs = byHeading(infer('cbs-buurten.csv'));
    expect(cbs.POSTCODE).toMatchObject({ type: 'string', personal_data: 'none', rules: [{ kind: 'pattern', regex: '^[1-9][0-9]{3}$' }] });
    expect(cbs.GM_NAAM?.personal_data).toBe('none');
    const complaints = byHeading(infer('complaints.csv'));
    expect(complaints.eigenaar?.personal_data).toBe('none');
    expect(complaints.kenteken).toMatchObject({ type: 'kenteken', privacy: 'pseudonymise' });
    expect(complaints.melder_naam).toMatchObject({ personal_data: 'direct', privacy: 'drop' });
  });

  it('keeps tree coordinates (no persons in the file)', () => {
    const c = byHeading(infer('trees.csv'));
    expect(c.X).toMatchObject({ type: 'rd_x', personal_data: 'none' });
  });
});
