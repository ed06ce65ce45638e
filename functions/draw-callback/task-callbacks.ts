/**
 * The port that answers a waiting Step Functions task. Each call resolves `'sent'`, or `'closed'`
 * when the task no longer waits (timed out, already answered, unknown token): nothing more can
 * be done for it, and repeating the notification must not fail.
 */

export type CallbackOutcome = 'sent' | 'closed';

export interface TaskCallbacks {
  success(taskToken: string, output: unknown): Promise<CallbackOutcome>;
  /** `error` is what the state's Retry/Catch match on; `cause` a readable message. */
  failure(taskToken: string, error: string, cause: string): Promise<CallbackOutcome>;
  heartbeat(taskToken: string): Promise<CallbackOutcome>;
}
