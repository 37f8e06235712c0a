/**
 * The report as one self-contained HTML page (no scripts, no external files), in the tenant's language (Dutch by
 * default), in words for the person who fixes the file: what happened, the totals, where in the file the problems
 * are, per problem what to do; rule names, codes and patterns only under "technical details". Every value from the
 * file, the contract or the findings goes through `cell`: neutralised like a CSV cell (a leading = + - @ gets an
 * apostrophe, so copying into a spreadsheet never creates a live formula) and then HTML-escaped.
 */
import type { Finding } from '../../schemas/payloads';
import type { LoadReport } from '../../schemas/report';
import { csvSafe } from './csv-safe';
import { type Language, ordered, summary, wordsFor } from './words';

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => entities[c] ?? c);
}

/** A value for the page: formula-neutralised, then escaped. */
export function cell(value: string | number | boolean | null | undefined): string {
  return escapeHtml(csvSafe(value));
}

/** A value from the file with its leading and trailing spaces shown (a space people cannot see is often the problem). */
export function shownValue(value: string): string {
  const m = /^( *)(.*?)( *)$/s.exec(csvSafe(value));
  const [, lead = '', body = '', trail = ''] = m ?? [];
  const spaces = (s: string) => (s ? `<span class="space" title="spatie / space">${'␣'.repeat(s.length)}</span>` : '');
  return `${spaces(lead)}${escapeHtml(body)}${spaces(trail)}`;
}

const colours: Record<Finding['severity'], string> = { reject_load: '#b3261e', reject_row: '#c56a00', warn: '#8a7400' };

