import { tenantAwsPorts } from '../adapters/aws/ports';
import { s3Uri } from '../core/keys';
import { runRetention } from '../core/privacy/retention';
import { type RetentionOutput, retentionInput } from '../schemas/payloads';
import { defineFunction, edge } from './lib/edge';

/** One tenant's retention run in the retention state machine: expired loads deleted, an audit record written. */
export const retention = defineFunction(retentionInput, async (input, ports): Promise<RetentionOutput> => {
  const asOf = input.asOf ? new Date(input.asOf) : ports.clock.now();
  const runId = `${asOf.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, '').toLowerCase()}-retention`;
  const { audit, key } = await runRetention(ports, input.tenant, runId, asOf);
  return {
    tenant: input.tenant,
    runId,
    audit: s3Uri(ports.buckets.lake, key),
    expiredLoads: audit.expired.length,
    objectsDeleted: [...audit.expired, ...audit.supersededRuns].reduce((n, e) => n + e.objectsDeleted, 0),
  };
});

export const handler = edge(retention, (input) => tenantAwsPorts(input));
