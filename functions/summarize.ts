import { awsPorts } from '../adapters/aws/ports';
import { stage } from '../core/names';
import { type StageOutput, summarizeInput } from '../schemas/payloads';
import { defineFunction, edge } from './lib/edge';

/** The stage's one-line answer: what was built, how many rows went in and came out. */
export const summarize = defineFunction(summarizeInput, async (input): Promise<StageOutput> => {
  const rowsIn = input.built.reduce((n, b) => n + b.rowsIn, 0);
  const rowsOut = input.built.reduce((n, b) => n + b.rowsOut, 0);
  const names = input.built.map((b) => `${b.table} (${b.rowsOut} rows)`);
  const skipped = input.skipped.length ? ` Skipped: ${input.skipped.join('; ')}.` : '';
  return {
    stage: input.stage,
    tenant: input.tenant,
    status: input.built.length ? 'succeeded' : 'skipped',
    rowsIn,
    rowsOut,
    rejected: input.stage === stage.integrate ? (input.validate?.rejected ?? 0) : 0,
    outputs: input.built.map((b) => b.location),
    message: input.built.length ? `Built ${names.join(', ')}.${skipped}` : `Nothing to build.${skipped}`,
  };
});

export const handler = edge(summarize, () => awsPorts());
