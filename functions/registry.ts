import { ingest } from './ingest';
import type { FunctionDefinition } from './lib/edge';
import { plan } from './plan';
import { precheck } from './precheck';
import { prepareChecks } from './prepare-checks';
import { publish } from './publish';
import { startPipeline } from './start-pipeline';
import { summarize } from './summarize';
import { writeReport } from './write-report';

/** Function name (the POLDER_FUNCTION variable of each Lambda) → its schema and core. */
export const registry: Record<string, FunctionDefinition> = {
  'start-pipeline': startPipeline as FunctionDefinition,
  ingest: ingest as FunctionDefinition,
  precheck: precheck as FunctionDefinition,
  'prepare-checks': prepareChecks as FunctionDefinition,
  'write-report': writeReport as FunctionDefinition,
  plan: plan as FunctionDefinition,
  publish: publish as FunctionDefinition,
  summarize: summarize as FunctionDefinition,
};

export const functionNames = Object.keys(registry);
