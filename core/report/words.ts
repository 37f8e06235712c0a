import type { Finding } from '../../schemas/payloads';
import type { LoadReport } from '../../schemas/report';

export const severityLabel: Record<Finding['severity'], string> = {
  reject_load: 'stops the load',
  reject_row: 'rows set aside',
  warn: 'warning',
};

export const statusLabel: Record<LoadReport['status'], string> = {
  accepted: 'Accepted',
  accepted_with_warnings: 'Accepted with warnings',
  rejected: 'Rejected',
};

export function n(value: number): string {
  return value.toLocaleString('en-US');
}

/** The summary in words, shown at the top of both renderings. */
export function summary(report: LoadReport): string {
  const { rows, fileName } = report;
  const attention = report.findings.length === 1 ? '1 finding needs a look' : `${n(report.findings.length)} findings need a look`;
  switch (report.status) {
    case 'rejected':
      return `${fileName} was not loaded. ${report.reason ?? 'See the findings below.'}`;
    case 'accepted_with_warnings':
      return `${fileName} was loaded: ${n(rows.accepted)} of ${n(rows.total)} rows${
        rows.rejected > 0 ? `; ${n(rows.rejected)} rows were set aside` : ''
      }. ${attention}.`;
    case 'accepted':
      return `${fileName} was loaded: all ${n(rows.total)} rows passed the checks.`;
  }
}

/** Findings in reading order: what stops the load first, then set-aside rows, then warnings; larger counts first. */
export function ordered(findings: readonly Finding[]): Finding[] {
  const rank = { reject_load: 0, reject_row: 1, warn: 2 } as const;
  return [...findings].sort((a, b) => rank[a.severity] - rank[b.severity] || b.count - a.count);
}

export function findingLabel(f: Finding): string {
  return f.column ? `${f.rule ?? f.code} (${f.column})` : (f.rule ?? f.code);
}
