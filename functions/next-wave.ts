import { readTenant } from '../core/config';
import { stage } from '../core/names';
import { planNextWave, stepBase } from '../core/models/planner';
import { type PlanOutput, waveOutput } from '../schemas/payloads';
import { tenantAwsPorts } from '../adapters/aws/ports';
import { defineFunction, edge } from './lib/edge';

/**
 * Between waves: keeps what the Build map returned, then plans the next wave (models whose upstream failed its
 * tests are not built). No steps left means the stage is done.
 */
export const nextWave = defineFunction(waveOutput, async (input, ports): Promise<PlanOutput> => {
  const { built, ...plan } = input;
  if (plan.stage === stage.integrate) return { ...plan, steps: [], done: [...plan.done, ...built], wave: plan.wave + 1 };
  const tenant = await readTenant(ports.store, ports.buckets.lake, plan.tenant);
  return planNextWave(ports, plan, built, tenant, stepBase(plan.stage, plan.tenant, plan.runId));
});

export const handler = edge(nextWave, (input) => tenantAwsPorts(input));
