import { awsPorts } from '../adapters/aws/ports';
import { readTenant } from '../core/config';
import { executionName } from '../core/keys';
import { pipelineInputFromEvent } from '../core/pipeline-input';
import { objectCreatedEvent } from '../schemas/events';
import { defineFunction, edge } from './lib/edge';

export class StarterMissingError extends Error {
  override name = 'StarterMissingError';
}

/**
 * EventBridge target for "Object Created" in the landing bucket. The execution name is derived from the
 * event, so a duplicate delivery of the same event cannot start a second run.
 */
export const startPipeline = defineFunction(objectCreatedEvent, async (event, ports) => {
  if (!ports.starter) throw new StarterMissingError('start-pipeline needs a workflow starter');
  const input = pipelineInputFromEvent(event);
  await readTenant(ports.store, ports.buckets.lake, input.tenant);
  const name = executionName(input.tenant, input.dataset, input.loadId);
  const started = await ports.starter.start(name, input);
  return { ...started, name, tenant: input.tenant, dataset: input.dataset, loadId: input.loadId };
});

export const handler = edge(startPipeline, () => awsPorts());
