import { tenantAwsPorts } from '../adapters/aws/ports';
import { UnknownDatasetError } from '../core/config';
import { contractForLoad } from '../core/contract-for-load';
import { precheck as precheckHead } from '../core/precheck';
import { gunzipHead, HEAD_BYTES } from '../core/precheck/lines';
import { loadWords } from '../core/precheck/words';
import { missingPreambleFindings } from '../core/precheck/preamble';
import { decodedKey, intakeErrorKey } from '../core/keys';
import type { Ports } from '../core/ports';
import { type IntakeError, isGzipName, queryCopy } from '../core/query-copy';
import { boundFinding, damagedFinding, limitFinding } from '../core/report';
import { type Finding, type LoadInput, loadInput, type PrecheckOutput } from '../schemas/payloads';
import { defineFunction, edge } from './lib/edge';

/**
 * GeoJSON and JSON documents: ingest has turned the file into JSON lines rows (the query copy) or recorded why it
 * could not; the head of the rows is checked as a JSON lines head, each line being one feature or object. Undefined when neither exists (an
 * upload named .gz that does not inflate): the upload's own head then says what is wrong.
 */
async function convertedRows(ports: Ports, input: LoadInput): Promise<Omit<PrecheckOutput, keyof LoadInput> | undefined> {
  const { tenant, dataset, loadId, fileName } = input;
  const words = loadWords[input.language];
  const contract = await contractForLoad(ports, tenant, dataset, loadId);
  const noted = { bucket: ports.buckets.lake, key: intakeErrorKey(tenant, dataset, loadId) };
  const geojson = contract.file.format === 'geojson';
  const rejected = (finding: Omit<Finding, 'severity' | 'count' | 'examples'>) => ({
    status: 'rejected' as const,
    header: [],
    encoding: 'utf-8' as const,
    delimiter: ',',
    bom: false,
    findings: [{ severity: 'reject_load' as const, count: 1, examples: [], ...finding }],
  });
  if (await ports.store.exists(noted)) {
    const { problem, said, line } = JSON.parse(new TextDecoder().decode(await ports.store.get(noted))) as IntakeError;
    return rejected({ code: 'unreadable_file', line, ...words.unreadable(fileName, geojson, said?.[input.language] ?? problem, line) });
  }
  const copy = queryCopy(contract.file, fileName, ports.engine);
  const ref = copy && { bucket: input.raw.bucket, key: decodedKey(tenant, dataset, loadId, copy.fileName) };
  if (!ref || !(await ports.store.exists(ref))) return undefined;
  const { body, size } = await ports.store.head(ref, HEAD_BYTES);
  const head = isGzipName(ref.key) ? gunzipHead(body) : body;
  if (head.length === 0) {
    return rejected({ code: 'empty_file', ...words.noRows(fileName, geojson) });
  }
  const rows = { ...contract, file: { ...contract.file, format: 'jsonl' as const } };
  return precheckHead({ head, size, fileName, contract: rows, gzip: false, language: input.language });
}

export const precheck = defineFunction(loadInput, async (input, ports): Promise<PrecheckOutput> => {
  let contract;
  try {
    contract = await contractForLoad(ports, input.tenant, input.dataset, input.loadId);
  } catch (error) {
    if (!(error instanceof UnknownDatasetError)) throw error;
    return {
      ...input,
      status: 'rejected',
      header: [],
      encoding: 'utf-8',
      delimiter: ',',
      bom: false,
      findings: [
        {
          code: 'unknown_dataset',
          severity: 'reject_load',
          count: 1,
          examples: [],
          message: error.texts[input.language],
          advice: loadWords[input.language].unknownDataset(input.raw.key),
        },
      ],
    };
  }
  if (contract.file.format === 'geojson' || contract.file.format === 'json') {
    const rows = await convertedRows(ports, input);
    if (rows) return { ...input, ...rows };
  }
  const { body, size } = await ports.store.head(input.raw, HEAD_BYTES);
  const gzip = isGzipName(input.fileName);
  const head = gzip ? gunzipHead(body) : body;
  const result = precheckHead({ head, size, fileName: input.fileName, contract, gzip, language: input.language });
  // what ingest found reading the whole file: a limit that stopped it, a gzip stream that breaks off
  const { intake } = input;
  // (a damaged stream comes first: the head's last line, cut where the stream breaks off, may look ragged)
  const stops = intake?.limit
    ? [limitFinding(input.fileName, intake.limit, input.language)]
    : intake?.damaged && !result.findings.some((f) => f.code === 'gzip_unreadable')
      ? [damagedFinding(input.fileName, intake, input.language)]
      : [];
  // a header without rows is a load of 0 rows: fine when the contract allows empty loads
  const own = contract.load.allow_empty ? result.findings.filter((f) => f.code !== 'header_only') : result.findings;
  // a preamble column whose key is not above the table (only worth saying when the file could be read)
  const missing = result.status === 'ok' ? missingPreambleFindings(contract, result.preamble ?? [], input.fileName, input.language) : [];
  const findings = [...stops, ...own, ...missing].map((f) => boundFinding(f, input.language));
  return { ...input, ...result, findings, status: findings.some((f) => f.severity === 'reject_load') ? 'rejected' : 'ok' };
});

export const handler = edge(precheck, (input) => tenantAwsPorts(input));
