import type { Language } from '../../schemas/language';
import { type LoadReport, loadReport } from '../../schemas/report';

/** The words of the sample findings as the load made them: findings are written in the load's language. */
const findingText: Record<Language, { type: [string, string]; extra: [string, string] }> = {
  nl: {
    type: ['8 waarden in PLANTJAAR zijn geen geheel getal.', 'Schrijf het jaar als getal, zoals 1954, of laat het leeg.'],
    extra: ['Kolom 6 van bomen.csv, met de kop "REMARK", staat niet in het contract; de waarden worden genegeerd.', 'Niets te doen als deze kolom niet nodig is.'],
  },
  en: {
    type: ['8 values in PLANTJAAR are not a whole number.', 'Write the year as a number, such as 1954, or leave it empty.'],
    extra: ['Column 6 of bomen.csv, headed "REMARK", is not in the contract; its values are ignored.', 'Nothing to do if this column is not needed.'],
  },
};

/** A load report with one set-aside finding and one warning, for the renderers' tests. */
export function sampleReport(findingsIn: Language, over: Partial<LoadReport> = {}): LoadReport {
  const words = findingText[findingsIn];
  return loadReport.parse({
    tenant: 'leeuwarden',
    dataset: 'bomen',
    loadId: 'load-0001',
    fileName: 'bomen.csv',
    contract: { id: 'bomen', title: 'Bomen', owner: 'Team Groen' },
    status: 'accepted_with_warnings',
    rows: { total: 2088, accepted: 2080, rejected: 8, warned: 3 },
    findings: [
      {
        code: 'type',
        rule: 'type',
        severity: 'reject_row',
        column: 'plantjaar',
        line: 14,
        count: 8,
        examples: [
          { line: 14, value: 'onbekend' },
          { line: 90, value: null },
        ],
        message: words.type[0],
        advice: words.type[1],
      },
      { code: 'extra_column', severity: 'warn', column: 'REMARK', line: 1, count: 1, examples: [], message: words.extra[0], advice: words.extra[1] },
    ],
    createdAt: '2025-06-01T10:00:00.000Z',
    ...over,
  });
}