/** Horizontal bars: one per finding (a rule on a column), length by count (square-root scale so a single stop still shows). */
export function barChart(findings: readonly Finding[], language: Language = 'en'): string {
  if (findings.length === 0) return '';
  const w = wordsFor(language);
  const barHeight = 22;
  const labelWidth = 300;
  const barWidth = 300;
  const height = findings.length * barHeight + 10;
  const max = Math.max(1, ...findings.map((f) => f.count));
  const bars = findings.map((f, i) => {
    const y = 5 + i * barHeight;
    const width = Math.max(2, Math.round((Math.sqrt(f.count) / Math.sqrt(max)) * barWidth));
    const label = w.findingTitle(f);
    const short = label.length > 44 ? `${label.slice(0, 43)}…` : label;
    return [
      `<g><title>${cell(label)}: ${w.n(f.count)}</title>`,
      `<text x="${labelWidth - 8}" y="${y + 15}" text-anchor="end">${cell(short)}</text>`,
      `<rect x="${labelWidth}" y="${y + 3}" width="${width}" height="${barHeight - 6}" fill="${colours[f.severity]}"/>`,
      `<text x="${labelWidth + width + 6}" y="${y + 15}">${w.n(f.count)}</text></g>`,
    ].join('');
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${cell(w.chartFindings)}" width="${labelWidth + barWidth + 80}" height="${height}" font-family="sans-serif" font-size="12">${bars.join('')}</svg>`;
}

/** Columns: set-aside rows per stretch of lines, so a block of bad rows (one export, one supplier) stands out. */
export function placesChart(places: NonNullable<LoadReport['setAsidePlaces']>, language: Language): string {
  if (places.length === 0) return '';
  const w = wordsFor(language);
  const width = 600;
  const height = 120;
  const slot = width / places.length;
  const max = Math.max(1, ...places.map((p) => p.count));
  const bars = places.map((p, i) => {
    const h = p.count === 0 ? 0 : Math.max(2, Math.round((p.count / max) * (height - 30)));
    const x = Math.round(i * slot);
    return `<g><title>${cell(w.linesRange(p.from, p.to))}: ${w.n(p.count)}</title><rect x="${x + 1}" y="${height - 20 - h}" width="${Math.max(1, Math.round(slot) - 2)}" height="${h}" fill="${colours.reject_row}"/></g>`;
  });
  const first = places[0];
  const last = places.at(-1);
  const axis = `<text x="0" y="${height - 4}">${cell(w.line)} ${w.n(first?.from ?? 1)}</text><text x="${width}" y="${height - 4}" text-anchor="end">${cell(w.line)} ${w.n(last?.to ?? 1)}</text>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${cell(w.chartPlaces)}" width="${width}" height="${height}" font-family="sans-serif" font-size="12">${bars.join('')}${axis}</svg>`;
}

function findingSection(f: Finding, index: number, language: Language): string {
  const w = wordsFor(language);
  const examples =
    f.examples.length === 0
      ? ''
      : `<table class="examples"><thead><tr><th>${cell(w.line)}</th><th>${cell(w.value)}</th></tr></thead><tbody>${f.examples
          .map((e) => `<tr><td class="num">${e.line === undefined ? '' : cell(w.n(e.line))}</td><td><code>${e.value === null ? `<em>${cell(w.empty)}</em>` : shownValue(e.value)}</code></td></tr>`)
          .join('')}</tbody></table>`;
  return `<section class="finding ${f.severity}" id="finding-${index + 1}">
<h3><span class="badge">${cell(w.severity[f.severity])}</span> ${cell(w.findingTitle(f))}</h3>
<p class="what">${cell(w.findingWhat(f))}</p>
${examples}
<p class="advice"><strong>${cell(w.whatToDo)}</strong> ${cell(f.advice)}</p>
<details class="technical"><summary>${cell(w.technical)}</summary>
<table class="facts"><tbody>
<tr><th>${cell(w.code)}</th><td>${cell(f.rule ?? f.code)}</td></tr>
${f.column ? `<tr><th>${cell(w.column)}</th><td>${cell(f.column)}</td></tr>` : ''}
<tr><th>${cell(w.message)}</th><td>${cell(f.message)}</td></tr>
${f.detail ? `<tr><th>${cell(w.detail)}</th><td><code>${cell(f.detail)}</code></td></tr>` : ''}
</tbody></table>
</details>
</section>`;
}

const style = `body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1c1b1f}
h1{font-size:1.5rem}.status{font-weight:bold;font-size:1.2rem}.status.rejected{color:#b3261e}
.status.accepted{color:#1e6b35}.status.accepted_with_warnings{color:#8a5a00}
table{border-collapse:collapse;margin:.5rem 0}th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}
td.num{text-align:right}code{white-space:pre-wrap;word-break:break-all}
.space{background:#fde7e7;color:#b3261e}
.finding{border-left:4px solid #ccc;padding:.25rem 1rem;margin:1rem 0}.finding.reject_load{border-color:#b3261e}
.finding.reject_row{border-color:#c56a00}.finding.warn{border-color:#8a7400}
.badge{font-size:.8rem;text-transform:uppercase;background:#eee;padding:.1rem .4rem;border-radius:.2rem}
.advice{background:#f4f7fb;padding:.5rem}details.technical{color:#555;font-size:.9rem}`;

export function renderReportHtml(report: LoadReport): string {
  const language = report.language ?? 'nl';
  const w = wordsFor(language);
  const findings = ordered(report.findings);
  const { rows } = report;
  const download = report.setAsideCsv
    ? `<p class="download"><a href="${cell(report.setAsideCsv)}" download>${cell(w.download(rows.rejected))}</a></p>`
    : '';
  const preamble = report.preamble?.length
    ? `<h2>${cell(w.preamble)}</h2>\n<table class="preamble"><thead><tr><th>${cell(w.line)}</th><th>${cell(w.key)}</th><th>${cell(w.value)}</th><th>${cell(w.preambleColumn)}</th></tr></thead><tbody>${report.preamble
        .map(
          (p) =>
            `<tr><td class="num">${cell(w.n(p.line))}</td><td>${cell(p.key)}</td><td>${cell([p.value, p.note ?? ''].filter((x) => x !== '').join(' '))}</td><td>${p.column ? cell(p.column) : ''}</td></tr>`,
        )
        .join('')}</tbody></table>`
    : '';
  const places = report.setAsidePlaces?.some((p) => p.count > 0) ? `<h3>${cell(w.chartPlaces)}</h3>\n${placesChart(report.setAsidePlaces, language)}` : '';
  return `<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${cell(w.title)}: ${cell(report.fileName)}</title>
<style>${style}</style>
</head>
<body>
<h1>${cell(w.title)}: ${cell(report.fileName)}</h1>
<p class="status ${report.status}">${cell(w.status[report.status])}</p>
<p class="summary">${cell(summary(report, language))}</p>
<table class="rows"><thead><tr><th>${cell(w.total)}</th><th>${cell(w.accepted)}</th><th>${cell(w.setAside)}</th><th>${cell(w.warned)}</th></tr></thead>
<tbody><tr><td class="num">${cell(w.n(rows.total))}</td><td class="num">${cell(w.n(rows.accepted))}</td><td class="num">${cell(w.n(rows.rejected))}</td><td class="num">${cell(w.n(rows.warned))}</td></tr></tbody></table>
${report.status === 'rejected' && rows.total > 0 ? `<p class="totals">${cell(w.rejectedTotals(rows))}</p>` : ''}
${download}
<table class="about"><tbody>
<tr><th>${cell(w.dataset)}</th><td>${cell(report.contract.title)} (${cell(report.dataset)})</td></tr>
<tr><th>${cell(w.owner)}</th><td>${cell(report.contract.owner)}</td></tr>
<tr><th>${cell(w.checkedAt)}</th><td>${cell(report.createdAt)}</td></tr>
</tbody></table>
${preamble}
<h2>${cell(w.findings)}</h2>
${findings.length === 0 ? `<p>${cell(w.noFindings)}</p>` : `<h3>${cell(w.chartFindings)}</h3>\n${barChart(findings, language)}\n${places}\n${findings.map((f, i) => findingSection(f, i, language)).join('\n')}`}
</body>
</html>
`;
}
