import { loadPackModels, type ModelDef, storePackFiles } from '../../core/models/load';
import type { Ports } from '../../core/ports';
import type { BuildStep } from '../../schemas/payloads';

export class ModelStepError extends Error {
  override name = 'ModelStepError';
}

/** The model file a build step builds, read from the deployed pack. */
export async function modelOfStep(ports: Pick<Ports, 'store' | 'buckets'>, step: BuildStep): Promise<ModelDef> {
  if (!step.model) throw new ModelStepError(`build step ${step.name} builds no model`);
  const models = await loadPackModels(storePackFiles(ports.store, ports.buckets.lake), step.model.pack);
  const model = models.find((m) => m.name === step.model!.name);
  if (!model) throw new ModelStepError(`pack ${step.model.pack} has no model ${step.model.name}`);
  return model;
}
