import { describe, expect, it } from 'vitest';
import { preambleValueFinding } from '../../../../core/report/preamble';
import type { SummaryGroup } from '../../../../core/contract/quarantine';
import { renderReportHtml, renderReportText } from '../../../../core/report';
import { loadReport } from '../../../../schemas/report';

const preamble = [
  { line: 3, key: 'Locatie', value: 'B12', column: 'locatie' },
  { line: 4, key: 'Straathoogte', value: 'hoog', note: 'm + NAP', column: 'straathoogte' },
];
const group = (over: Partial<SummaryGroup>): SummaryGroup => ({
  column: 'straathoogte',
  rule: 'type',
  severity: 'reject_load',
  count: 1,
  firstLine: 4,
  examples: [{ line: 4, value: 'hoog', message: 'Straathoogte "hoog" is not a number' }],
  ...over,
});

describe('preambleValueFinding: a check on a value above the table', () => {
  it('speaks of the line above the table and what every row gets, in English on request', () => {
    const f = preambleValueFinding(group({}), preamble, 'en');
    expect(f).toMatchObject({ code: 'type', severity: 'reject_load', column: 'straathoogte', line: 4, count: 1, examples: [{ line: 4, value: 'hoog' }] });
    expect(f?.message).toBe('Line 4 above the table ("Straathoogte"): Straathoogte "hoog" is not a number. Every row gets this value in column straathoogte, so the file was stopped.');
    expect(f?.advice).toBe('Correct the value on line 4 ("Straathoogte") above the table and upload the file again.');
  });

  it('in Dutch (the default), where a warning loads the rows', () => {
    const f = preambleValueFinding(group({ severity: 'warn', rule: 'range' }), preamble, 'nl');
    expect(f?.message).toMatch(/^Regel 4 boven de tabel \("Straathoogte"\): .* dus de rijen zijn geladen met een opmerking\.$/);
  });

  it('leaves a group of the table rows alone', () => {
    expect(preambleValueFinding(group({ column: 'meting', firstLine: 20 }), preamble, 'nl')).toBeUndefined();
    expect(preambleValueFinding(group({ firstLine: 20 }), preamble, 'nl')).toBeUndefined();
    expect(preambleValueFinding(group({}), undefined, 'nl')).toBeUndefined();
  });
});

describe('the report: the lines above the table and the columns they became', () => {
  const report = (language: 'nl' | 'en') =>
    loadReport.parse({
      tenant: 'zaanstad',
      dataset: 'gw',
      loadId: 'load-0001',
      fileName: 'B12.csv',
      contract: { id: 'gw', title: 'Grondwater', owner: 'Waternet' },
      status: 'accepted',
      rows: { total: 3, accepted: 3, rejected: 0, warned: 0 },
      findings: [],
      language,
      preamble: [{ line: 1, key: 'B12 Freatisch', value: '' }, ...preamble],
      createdAt: '2026-12-01T12:00:00Z',
    });

  it('shows value, note and column in the HTML (Dutch) and in the terminal', () => {
    const html = renderReportHtml(report('nl'));
    expect(html).toContain('<th>In elke rij als kolom</th>');
    expect(html).toContain('<td>Straathoogte</td><td>hoog m + NAP</td><td>straathoogte</td>');
    expect(html).toContain('<td>B12 Freatisch</td><td></td><td></td>');
    expect(renderReportHtml(report('en'))).toContain('<th>In every row as column</th>');
    expect(renderReportText(report('en'))).toContain('line 4: Straathoogte = hoog m + NAP (column straathoogte)');
  });
});
