import type { ObjectCreatedEvent } from '../schemas/events';
import type { PipelineInput } from '../schemas/payloads';
import { loadId, parseLandingKey } from './keys';

/**
 * The pipeline's input for an "Object Created" event in the landing bucket: tenant and dataset from the key, and
 * a load id derived from the event, so a duplicate delivery of the same event names the same load.
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
    landing: { bucket: bucket.name, key: object.key, versionId: object['version-id'], size: object.size, sequencer: object.sequencer },
    receivedAt: event.time,
  };
}
