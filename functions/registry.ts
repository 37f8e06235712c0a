import { type FunctionName, functionName } from '../core/names';
import { checkModel } from './check-model';
import { ingest } from './ingest';
import { nextWave } from './next-wave';
import type { FunctionDefinition } from './lib/edge';
import { plan } from './plan';
import { precheck } from './precheck';
import { prepareChecks } from './prepare-checks';
import { publish } from './publish';
import { reportFailure } from './report-failure';
import { retention } from './retention';
import { startPipeline } from './start-pipeline';
import { summarize } from './summarize';
import { trainScoreStep } from './train-score';
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
  [functionName.trainScore]: trainScoreStep,
  [functionName.checkModel]: checkModel,
  [functionName.publish]: publish,
  [functionName.nextWave]: nextWave,
  [functionName.summarize]: summarize,
  [functionName.reportFailure]: reportFailure,
  [functionName.retention]: retention,
} satisfies Record<FunctionName, FunctionDefinition>;
