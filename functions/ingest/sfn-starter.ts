/**
 * `ExecutionStarter` over Step Functions: StartExecution with name = job id.
 * `ExecutionAlreadyExists` means the job was started before: `{ started: false }`. Throttling and
 * 5xx become TransientError (the S3 event is then redelivered by Lambda's async retries).
 */
import { ExecutionAlreadyExists, type SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { TransientError } from '../shared/pipeline-errors.js';
import { StarterError } from './errors.js';
import type { ExecutionStarter, StartRequest, StartResult } from './starter.js';

const TRANSIENT = new Set([
  'ThrottlingException',
  'ServiceUnavailable',
  'InternalServerError',
  'TimeoutError',
]);

export interface SfnStarterProps {
  readonly client: SFNClient;
  readonly stateMachineArn: string;
}

/** `arn:aws:states:r:a:stateMachine:M` + name -> `arn:aws:states:r:a:execution:M:name`. */
export function executionArnOf(stateMachineArn: string, name: string): string {
  return `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
}

export class SfnStarter implements ExecutionStarter {
  readonly #client: SFNClient;
  readonly #stateMachineArn: string;

  constructor(props: SfnStarterProps) {
    this.#client = props.client;
    this.#stateMachineArn = props.stateMachineArn;
  }

  async start(request: StartRequest): Promise<StartResult> {
    try {
      const out = await this.#client.send(
        new StartExecutionCommand({
          stateMachineArn: this.#stateMachineArn,
          name: request.name,
          input: JSON.stringify(request.input),
        }),
      );
      return {
        started: true,
        executionId: out.executionArn ?? executionArnOf(this.#stateMachineArn, request.name),
      };
    } catch (error) {
      if (error instanceof ExecutionAlreadyExists)
        return { started: false, executionId: executionArnOf(this.#stateMachineArn, request.name) };
      const err = error instanceof Error ? error : new Error(String(error));
      const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode ?? 0;
      if (TRANSIENT.has(err.name) || status >= 500)
        throw new TransientError(`StartExecution ${request.name}: ${err.name}: ${err.message}`, {
          cause: err,
        });
      throw new StarterError(`StartExecution ${request.name} failed: ${err.name}: ${err.message}`, {
        cause: err,
      });
    }
  }
}
