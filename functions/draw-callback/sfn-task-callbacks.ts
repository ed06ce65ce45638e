/**
 * `TaskCallbacks` over Step Functions: SendTaskSuccess / SendTaskFailure / SendTaskHeartbeat.
 * `TaskTimedOut`, `TaskDoesNotExist` and `InvalidToken` mean the task no longer waits: 'closed'.
 * Throttling and 5xx become TransientError (SNS and the sweep deliver again).
 */
import {
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import { TransientError } from '../shared/pipeline-errors.js';
import type { CallbackOutcome, TaskCallbacks } from './task-callbacks.js';

const CLOSED = new Set(['TaskTimedOut', 'TaskDoesNotExist', 'InvalidToken']);

/** Step Functions' limits: error name 256, cause 32768 characters. */
export const SFN_CALLBACK_LIMITS = {
  /** @default 256 */
  errorMaxLength: 256,
  /** @default 32768 */
  causeMaxLength: 32_768,
} as const;

export class SfnTaskCallbacks implements TaskCallbacks {
  readonly #client: SFNClient;

  constructor(client: SFNClient) {
    this.#client = client;
  }

  success(taskToken: string, output: unknown): Promise<CallbackOutcome> {
    return this.#send('SendTaskSuccess', () =>
      this.#client.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) })),
    );
  }

  failure(taskToken: string, error: string, cause: string): Promise<CallbackOutcome> {
    return this.#send('SendTaskFailure', () =>
      this.#client.send(
        new SendTaskFailureCommand({
          taskToken,
          error: error.slice(0, SFN_CALLBACK_LIMITS.errorMaxLength),
          cause: cause.slice(0, SFN_CALLBACK_LIMITS.causeMaxLength),
        }),
      ),
    );
  }

  heartbeat(taskToken: string): Promise<CallbackOutcome> {
    return this.#send('SendTaskHeartbeat', () =>
      this.#client.send(new SendTaskHeartbeatCommand({ taskToken })),
    );
  }

  async #send(operation: string, call: () => Promise<unknown>): Promise<CallbackOutcome> {
    try {
      await call();
      return 'sent';
    } catch (error) {
      const err = error instanceof Error ? error : new Error(String(error));
      if (CLOSED.has(err.name)) return 'closed';
      const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode ?? 0;
      if (err.name === 'ThrottlingException' || status >= 500)
        throw new TransientError(`${operation}: ${err.name}: ${err.message}`, { cause: err });
      throw err;
    }
  }
}
