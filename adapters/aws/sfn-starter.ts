import { type SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { WorkflowStarter } from '../../core/ports';
import { errorMessage, errorName } from './aws-error';

export class SfnStarterError extends Error {
  override name = 'SfnStarterError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** arn:aws:states:<region>:<account>:stateMachine:<machine> → ...:execution:<machine>:<name> */
export function executionArn(stateMachineArn: string, name: string): string {
  const marker = ':stateMachine:';
  const at = stateMachineArn.indexOf(marker);
  if (at < 0) throw new SfnStarterError(`not a state machine ARN: ${stateMachineArn}`);
  return `${stateMachineArn.slice(0, at)}:execution:${stateMachineArn.slice(at + marker.length)}:${name}`;
}

/**
 * Starts the pipeline with a caller-chosen execution name, which makes a start idempotent: a second start with
 * the same name is `ExecutionAlreadyExists` (reported as started: false). Note that a Standard workflow answers
 * a repeat with identical input while the first run is still RUNNING with success and the same ARN, so
 * `started: true` does not prove a new run; it never means a second one.
 */
export class SfnStarter implements WorkflowStarter {
  constructor(
    private readonly client: SFNClient,
    private readonly stateMachineArn: string,
  ) {}

  async start(name: string, input: unknown): Promise<{ executionArn: string; started: boolean }> {
    try {
      const out = await this.client.send(
        new StartExecutionCommand({ stateMachineArn: this.stateMachineArn, name, input: JSON.stringify(input) }),
      );
      return { executionArn: out.executionArn ?? executionArn(this.stateMachineArn, name), started: true };
    } catch (error) {
      if (errorName(error) === 'ExecutionAlreadyExists') {
        return { executionArn: executionArn(this.stateMachineArn, name), started: false };
      }
      throw new SfnStarterError(`cannot start execution ${name} of ${this.stateMachineArn}: ${errorMessage(error)}`, {
        cause: error,
      });
    }
  }
}
