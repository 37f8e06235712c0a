import { z } from 'zod';
import { lineCountsQuery, quarantineColumns, readSummary, summaryQuery } from '../core/contract/compile';
import { loadPrefix, s3Uri, tenantDatabase } from '../core/keys';
import type { Ports } from '../core/ports';
import { decideStatus, findingFromGroup, renderReportHtml } from '../core/report';
import { type Finding, precheckOutput, type ValidateOutput } from '../schemas/payloads';
import type { LoadReport } from '../schemas/report';
import { awsPorts } from '../adapters/aws/ports';
import { defineFunction, edge } from './lib/edge';
import { contractForLoad } from './lib/load-contract';
import { quarantineTableName } from './prepare-checks';

/** After the pre-check alone (header rejected), or after the rule checks ran into quarantine. */
export const writeReportInput = precheckOutput.extend({
  quarantine: z.string().optional(),
  database: z.string().optional(),
});

interface CheckCounts {
  total: number;
  rejected: number;
  warned: number;
  findings: Finding[];
}

async function readQuarantine(ports: Ports, tenant: string, dataset: string, location: string): Promise<CheckCounts> {
  const database = tenantDatabase(tenant);
  const table = quarantineTableName(dataset);
  await ports.catalog.putTable({
    database,
    name: table,
    columns: quarantineColumns,
    locations: [location],
    storage: { format: 'parquet' },
    description: `rows of ${dataset} that broke its contract, with the reason`,
  });
  const opts = { tenant, database };
  const [summary, lines] = await Promise.all([
    ports.engine.query(summaryQuery(table), opts),
    ports.engine.query(lineCountsQuery(table), opts),
  ]);
  const { rowCount, groups } = readSummary(summary.rows);
  return {
    total: rowCount,
    rejected: Number(lines.rows[0]?.rejected_lines ?? 0),
    warned: Number(lines.rows[0]?.warned_lines ?? 0),
    findings: groups.map(findingFromGroup),
  };
}

/** Decides accepted or rejected and writes the load's report for machines (JSON) and for people (HTML). */
export const writeReport = defineFunction(writeReportInput, async (input, ports): Promise<ValidateOutput> => {
  const { tenant, dataset, loadId } = input;
  const contract = await contractForLoad(ports, tenant, dataset, loadId).catch(() => undefined);
  const checks: CheckCounts = input.quarantine
    ? await readQuarantine(ports, tenant, dataset, input.quarantine)
    : { total: 0, rejected: 0, warned: 0, findings: [] };
  const findings = [...input.findings, ...checks.findings];
  const rows = { total: checks.total, rejected: checks.rejected, warned: checks.warned };
  const { status, reason } = decideStatus({
    findings,
    rows,
    maxRejectedPercent: contract?.load.max_rejected_percent ?? 0,
  });
  const accepted = status === 'rejected' ? 0 : rows.total - rows.rejected;
  const report: LoadReport = {
    tenant,
    dataset,
    loadId,
    fileName: input.fileName,
    contract: contract
      ? { id: contract.id, title: contract.title, owner: contract.owner }
      : { id: dataset, title: '(no contract)', owner: 'unknown' },
    status,
    reason,
    rows: { ...rows, accepted },
    findings,
    createdAt: ports.clock.now().toISOString(),
  };
  const prefix = loadPrefix('reports', tenant, dataset, loadId);
  const json = { bucket: ports.buckets.lake, key: `${prefix}report.json` };
  await ports.store.put(json, JSON.stringify(report, null, 2), 'application/json');
  await ports.store.put({ bucket: ports.buckets.lake, key: `${prefix}report.html` }, renderReportHtml(report), 'text/html; charset=utf-8');

  const problems = findings.filter((f) => f.severity !== 'warn').map((f) => f.message);
  return {
    stage: 'validate',
    tenant,
    dataset,
    loadId,
    raw: input.raw,
    status,
    rowsIn: rows.total,
    rowsOut: accepted,
    rejected: status === 'rejected' ? rows.total : rows.rejected,
    outputs: [s3Uri(json.bucket, json.key), ...(input.quarantine ? [input.quarantine] : [])],
    report: s3Uri(json.bucket, json.key),
    findings,
    message: status === 'rejected' ? `${reason ?? 'Rejected.'} ${problems.slice(0, 3).join(' ')}`.trim() : `${accepted} of ${rows.total} rows accepted.`,
  };
});

export const handler = edge(writeReport, awsPorts);
