import { describe, expect, it } from 'vitest';
import { csvLine, csvSafe, decideStatus, renderReportHtml } from '../../../../core/report';
import { type LoadReport, loadReport } from '../../../../schemas/report';
import { sampleReport } from '../../../support/load-report';

const report = (over: Partial<LoadReport> = {}): LoadReport => sampleReport('en', { ...over });

describe('csvSafe', () => {
  it.each([
    ['=HYPERLINK("http://evil","x")', `'=HYPERLINK("http://evil","x")`],
    ['+SUM(A1)', "'+SUM(A1)"],
    ['-2+3+cmd', "'-2+3+cmd"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1', "'\t=1"],
    ['\r=1', "'\r=1"],
    ['-12.5', '-12.5'],
    ['+31', '+31'],
    ['Quercus robur', 'Quercus robur'],
    ['a=b', 'a=b'],
  ])('makes %j safe', (value, expected) => {
    expect(csvSafe(value)).toBe(expected);
  });

  it('turns null into an empty cell and quotes where needed', () => {
    expect(csvSafe(null)).toBe('');
    expect(csvLine(['=1+1', 'a,b', 'say "hi"', null, 3])).toBe(`'=1+1,"a,b","say ""hi""",,3`);
  });
});

describe('decideStatus', () => {
  const rows = { total: 100, rejected: 0, warned: 0 };
  it('rejects on a finding that stops the load, with its first sentence as reason', () => {
    const stop = { code: 'missing_column', severity: 'reject_load' as const, count: 1, examples: [], advice: '', message: 'The column "Y" is missing from bomen.csv. Column 5 is headed "Z".' };
    expect(decideStatus({ findings: [stop], rows, maxRejectedPercent: 5 })).toEqual({
      status: 'rejected',
      reason: 'The column "Y" is missing from bomen.csv.',
    });
  });

  it('rejects when more rows are set aside than the contract allows, saying so in Dutch by default', () => {
    expect(decideStatus({ findings: [], rows: { ...rows, rejected: 6 }, maxRejectedPercent: 5 })).toEqual({
      status: 'rejected',
      reason: '6% van de rijen (6 van de 100) voldoet niet aan de afspraken; de afspraak is dat dat hoogstens 5% mag zijn.',
    });
    expect(decideStatus({ findings: [], rows: { total: 2000, rejected: 250, warned: 0 }, maxRejectedPercent: 2.5 }).reason).toBe(
      '13% van de rijen (250 van de 2.000) voldoet niet aan de afspraken; de afspraak is dat dat hoogstens 2,5% mag zijn.',
    );
  });

  it('says the reason in English on request', () => {
    expect(decideStatus({ findings: [], rows: { total: 2000, rejected: 6, warned: 0 }, maxRejectedPercent: 0.1, language: 'en' })).toEqual({
      status: 'rejected',
      reason: '0.3% of the rows (6 of 2,000) broke the rules, more than the 0.1% the contract allows.',
    });
  });

  it('accepts with warnings or cleanly', () => {
    expect(decideStatus({ findings: [], rows: { ...rows, rejected: 5 }, maxRejectedPercent: 5 })).toEqual({ status: 'accepted_with_warnings' });
    expect(decideStatus({ findings: [], rows, maxRejectedPercent: 5 })).toEqual({ status: 'accepted' });
  });
});

describe('renderReportHtml', () => {
  it('is a self-contained page with the summary first', () => {
    const html = renderReportHtml(report({ language: 'en' }));
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<script|<link|src=|href=/i);
    expect(html).toContain('<p class="summary">bomen.csv was accepted: 2,080 of 2,088 rows; 8 rows were set aside. 2 findings need a look.</p>');
    expect(html).toContain('<svg xmlns="http://www.w3.org/2000/svg"');
    expect(html).toContain('<p class="advice"><strong>What to do:</strong> Write the year as a number, such as 1954, or leave it empty.</p>');
    expect(html).toContain('<tr><td class="num">14</td><td><code>onbekend</code></td></tr>');
    expect(html).toContain('<details class="technical"><summary>Technical details</summary>');
    expect(html).toContain('<em>(empty)</em>');
    expect(html.indexOf('Column plantjaar: values of the wrong kind')).toBeLessThan(html.indexOf('Column REMARK: column not in the contract'));
  });

  it('escapes every value and never shows a live formula', () => {
    const evil = report({
      fileName: '<img src=x onerror=alert(1)>.csv',
      contract: { id: 'bomen', title: '<script>alert("t")</script>', owner: '=HYPERLINK("http://evil","click")' },
      findings: [
        {
          code: 'type',
          severity: 'reject_row',
          column: '<b>col</b>',
          count: 1,
          examples: [
            { line: 2, value: '<script>alert(1)</script>' },
            { line: 3, value: '=HYPERLINK("http://evil","click")' },
            { line: 4, value: '@SUM(A1)' },
          ],
          message: '<script>alert(2)</script>',
          advice: "' onmouseover='x",
        },
      ],
    });
    const html = renderReportHtml(evil);
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>col');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('<code>&#39;=HYPERLINK(&quot;http://evil&quot;,&quot;click&quot;)</code>');
    expect(html).toContain('<td>&#39;=HYPERLINK(&quot;http://evil&quot;,&quot;click&quot;)</td>');
    expect(html).toContain('<code>&#39;@SUM(A1)</code>');
    expect(html).toContain('&#39; onmouseover=&#39;x');
    expect(html).not.toMatch(/>=HYPERLINK/);
  });

  it('says when there is nothing to report', () => {
    const html = renderReportHtml(report({ language: 'en', status: 'accepted', findings: [], rows: { total: 10, accepted: 10, rejected: 0, warned: 0 } }));
    expect(html).toContain('bomen.csv was accepted: all 10 rows passed the checks.');
    expect(html).toContain('<p>No findings: every check passed.</p>');
    expect(html).not.toContain('<svg');
  });
});

