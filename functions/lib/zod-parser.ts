import type { MiddlewareObj } from '@middy/core';
import type { z } from 'zod';
import { describeIssues } from '../../core/issues';

/** A payload that does not match its schema: a stable name a state machine can Catch on. */
export class PayloadValidationError extends Error {
  override name = 'PayloadValidationError';
}

/** middy middleware: parses the event with a zod schema and replaces it with the parsed value (defaults applied). */
export function zodParser<S extends z.ZodType>(schema: S): MiddlewareObj<unknown, unknown> {
  return {
    before: (request) => {
      const result = schema.safeParse(request.event);
      if (!result.success) {
        const problems = describeIssues(result.error.issues, '(event)');
        throw new PayloadValidationError(`the input does not match the expected payload:\n- ${problems.join('\n- ')}`);
      }
      request.event = result.data;
    },
  };
}
