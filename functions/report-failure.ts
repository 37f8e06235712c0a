import { tenantAwsPorts } from '../adapters/aws/ports';
import { readTenant } from '../core/config';
import { reportFile, reportKey, s3Uri } from '../core/keys';
import { functionName } from '../core/names';
import { failureReport } from '../core/report/failure';
import { failureReportInput } from '../schemas/payloads';
import { defineFunction, edge } from './lib/edge';

/**
 * The Catch of Ingest: a load that could not be taken in (after the retries) still ends with a report, beside where
 * its validation report would be, saying what failed and that the upload is kept (in the tenant's language). The
 * pipeline then fails.
 */
export const reportFailure = defineFunction(failureReportInput, async (input, ports) => {
  // in the tenant's language; a tenant file that cannot be read (perhaps why ingest failed) gives the default
  const tenant = await readTenant(ports.store, ports.buckets.lake, input.tenant).catch(() => undefined);
  const report = failureReport(input, functionName.ingest, ports.clock.now(), tenant?.language);
  const key = reportKey(input.tenant, input.dataset, input.loadId, reportFile.failure);
  await ports.store.put({ bucket: ports.buckets.lake, key }, `${JSON.stringify(report, null, 2)}\n`, 'application/json');
  return { status: report.status, report: s3Uri(ports.buckets.lake, key), error: report.error, message: report.message };
});

export const handler = edge(reportFailure, (input) => tenantAwsPorts(input));
