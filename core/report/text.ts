/** The report for a terminal: a summary, an aligned table of findings, then what to do per finding. */
import type { LoadReport } from '../../schemas/report';
import { visible } from '../precheck/text';
import { findingLabel, n, ordered, severityLabel, statusLabel, summary } from './words';

/** No control characters (escape sequences could rewrite the terminal), one line. */
function plain(text: string, max = 500): string {
  return visible(text, max);
}

function table(head: string[], rows: string[][], right: boolean[]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : right[i] ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w, i) => '-'.repeat(i === widths.length - 1 ? (head[i]?.length ?? 0) : w));
  return [line(head), line(rule), ...rows.map(line)].join('\n');
}

/** `load: false` leaves out the load id (polder validate keeps no load that `polder report` could find). */
export function renderReportText(report: LoadReport, opts: { load?: boolean } = {}): string {
  const findings = ordered(report.findings);
  const { rows } = report;
  const out: string[] = [];
  const about: [string, string][] = [
    ['Status', statusLabel[report.status]],
    ['File', plain(report.fileName)],
    ['Dataset', `${plain(report.tenant)}/${plain(report.dataset)}${opts.load === false ? '' : ` (load ${plain(report.loadId)})`}`],
    ['Contract', `${plain(report.contract.title)} (${plain(report.contract.id)}), owner ${plain(report.contract.owner)}`],
    ['Rows', `${n(rows.total)} total, ${n(rows.accepted)} accepted, ${n(rows.rejected)} set aside, ${n(rows.warned)} with warnings`],
    ['Checked', plain(report.createdAt)],
  ];
  out.push(plain(summary(report), 1000), '');
  const w = Math.max(...about.map(([k]) => k.length));
  for (const [k, v] of about) out.push(`${`${k}:`.padEnd(w + 1)}  ${v}`);
  if (report.preamble?.length) {
    out.push('', 'Above the table (metadata block):');
    for (const p of report.preamble) {
      const value = [p.value, p.note ?? ''].filter((x) => x !== '').join(' ');
      out.push(`  line ${n(p.line)}: ${plain(p.key, 60)}${value ? ` = ${plain(value, 200)}` : ''}${p.column ? ` (column ${plain(p.column)})` : ''}`);
    }
  }
  if (findings.length === 0) {
    out.push('', 'No findings: every check passed.');
    return out.join('\n');
  }
  out.push(
    '',
    table(
      ['#', 'SEVERITY', 'RULE', 'COLUMN', 'COUNT', 'LINE', 'MESSAGE'],
      findings.map((f, i) => [
        String(i + 1),
        severityLabel[f.severity],
        plain(f.rule ?? f.code, 40),
        plain(f.column ?? '', 30),
        n(f.count),
        f.line === undefined ? '' : n(f.line),
        plain(f.message, 1000),
      ]),
      [true, false, false, false, true, true, false],
    ),
    '',
    'What to do:',
  );
  findings.forEach((f, i) => {
    out.push(`${String(i + 1).padStart(3)}. ${plain(findingLabel(f), 80)}: ${plain(f.advice, 1000)}`);
    for (const e of f.examples) {
      const where = e.line === undefined ? '' : `line ${n(e.line)}: `;
      out.push(`     ${where}${e.value === null ? '(empty)' : `"${plain(e.value, 120)}"`}`);
    }
  });
  return out.join('\n');
}
