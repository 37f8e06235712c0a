import { tenantAwsPorts } from '../adapters/aws/ports';
import { UnknownDatasetError } from '../core/config';
import { lineCountsQuery, quarantineColumns, readSummary, setAsidePlacesQuery, setAsideRowsQuery, summaryQuery } from '../core/contract/quarantine';
import { contractForLoad } from '../core/contract-for-load';
import { quarantinePart, quarantinePartPrefix, reportFile, reportKey, s3Uri } from '../core/keys';
import { stage } from '../core/names';
import type { Ports } from '../core/ports';
import {
  acceptedMessage,
  boundFinding,
  csvLine,
  decideStatus,
  emptyLoadFinding,
  findingFromGroup,
  recordsMismatchFinding,
  rejectedMessage,
  renderReportHtml,
  repeatFinding,
  unreadableFinding,
  withRuleMessages,
  wordsFor,
} from '../core/report';
import { dialectOf, gunzipStream, lineOfRecord } from '../core/intake';
import { isGzipName } from '../core/query-copy';
import { curatedTableName, loadTables, quarantineTableName, rowCountTableName, tenantDatabase } from '../core/tables';
import { currentChain, versionHistory } from '../core/table-pointer';
import type { Contract } from '../schemas/contract';
import { headerRows } from '../core/contract/raw-table';
import { shownPreamble } from '../core/contract/preamble';
import { preambleValueFinding } from '../core/report/preamble';
import { type Finding, type Intake, type PrecheckOutput, type ValidateOutput, type WriteReportInput, writeReportInput } from '../schemas/payloads';
import type { Language } from '../schemas/language';
import type { LoadReport } from '../schemas/report';
import { defineFunction, edge } from './lib/edge';

interface CheckCounts {
  total: number;
  rejected: number;
  warned: number;
  findings: Finding[];
}

async function readQuarantine(ports: Ports, input: WriteReportInput, attempt: string): Promise<CheckCounts> {
  const { tenant, dataset, loadId } = input;
  const database = tenantDatabase(tenant);
  const table = quarantineTableName(dataset, loadId);
  const counted = rowCountTableName(dataset, loadId);
  // the checks wrote two parts (core/keys.ts quarantinePart): the findings are the load's quarantine table, the
  // row count is read through a table of its own, here only
  for (const [name, part, description] of [
    [table, quarantinePart.findings, `rows of ${dataset} that broke its contract, with the reason`],
    [counted, quarantinePart.rowCount, `number of data rows the checks of ${dataset} read (internal)`],
  ] as const) {
    await ports.catalog.putTable({ database, name, columns: quarantineColumns, locations: [quarantinePartPrefix(attempt, part)], storage: { format: 'parquet' }, description });
  }
  const opts = { tenant, database };
  const [summary, lines] = await Promise.all([
    ports.engine.query(summaryQuery(table), opts),
    ports.engine.query(lineCountsQuery(table, counted), opts),
  ]);
  await ports.catalog.deleteTable(database, counted);
  const counts = lines.rows[0];
  if (counts?.rows_read === null || counts?.rows_read === undefined) {
    throw new Error(`the checks of load ${loadId} wrote no row count in ${quarantinePartPrefix(attempt, quarantinePart.rowCount)}`);
  }
  return {
    total: Number(counts.rows_read),
    rejected: Number(counts.rejected_lines ?? 0),
    warned: Number(counts.warned_lines ?? 0),
    findings: readSummary(summary.rows).map((g) => preambleValueFinding(g, input.preamble, input.language) ?? findingFromGroup(g, input.language)),
  };
}

/**
 * What stops a load whose rows the engine read: fewer or more rows than ingest counted (a reader that stopped early
 * or dropped a line), no rows at all (unless the contract allows it), or under append the same bytes as a load the
 * curated table already holds (a repeat; functions/plan.ts checks again when loads race).
 */
async function loadFindings(ports: Ports, input: PrecheckOutput, contract: Contract, read: number): Promise<Finding[]> {
  const { intake } = input;
  if (intake && (read < intake.records || read > intake.records + intake.emptyLines)) {
    return [recordsMismatchFinding(input.fileName, intake, read, await stoppedAt(ports, input, contract, intake, read), input.language)];
  }
  if (read === 0 && !contract.load.allow_empty) return [emptyLoadFinding(input.fileName, input.language)];
  // replace and upsert are idempotent: the same bytes again change nothing (or restore what they held)
  if (!intake || contract.load.policy !== 'append') return [];
  const history = await versionHistory(ports.catalog, tenantDatabase(input.tenant), curatedTableName(input.dataset));
  const same = currentChain(history).find((v) => v.sha256 === intake.sha256 && v.id !== input.loadId);
  return same ? [repeatFinding(input.fileName, same.id, input.language)] : [];
}

/** The line where the engine stopped reading: where the first record it did not read starts. */
async function stoppedAt(ports: Ports, input: PrecheckOutput, contract: Contract, intake: Intake, read: number): Promise<number | undefined> {
  // GeoJSON rows are features of its JSON lines copy, not lines of the upload
  if (read >= intake.records || contract.file.format === 'geojson' || contract.file.format === 'json') return undefined;
  let text: AsyncIterable<Uint8Array> = ports.store.getStream(input.raw);
  if (isGzipName(input.fileName)) text = gunzipStream(text);
  return lineOfRecord(text, dialectOf(contract), read + 1);
}

/** The report's contract when the dataset has none (the pre-check's finding says so). */
const noContract: Record<Language, { title: string; owner: string }> = {
  nl: { title: '(geen contract)', owner: 'onbekend' },
  en: { title: '(no contract)', owner: 'unknown' },
};

