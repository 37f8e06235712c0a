/** The report for a terminal, in the report's language: a summary, an aligned table of findings, then what to do per finding. */
import type { Language } from '../../schemas/language';
import type { LoadReport } from '../../schemas/report';
import { visible } from '../precheck/text';
import { ordered, summary, terminalWords, wordsFor } from './words';

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

/**
 * `load: false` leaves out the load id (polder validate keeps no load that `polder report` could find). `language`
 * is that of the labels and sentences made here (default: the report's); the findings' own texts are the load's.
 */
export function renderReportText(report: LoadReport, opts: { load?: boolean; language?: Language } = {}): string {
  const language = opts.language ?? report.language ?? 'nl';
  const w = wordsFor(language);
  const t = terminalWords[language];
  const findings = ordered(report.findings);
  const out: string[] = [];
  const about: [string, string][] = [
    ['Status', w.status[report.status]],
    [t.file, plain(report.fileName)],
    [w.dataset, `${plain(report.tenant)}/${plain(report.dataset)}${opts.load === false ? '' : ` (${t.load(plain(report.loadId))})`}`],
    [t.contract, `${plain(report.contract.title)} (${plain(report.contract.id)}), ${t.owner(plain(report.contract.owner))}`],
    [t.rows, t.rowsLine(report.rows)],
    [w.checkedAt, t.checkedAt(plain(report.createdAt))],
  ];
  out.push(plain(summary(report, language), 1000), '');
  const width = Math.max(...about.map(([k]) => k.length));
  for (const [k, v] of about) out.push(`${`${k}:`.padEnd(width + 1)}  ${v}`);
  if (report.preamble?.length) {
    out.push('', `${w.preamble}:`);
    for (const p of report.preamble) {
      const value = [p.value, p.note ?? ''].filter((x) => x !== '').join(' ');
      const column = p.column ? ` (${w.column.toLowerCase()} ${plain(p.column)})` : '';
      out.push(`  ${w.line.toLowerCase()} ${w.n(p.line)}: ${plain(p.key, 60)}${value ? ` = ${plain(value, 200)}` : ''}${column}`);
    }
  }
  if (findings.length === 0) {
    out.push('', w.noFindings);
    return out.join('\n');
  }
  out.push(
    '',
    table(
      ['#', t.severity, w.code, w.column, t.count, w.line, w.message].map((h) => h.toUpperCase()),
      findings.map((f, i) => [
        String(i + 1),
        w.severity[f.severity],
        plain(f.rule ?? f.code, 40),
        plain(f.column ?? '', 30),
        w.n(f.count),
        f.line === undefined ? '' : w.n(f.line),
        plain(f.message, 1000),
      ]),
      [true, false, false, false, true, true, false],
    ),
    '',
    w.whatToDo,
  );
  findings.forEach((f, i) => {
    // every finding said in words (its code is in the table above)
    const title = w.findingTitle(f);
    out.push(`${String(i + 1).padStart(3)}. ${title ? `${plain(title, 120)}: ` : ''}${plain(f.advice, 1000)}`);
    for (const e of f.examples) {
      const where = e.line === undefined ? '' : `${w.line.toLowerCase()} ${w.n(e.line)}: `;
      out.push(`     ${where}${e.value === null ? w.empty : `"${plain(e.value, 120)}"`}`);
    }
  });
  return out.join('\n');
}
