import { describe, expect, it } from 'vitest';
import type { SummaryGroup } from '../../../../core/contract/quarantine';
import { acceptedMessage, findingFromGroup, rejectedMessage, renderReportHtml, unreadableFinding } from '../../../../core/report';
import { loadReport } from '../../../../schemas/report';

const group: SummaryGroup = {
  column: 'plantjaar',
  rule: 'type',
  severity: 'reject_row',
  count: 1204,
  firstLine: 10,
  examples: [{ line: 10, value: '19x4', message: 'PLANTJAAR "19x4" is geen geheel getal' }],
};

describe('findingFromGroup', () => {
  it('says how many rows, what happened to them and what to do, in Dutch by default', () => {
    expect(findingFromGroup(group)).toMatchObject({
      code: 'type',
      count: 1204,
      line: 10,
      message: '1.204 rijen apart gezet: PLANTJAAR "19x4" is geen geheel getal (de eerste op regel 10).',
      advice: 'Verbeter de waarden zodat ze het soort waarde zijn dat is afgesproken (zie de voorbeelden) en lever het bestand opnieuw aan.',
    });
    expect(findingFromGroup({ ...group, severity: 'warn', count: 1 }).message).toBe('1 rij met een opmerking: PLANTJAAR "19x4" is geen geheel getal (de eerste op regel 10).');
    expect(findingFromGroup({ ...group, severity: 'reject_load', count: 1 }).message).toMatch(/^1 rij houdt het bestand tegen: /);
  });

  it('says a check that did not run on its own, not as rows', () => {
    const skipped: SummaryGroup = {
      column: 'buurt',
      rule: 'reference',
      severity: 'warn',
      count: 1,
      firstLine: null,
      examples: [{ line: null, value: null, message: 'controle overgeslagen: de gegevens buurten (kolom code) zijn nog niet geladen' }],
    };
    expect(findingFromGroup(skipped).message).toBe('Controle overgeslagen: de gegevens buurten (kolom code) zijn nog niet geladen.');
  });

  it('in English on request', () => {
    const english = { ...group, examples: [{ line: 10, value: '19x4', message: 'PLANTJAAR "19x4" is not a whole number' }] };
    expect(findingFromGroup(english, 'en')).toMatchObject({
      message: '1,204 rows set aside: PLANTJAAR "19x4" is not a whole number (first at line 10).',
      advice: 'Correct the values so they have the type the contract expects (see the examples), then upload the file again.',
    });
    // never "loaded": validate loads nothing, and a rejected upload neither
    expect(findingFromGroup({ ...english, severity: 'warn', count: 1 }, 'en').message).toMatch(/^1 row kept with a warning: /);
  });
});

describe('unreadableFinding', () => {
  const cause = 'query failed: UNLOAD (\nInvalid Input Error: CSV Error on Line: 1500\nOriginal Line: a;b;c';
  it('says in Dutch which line to fix and what to do; the engine text only as detail', () => {
    const f = unreadableFinding('bomen.csv', { Error: 'LocalQueryError', Cause: cause });
    expect(f).toMatchObject({
      severity: 'reject_load',
      line: 1500,
      message: 'bomen.csv kon niet helemaal gelezen worden: op regel 1.500 gaat het mis.',
      advice:
        'Open het bestand en verbeter regel 1.500: meestal staat er een scheidingsteken te veel of te weinig, of is een aanhalingsteken niet gesloten. Sla het op als CSV en lever het opnieuw aan.',
      detail: 'Invalid Input Error: CSV Error on Line: 1500',
    });
    const html = renderReportHtml(
      loadReport.parse({
        tenant: 'leeuwarden',
        dataset: 'bomen',
        loadId: 'l',
        fileName: 'bomen.csv',
        contract: { id: 'bomen', title: 'Bomen', owner: 'o' },
        status: 'rejected',
        reason: 'bomen.csv kon niet helemaal gelezen worden: op regel 1.500 gaat het mis.',
        rows: { total: 0, accepted: 0, rejected: 0, warned: 0 },
        findings: [f],
        createdAt: '2026-12-01T10:00:00.000Z',
      }),
    );
    const technical = html.indexOf('<details class="technical">');
    expect(html.indexOf('CSV Error on Line')).toBeGreaterThan(technical);
    expect(html).toContain('<th>Foutmelding van het systeem</th><td><code>Invalid Input Error: CSV Error on Line: 1500</code></td>');
  });

  it('in English on request', () => {
    expect(unreadableFinding('bomen.csv', { Cause: cause }, 'csv', 'en')).toMatchObject({
      message: 'bomen.csv could not be read past its first part: it goes wrong on line 1,500.',
      advice: 'Open the file and fix line 1,500: usually a delimiter is missing or extra, or a quote is not closed. Save it as CSV and upload it again.',
    });
  });
});

describe('the Dutch report page', () => {
  it('says of rows with a warning that they are not set aside, never that they are loaded', () => {
    const html = renderReportHtml(
      loadReport.parse({
        tenant: 'leeuwarden',
        dataset: 'bomen',
        loadId: 'l',
        fileName: 'bomen.csv',
        contract: { id: 'bomen', title: 'Bomen', owner: 'o' },
        status: 'accepted_with_warnings',
        rows: { total: 10, accepted: 10, rejected: 0, warned: 2 },
        findings: [findingFromGroup({ ...group, rule: 'range', severity: 'warn', count: 2 })],
        createdAt: '2026-12-01T10:00:00.000Z',
      }),
    );
    expect(html).toContain('2 rijen, de eerste op regel 10: waarden buiten de toegestane grenzen. Deze rijen zijn niet apart gezet, maar krijgen een opmerking.');
    expect(html).not.toMatch(/geladen/);
  });
});

describe('rejectedMessage and acceptedMessage', () => {
  const problems = [
    findingFromGroup(group),
    findingFromGroup({ ...group, column: 'x', rule: 'range', examples: [{ line: 3, value: '5', message: 'X "5" ligt niet tussen 10 en 20' }] }),
  ];
  it('give the reason, the findings, what to do and the report, in Dutch by default', () => {
    const reason = '60% van de rijen (1.204 van de 2.000) voldoet niet aan de afspraken; de afspraak is dat dat hoogstens 5% mag zijn.';
    expect(rejectedMessage(reason, problems, 's3://lake/r/report.html')).toBe(
      `${reason} ${problems[0]?.message} ${problems[1]?.message} Wat te doen: ${problems[0]?.advice} Rapport: s3://lake/r/report.html`,
    );
    expect(rejectedMessage(undefined, [], 's3://x')).toBe('Afgewezen. Wat te doen: Verbeter de rijen die het rapport noemt en lever het bestand opnieuw aan. Rapport: s3://x');
    expect(acceptedMessage(1990, 2000)).toBe('1.990 van de 2.000 rijen goedgekeurd.');
  });

  it('in English on request', () => {
    expect(rejectedMessage(undefined, [], 's3://x', 'en')).toBe('Rejected. What to do: Correct the rows named in the report and upload the file again. Report: s3://x');
    expect(acceptedMessage(1990, 2000, 'en')).toBe('1,990 of 2,000 rows accepted.');
  });
});