/** Stretches of the file the places chart shows. */
const PLACE_BINS = 40;

/**
 * For the person who fixes the file: the set-aside rows' findings as CSV (values as quarantine holds them, so
 * personal values masked) next to report.html, and how many set-aside rows fall in each stretch of the file.
 */
async function setAside(ports: Ports, input: WriteReportInput, rows: number, contract: Contract | undefined): Promise<Pick<LoadReport, 'setAsideCsv' | 'setAsidePlaces'>> {
  const { tenant, dataset, loadId } = input;
  const database = tenantDatabase(tenant);
  const table = quarantineTableName(dataset, loadId);
  const opts = { tenant, database };
  const lines = rows + (contract ? headerRows(contract) : 0);
  const [found, placed] = await Promise.all([
    ports.engine.query(setAsideRowsQuery(table), opts),
    ports.engine.query(setAsidePlacesQuery(table, lines, PLACE_BINS), opts),
  ]);
  // headings in the report's words: the person who fixes the file opens this in a spreadsheet
  const w = wordsFor(input.language);
  const csv = [csvLine([w.line, w.column, w.code, w.value, w.message].map((h) => h.toLowerCase())), ...found.rows.map((r) => csvLine([r.line, r.column_name, r.rule, r.value, r.message]))].join('\r\n');
  await ports.store.put({ bucket: ports.buckets.lake, key: reportKey(tenant, dataset, loadId, reportFile.setAside) }, `\ufeff${csv}\r\n`, 'text/csv; charset=utf-8');
  const width = Math.max(1, Math.ceil(lines / PLACE_BINS));
  const counts = new Map(placed.rows.map((r) => [Number(r.bin), Number(r.count)]));
  const bins = Math.ceil(lines / width);
  return {
    setAsideCsv: reportFile.setAside,
    setAsidePlaces: Array.from({ length: bins }, (_, b) => ({ from: b * width + 1, to: Math.min(lines, (b + 1) * width), count: counts.get(b) ?? 0 })),
  };
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
    ? { total: 0, rejected: 0, warned: 0, findings: [unreadableFinding(input.fileName, input.checksError, contract && contract.file.format !== 'csv' ? 'jsonl' : 'csv', input.language)] }
    : input.quarantine
    ? await readQuarantine(ports, input, input.quarantine)
    : { total: 0, rejected: 0, warned: 0, findings: [] };
  const read = input.quarantine && !input.checksError && contract ? await loadFindings(ports, input, contract, checks.total) : [];
  const findings = [...input.findings, ...(contract ? withRuleMessages(checks.findings, contract) : checks.findings), ...read].map((f) => boundFinding(f, input.language));
  // the checks did not read the file (stopped by the pre-check, or unreadable): its rows are ingest's count, not 0
  const total = input.quarantine && !input.checksError ? checks.total : (input.intake?.records ?? 0);
  const rows = { total, rejected: checks.rejected, warned: checks.warned };
  const { status, reason } = decideStatus({
    findings,
    rows,
    maxRejectedPercent: contract?.load.max_rejected_percent ?? 0,
    language: input.language,
  });
  const accepted = status === 'rejected' ? 0 : rows.total - rows.rejected;
  const aside = input.quarantine && rows.rejected > 0 ? await setAside(ports, input, rows.total, contract) : {};
  const report: LoadReport = {
    tenant,
    dataset,
    loadId,
    fileName: input.fileName,
    contract: contract
      ? { id: contract.id, title: contract.title, owner: contract.owner }
      : { id: dataset, ...noContract[input.language] },
    status,
    reason,
    rows: { ...rows, accepted },
    findings,
    language: input.language,
    ...(contract ? { maxRejectedPercent: contract.load.max_rejected_percent } : {}),
    ...aside,
    ...(input.preamble ? { preamble: contract ? shownPreamble(contract, input.preamble) : input.preamble } : {}),
    createdAt: ports.clock.now().toISOString(),
  };
  // the load's own tables serve integrate; a rejected load is done with them
  if (status === 'rejected') for (const table of loadTables(dataset, loadId)) await ports.catalog.deleteTable(tenantDatabase(tenant), table);
  const json = { bucket: ports.buckets.lake, key: reportKey(tenant, dataset, loadId, reportFile.json) };
  await ports.store.put(json, JSON.stringify(report, null, 2), 'application/json');
  const html = { bucket: ports.buckets.lake, key: reportKey(tenant, dataset, loadId, reportFile.html) };
  await ports.store.put(html, renderReportHtml(report), 'text/html; charset=utf-8');

  // what stopped the load; when too many rows broke the rules, the rules they broke
  const stops = findings.filter((f) => f.severity === 'reject_load');
  const problems = stops.length > 0 ? stops : findings.filter((f) => f.severity === 'reject_row');
  return {
    stage: stage.validate,
    tenant,
    dataset,
    loadId,
    raw: input.raw,
    status,
    rowsIn: rows.total,
    rowsOut: accepted,
    rejected: status === 'rejected' ? rows.total : rows.rejected,
    outputs: [s3Uri(json.bucket, json.key), ...(input.quarantine ? [quarantinePartPrefix(input.quarantine, quarantinePart.findings)] : [])],
    report: s3Uri(json.bucket, json.key),
    findings,
    ...(input.intake ? { intake: input.intake } : {}),
    ...(input.preamble ? { preamble: input.preamble } : {}),
    message: status === 'rejected' ? rejectedMessage(reason, problems, s3Uri(html.bucket, html.key), input.language) : acceptedMessage(accepted, rows.total, input.language),
  };
});

export const handler = edge(writeReport, (input) => tenantAwsPorts(input));
