import { tenantAwsPorts } from '../adapters/aws/ports';
import { reportFile, reportKey, s3Uri } from '../core/keys';
import { functionName } from '../core/names';
import { failureReport } from '../core/report/failure';
import { failureReportInput } from '../schemas/payloads';
import { defineFunction, edge } from './lib/edge';

/**
 * The Catch of Ingest: a load that could not be taken in (after the retries) still ends with a report, beside where
 * its validation report would be, saying what failed and that the upload is kept. The pipeline then fails.
 */
export const reportFailure = defineFunction(failureReportInput, async (input, ports) => {
  const report = failureReport(input, functionName.ingest, ports.clock.now());
  const key = reportKey(input.tenant, input.dataset, input.loadId, reportFile.failure);
  await ports.store.put({ bucket: ports.buckets.lake, key }, `${JSON.stringify(report, null, 2)}\n`, 'application/json');
  return { status: report.status, report: s3Uri(ports.buckets.lake, key), error: report.error, message: report.message };
});

export const handler = edge(reportFailure, (input) => tenantAwsPorts(input));
