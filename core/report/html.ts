/**
 * The report as one self-contained HTML page (no scripts, no external files). Every value from the file, the
 * contract or the findings goes through `cell`: neutralised like a CSV cell (a leading = + - @ gets an apostrophe,
 * so copying the table into a spreadsheet never creates a live formula) and then HTML-escaped.
 */
import type { Finding } from '../../schemas/payloads';
import type { LoadReport } from '../../schemas/report';
import { csvSafe } from './csv-safe';
import { findingLabel, n, ordered, severityLabel, statusLabel, summary } from './words';

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => entities[c] ?? c);
}

/** A value for the page: formula-neutralised, then escaped. */
export function cell(value: string | number | boolean | null | undefined): string {
  return escapeHtml(csvSafe(value));
}

const colours: Record<Finding['severity'], string> = { reject_load: '#b3261e', reject_row: '#c56a00', warn: '#8a7400' };

/** Horizontal bars: one per finding, length by count (square-root scale so a single stop still shows). */
export function barChart(findings: readonly Finding[]): string {
  if (findings.length === 0) return '';
  const barHeight = 22;
  const labelWidth = 260;
  const barWidth = 300;
  const height = findings.length * barHeight + 10;
  const max = Math.max(1, ...findings.map((f) => f.count));
  const bars = findings.map((f, i) => {
    const y = 5 + i * barHeight;
    const w = Math.max(2, Math.round((Math.sqrt(f.count) / Math.sqrt(max)) * barWidth));
    const label = findingLabel(f);
    const short = label.length > 38 ? `${label.slice(0, 37)}…` : label;
    return [
      `<g><title>${cell(label)}: ${n(f.count)}</title>`,
      `<text x="${labelWidth - 8}" y="${y + 15}" text-anchor="end">${cell(short)}</text>`,
      `<rect x="${labelWidth}" y="${y + 3}" width="${w}" height="${barHeight - 6}" fill="${colours[f.severity]}"/>`,
      `<text x="${labelWidth + w + 6}" y="${y + 15}">${n(f.count)}</text></g>`,
    ].join('');
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Count per finding" width="${
    labelWidth + barWidth + 80
  }" height="${height}" font-family="sans-serif" font-size="12">${bars.join('')}</svg>`;
}

function findingSection(f: Finding, index: number): string {
  const examples =
    f.examples.length === 0
      ? ''
      : `<table class="examples"><thead><tr><th>Line</th><th>Value</th></tr></thead><tbody>${f.examples
          .map(
            (e) =>
              `<tr><td class="num">${e.line === undefined ? '' : cell(n(e.line))}</td><td><code>${
                e.value === null ? '<em>(empty)</em>' : cell(e.value)
              }</code></td></tr>`,
          )
          .join('')}</tbody></table>`;
  return `<section class="finding ${f.severity}" id="finding-${index + 1}">
<h3><span class="badge">${cell(severityLabel[f.severity])}</span> ${cell(findingLabel(f))}</h3>
<p>${cell(f.message)}</p>
<table class="facts"><tbody>
<tr><th>Rule</th><td>${cell(f.rule ?? f.code)}</td></tr>
${f.column ? `<tr><th>Column</th><td>${cell(f.column)}</td></tr>` : ''}
<tr><th>Count</th><td class="num">${cell(n(f.count))}</td></tr>
${f.line === undefined ? '' : `<tr><th>First line</th><td class="num">${cell(n(f.line))}</td></tr>`}
</tbody></table>
${examples}
<p class="advice"><strong>What to do:</strong> ${cell(f.advice)}</p>
</section>`;
}

const style = `body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1c1b1f}
h1{font-size:1.5rem}.status{font-weight:bold;font-size:1.2rem}.status.rejected{color:#b3261e}
.status.accepted{color:#1e6b35}.status.accepted_with_warnings{color:#8a5a00}
table{border-collapse:collapse;margin:.5rem 0}th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}
td.num{text-align:right}code{white-space:pre-wrap;word-break:break-all}
.finding{border-left:4px solid #ccc;padding:.25rem 1rem;margin:1rem 0}.finding.reject_load{border-color:#b3261e}
.finding.reject_row{border-color:#c56a00}.finding.warn{border-color:#8a7400}
.badge{font-size:.8rem;text-transform:uppercase;background:#eee;padding:.1rem .4rem;border-radius:.2rem}
.advice{background:#f4f7fb;padding:.5rem}`;

export function renderReportHtml(report: LoadReport): string {
  const findings = ordered(report.findings);
  const { rows } = report;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Load report: ${cell(report.fileName)}</title>
<style>${style}</style>
</head>
<body>
<h1>Load report: ${cell(report.fileName)}</h1>
<p class="status ${report.status}">${cell(statusLabel[report.status])}</p>
<p class="summary">${cell(summary(report))}</p>
<table class="about"><tbody>
<tr><th>Dataset</th><td>${cell(report.dataset)}</td></tr>
<tr><th>Contract</th><td>${cell(report.contract.title)} (${cell(report.contract.id)})</td></tr>
<tr><th>Owner</th><td>${cell(report.contract.owner)}</td></tr>
<tr><th>Tenant</th><td>${cell(report.tenant)}</td></tr>
<tr><th>Load</th><td>${cell(report.loadId)}</td></tr>
<tr><th>Checked at</th><td>${cell(report.createdAt)}</td></tr>
</tbody></table>
${
  report.preamble?.length
    ? `<h2>Above the table</h2>\n<table class="preamble"><thead><tr><th>Line</th><th>Key</th><th>Value</th></tr></thead><tbody>${report.preamble
        .map((p) => `<tr><td class="num">${cell(n(p.line))}</td><td>${cell(p.key)}</td><td>${cell(p.value)}</td></tr>`)
        .join('')}</tbody></table>`
    : ''
}
<h2>Rows</h2>
<table class="rows"><thead><tr><th>Total</th><th>Accepted</th><th>Set aside</th><th>With warnings</th></tr></thead>
<tbody><tr><td class="num">${cell(n(rows.total))}</td><td class="num">${cell(n(rows.accepted))}</td><td class="num">${cell(
    n(rows.rejected),
  )}</td><td class="num">${cell(n(rows.warned))}</td></tr></tbody></table>
<h2>Findings</h2>
${findings.length === 0 ? '<p>No findings: every check passed.</p>' : `${barChart(findings)}\n${findings.map(findingSection).join('\n')}`}
</body>
</html>
`;
}
