import middy from '@middy/core';
import type { z } from 'zod';
import type { Ports, WorkflowStarter } from '../../core/ports';
import { zodParser } from './zod-parser';

/** What a core may receive; start-pipeline is the only one that needs a starter. */
export type FunctionPorts = Ports & { starter?: WorkflowStarter };

export type Core<S extends z.ZodType, O> = (input: z.output<S>, ports: FunctionPorts) => Promise<O>;

export interface FunctionDefinition<S extends z.ZodType = z.ZodType, O = unknown> {
  schema: S;
  /** A method, so that any function's definition is a FunctionDefinition (the registry lists them all). */
  core(input: z.output<S>, ports: FunctionPorts): Promise<O>;
}

export function defineFunction<S extends z.ZodType, O>(schema: S, core: Core<S, O>): FunctionDefinition<S, O> {
  return { schema, core };
}

/**
 * The thin edge around a core: middy + zod. The same edge runs in Lambda (AWS ports) and in the
 * offline runtime (local ports); ports are resolved per invocation from the parsed input (in AWS: the tenant's
 * credentials), not at import.
 */
export function edge<S extends z.ZodType, O>(fn: FunctionDefinition<S, O>, getPorts: (input: z.output<S>) => FunctionPorts) {
  return middy<unknown, O>()
    .use(zodParser(fn.schema))
    .handler(async (event) => fn.core(event as z.output<S>, getPorts(event as z.output<S>)));
}
