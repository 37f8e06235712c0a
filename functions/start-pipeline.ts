import { loadTenant } from '../core/config';
import { executionName, loadId, parseLandingKey } from '../core/keys';
import { type ObjectCreatedEvent, objectCreatedEvent } from '../schemas/events';
import type { PipelineInput } from '../schemas/payloads';
import { defineFunction, edge } from './lib/edge';
import { awsPorts } from '../adapters/aws/ports';

export class StarterMissingError extends Error {
  override name = 'StarterMissingError';
}

/**
 * EventBridge target for "Object Created" in the landing bucket. The execution name is derived from the
 * event, so a duplicate delivery of the same event cannot start a second run.
 */
export function pipelineInputFromEvent(event: ObjectCreatedEvent): PipelineInput {
  const { bucket, object } = event.detail;
  const { tenant, dataset } = parseLandingKey(object.key);
  const id = loadId({
    bucket: bucket.name,
    key: object.key,
    sequencer: object.sequencer,
    versionId: object['version-id'],
    time: event.time,
  });
  return {
    tenant,
    dataset,
    loadId: id,
    landing: { bucket: bucket.name, key: object.key, versionId: object['version-id'], size: object.size },
    receivedAt: event.time,
  };
}

export const startPipeline = defineFunction(objectCreatedEvent, async (event, ports) => {
  if (!ports.starter) throw new StarterMissingError('start-pipeline needs a workflow starter');
  const input = pipelineInputFromEvent(event);
  await loadTenant(ports.store, ports.buckets.lake, input.tenant);
  const name = executionName(input.tenant, input.dataset, input.loadId);
  const started = await ports.starter.start(name, input);
  return { ...started, name, tenant: input.tenant, dataset: input.dataset, loadId: input.loadId };
});

export const handler = edge(startPipeline, awsPorts);
