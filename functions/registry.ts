import { type FunctionName, functionName } from '../core/names';
import { ingest } from './ingest';
import type { FunctionDefinition } from './lib/edge';
import { plan } from './plan';
import { precheck } from './precheck';
import { prepareChecks } from './prepare-checks';
import { publish } from './publish';
import { reportFailure } from './report-failure';
import { retention } from './retention';
import { startPipeline } from './start-pipeline';
import { summarize } from './summarize';
import { writeReport } from './write-report';

/**
 * Function name (the POLDER_FUNCTION variable of each Lambda, core/names.ts) → its schema and core. The names are
 * the ones infra/constructs/functions.ts deploys; `satisfies` makes a missing or extra entry a type error.
 */
export const registry = {
  [functionName.startPipeline]: startPipeline,
  [functionName.ingest]: ingest,
  [functionName.precheck]: precheck,
  [functionName.prepareChecks]: prepareChecks,
  [functionName.writeReport]: writeReport,
  [functionName.plan]: plan,
  [functionName.publish]: publish,
  [functionName.summarize]: summarize,
  [functionName.reportFailure]: reportFailure,
  [functionName.retention]: retention,
} satisfies Record<FunctionName, FunctionDefinition>;
