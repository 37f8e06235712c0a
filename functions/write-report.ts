import { z } from 'zod';
import { UnknownDatasetError } from '../core/config';
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
  /** Set by the state machine when the checks query failed (Catch on RunChecks). */
  checksError: z.object({ Error: z.string().optional(), Cause: z.string().optional() }).optional(),
});

/**
 * The engine's own words about why the file could not be read, without the query text. For JSON lines only a line
 * named "on line N" counts (the local reader's words): Athena's JSON errors name no line of the file, and a "line 1"
 * in them is the line within the one row it parsed.
 */
export function unreadableFinding(fileName: string, error: { Error?: string; Cause?: string }, format: 'csv' | 'jsonl' = 'csv'): Finding {
  let cause = error.Cause ?? error.Error ?? 'unknown error';
  try {
    const parsed = JSON.parse(cause) as { QueryExecution?: { Status?: { StateChangeReason?: string } }; errorMessage?: string };
    cause = parsed.QueryExecution?.Status?.StateChangeReason ?? parsed.errorMessage ?? cause;
  } catch {
    // a plain-text cause
  }
  const lines = cause.split('\n');
  const jsonl = format === 'jsonl';
  const reason = (jsonl ? lines.find((l) => /json/i.test(l)) : undefined) ?? lines.find((l) => /error|line/i.test(l)) ?? lines[0] ?? cause;
  const line = (jsonl ? /\bon line (\d+)/i : /line:?\s*(\d+)/i).exec(cause)?.[1];
  return {
    code: 'unreadable_file',
    severity: 'reject_load',
    line: line ? Number(line) : undefined,
    count: 1,
    examples: [],
    message: `${fileName} could not be read past its first part: ${reason.trim().slice(0, 300)}`,
    advice: !jsonl
      ? 'Open the file, fix the line the message names (a missing or extra delimiter, or an unclosed quote), save it as CSV and upload it again.'
      : line
        ? `Open the file, fix line ${line} so that it is one complete JSON object (a missing comma, quote or bracket is the usual cause) and upload it again.`
        : "Find the line that is not one complete JSON object (`jq -c . file.jsonl > /dev/null` names it), fix it and upload the file again.",
  };
}

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

/**
 * The validate stage's one-paragraph answer for a rejected load: the reason, the rest of what stops the load (each
 * message once: the reason is the first sentence of the first one), what to do, and where the full report is.
 */
export function rejectedMessage(reason: string | undefined, problems: readonly Finding[], reportUri: string): string {
  const parts: string[] = [reason ?? 'Rejected.'];
  for (const f of problems.slice(0, 3)) {
    const rest = reason !== undefined && f.message.startsWith(reason) ? f.message.slice(reason.length).trim() : f.message;
    if (rest !== '' && !parts.includes(rest)) parts.push(rest);
  }
  if (problems.length > 3) parts.push(`(${problems.length - 3} more in the report.)`);
  const advice = problems[0]?.advice ?? 'Correct the rows named in the report and upload the file again.';
  parts.push(`What to do: ${advice}`, `Report: ${reportUri}`);
  return parts.join(' ');
}

/** Decides accepted or rejected and writes the load's report for machines (JSON) and for people (HTML). */
export const writeReport = defineFunction(writeReportInput, async (input, ports): Promise<ValidateOutput> => {
  const { tenant, dataset, loadId } = input;
  const contract = await contractForLoad(ports, tenant, dataset, loadId).catch((error: unknown) => {
    // An unknown dataset is reported by the pre-check's finding; anything else is a real failure.
    if (error instanceof UnknownDatasetError) return undefined;
    throw error;
  });
  const checks: CheckCounts = input.checksError
    ? { total: 0, rejected: 0, warned: 0, findings: [unreadableFinding(input.fileName, input.checksError, contract?.file.format === 'jsonl' ? 'jsonl' : 'csv')] }
    : input.quarantine
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
  const html = { bucket: ports.buckets.lake, key: `${prefix}report.html` };
  await ports.store.put(html, renderReportHtml(report), 'text/html; charset=utf-8');

  // what stopped the load; when too many rows broke the rules, the rules they broke
  const stops = findings.filter((f) => f.severity === 'reject_load');
  const problems = stops.length > 0 ? stops : findings.filter((f) => f.severity === 'reject_row');
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
    message: status === 'rejected' ? rejectedMessage(reason, problems, s3Uri(html.bucket, html.key)) : `${accepted} of ${rows.total} rows accepted.`,
  };
});

export const handler = edge(writeReport, awsPorts);
