import { describe, expect, it } from 'vitest';
import { renderReportText } from '../../../../core/report';
import type { LoadReport } from '../../../../schemas/report';
import { sampleReport } from '../../../support/load-report';

const report = (over: Partial<LoadReport> = {}): LoadReport => sampleReport('nl', { preamble: [{ line: 2, key: 'Locatie', value: 'Dam 1' }], ...over });

describe('renderReportText', () => {
  it('speaks Dutch by default: status, counts, a table of findings and what to do', () => {
    const text = renderReportText(report());
    const lines = text.split('\n');
    expect(lines[0]).toBe('bomen.csv is goedgekeurd: 2.080 van de 2.088 rijen; 8 rijen zijn apart gezet. Er zijn 2 punten om na te kijken.');
    expect(lines).toContain('Status:            Goedgekeurd, met punten om na te kijken');
    expect(lines).toContain('Bestand:           bomen.csv');
    expect(lines).toContain('Gegevens:          leeuwarden/bomen (levering load-0001)');
    expect(lines).toContain('Contract:          Bomen (bomen), eigenaar Team Groen');
    expect(lines).toContain('Rijen:             2.088 in het bestand, 2.080 goedgekeurd, 8 apart gezet, 3 met een opmerking');
    // stored in UTC, shown as a Dutch clock shows it (summer time: +2)
    expect(lines).toContain('Gecontroleerd op:  2025-06-01 12:00:00 (Nederlandse tijd)');
    expect(text).toContain('Gegevens boven de tabel:\n  regel 2: Locatie = Dam 1');
    const head = lines.findIndex((l) => l.startsWith('#  GEVOLG'));
    expect(lines.slice(head, head + 4)).toEqual([
      '#  GEVOLG             CONTROLE      KOLOM      AANTAL  REGEL  MELDING',
      '-  -----------------  ------------  ---------  ------  -----  -------',
      '1  rijen apart gezet  type          plantjaar       8     14  8 waarden in PLANTJAAR zijn geen geheel getal.',
      '2  let op             extra_column  REMARK          1      1  Kolom 6 van bomen.csv, met de kop "REMARK", staat niet in het contract; de waarden worden genegeerd.',
    ]);
    expect(text).toContain(
      'Wat te doen:\n  1. Kolom plantjaar: waarden van het verkeerde soort: Schrijf het jaar als getal, zoals 1954, of laat het leeg.\n     regel 14: "onbekend"\n     regel 90: (leeg)',
    );
    expect(text).not.toMatch(/\b(loaded|geladen|Rows|File)\b/);
  });

  it('speaks English for an English report, or when asked', () => {
    const english = renderReportText(report({ language: 'en' }));
    expect(english.split('\n')[0]).toBe('bomen.csv was accepted: 2,080 of 2,088 rows; 8 rows were set aside. 2 findings need a look.');
    expect(english).toContain('Rows:        2,088 total, 2,080 accepted, 8 set aside, 3 with warnings');
    expect(english).toContain('#  SEVERITY        CHECK         COLUMN     COUNT  LINE  MESSAGE');
    expect(english).toContain('What to do:\n  1. Column plantjaar: values of the wrong kind: Schrijf het jaar');
    expect(english).toContain('     line 90: (empty)');
    // the labels follow the language asked for; the findings stay in the load's language
    expect(renderReportText(report(), { language: 'en' })).toContain('Status:      Accepted with warnings');
  });

  it('leaves out the load id for polder validate', () => {
    const text = renderReportText(report(), { load: false });
    expect(text).toContain('Gegevens:          leeuwarden/bomen\n');
    expect(text).not.toContain('load-0001');
  });

  it('states the reason for a rejection and strips terminal escapes', () => {
    const text = renderReportText(
      report({
        status: 'rejected',
        reason: 'De kolom "Y" ontbreekt in bomen.csv.',
        findings: [],
        fileName: 'bomen\u001b[2J.csv',
        rows: { total: 0, accepted: 0, rejected: 0, warned: 0 },
      }),
    );
    expect(text.split('\n')[0]).toBe('bomen\\u001b[2J.csv is afgewezen. De kolom "Y" ontbreekt in bomen.csv.');
    expect(text).toContain('Niets gevonden: alle controles zijn goed.');
    expect(text).not.toContain('\u001b');
  });
});

describe('renderReportText: what to do about a finding that is no rule', () => {
  it('names every finding in words, not by its code', () => {
    const text = renderReportText(
      report({
        status: 'rejected',
        findings: [
          { code: 'delimiter_mismatch', severity: 'reject_load', line: 1, count: 1, examples: [], message: 'Komma, geen puntkomma.', advice: 'Sla het bestand op met ";".' },
          { code: 'missing_column', severity: 'reject_load', column: 'period', line: 1, count: 1, examples: [], message: 'De kolom "Perioden" ontbreekt.', advice: 'Voeg de kolom toe.' },
        ],
      }),
    );
    expect(text).toContain(
      'Wat te doen:\n  1. Ander scheidingsteken dan afgesproken: Sla het bestand op met ";".\n  2. Kolom period: kolom ontbreekt in het bestand: Voeg de kolom toe.',
    );
  });
});