describe('renderReportHtml in Dutch (the default)', () => {
  it('says what happened in plain Dutch, with plain totals on a rejected load, the download and where the rows are', () => {
    const html = renderReportHtml(
      report({
        status: 'rejected',
        reason: '40% van de rijen (40 van de 100) voldoet niet aan de afspraken; de afspraak is dat dat hoogstens 5% mag zijn.',
        rows: { total: 100, accepted: 0, rejected: 40, warned: 0 },
        setAsideCsv: 'set-aside.csv',
        setAsidePlaces: [
          { from: 1, to: 50, count: 0 },
          { from: 51, to: 101, count: 40 },
        ],
        findings: [
          { code: 'pattern', rule: 'pattern', severity: 'reject_row', column: 'postcode', line: 52, count: 40, examples: [{ line: 52, value: '8911 AB  ' }], message: '40 rijen apart gezet: POSTCODE "8911 AB  " is niet geschreven zoals afgesproken (patroon ^[0-9]{4} ?[A-Z]{2}$) (de eerste op regel 52).', advice: 'Schrijf deze waarden op de afgesproken manier (zie de voorbeelden).' },
        ],
      }),
    );
    expect(html).toContain('<html lang="nl">');
    expect(html).toContain('<p class="status rejected">Afgewezen</p>');
    expect(html).toContain('bomen.csv is afgewezen. 40% van de rijen (40 van de 100) voldoet niet aan de afspraken');
    expect(html).toContain('Van de 100 rijen zijn er 40 apart gezet vanwege fouten. De andere 60 rijen zijn in orde, maar er is niets geladen omdat het bestand als geheel is afgewezen.');
    expect(html).toContain('<a href="set-aside.csv" download>Download de 40 apart gezette rijen (CSV, persoonsgegevens gemaskeerd)</a>');
    expect(html).toContain('Kolom postcode: waarden die niet op de afgesproken manier geschreven zijn');
    expect(html).toContain('40 rijen, de eerste op regel 52');
    expect(html).toContain('Schrijf deze waarden op de afgesproken manier');
    // trailing spaces are visible; the regex only under the technical details
    expect(html).toContain('8911 AB<span class="space" title="spatie / space">␣␣</span>');
    const technical = html.indexOf('<details class="technical">');
    expect(html.indexOf('^[0-9]{4}')).toBeGreaterThan(technical);
    expect(html).toContain('aria-label="Waar in het bestand de apart gezette rijen staan"');
    expect(html).not.toMatch(/geladen: /);
  });
});

describe('loadReport schema', () => {
  it('rejects an unknown status', () => {
    expect(loadReport.safeParse({ ...report(), status: 'maybe' }).success).toBe(false);
  });
});
