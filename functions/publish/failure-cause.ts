/**
 * A readable `{ name, message }` from Step Functions' error output `{ Error, Cause }`:
 * - a Lambda task's Cause is JSON `{ errorType, errorMessage, trace }`: the message is kept, the
 *   stack trace never leaves (it stays in the function's logs);
 * - SendTaskFailure's cause (draw-callback) and local runs give the message as is;
 * - States.* errors often come without a cause: a sentence explains them.
 */
import type { JobError } from '../../core/contracts/job-status.js';
import { boundMessage } from '../../core/jobs/job-error-record.js';
import type { StatesError } from './publish-event.js';

const STATES_MESSAGES: Readonly<Record<string, string>> = {
  'States.Timeout': 'the stage ran past its time limit',
  'States.HeartbeatTimeout': 'the sampler stopped reporting progress (no heartbeat)',
  'States.TaskFailed': 'a task of the pipeline failed',
  'States.Permissions': 'the pipeline lacks a permission it needs',
  'States.DataLimitExceeded': 'a stage produced more data than Step Functions can pass on',
  'States.Runtime': 'the state machine could not process a stage result',
};

function lambdaMessage(cause: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(cause);
    if (parsed && typeof parsed === 'object' && 'errorMessage' in parsed) {
      const message = (parsed as { errorMessage: unknown }).errorMessage;
      if (typeof message === 'string') return message;
    }
  } catch {
    // not JSON: the cause is the message
  }
  return undefined;
}

export function describeFailure(error: StatesError): Pick<JobError, 'name' | 'message'> {
  const name = error.Error || 'UnknownError';
  const cause = (error.Cause ?? '').trim();
  const message =
    (cause && (lambdaMessage(cause) ?? cause)) || STATES_MESSAGES[name] || `the job failed with ${name}`;
  return { name, message: boundMessage(message) };
}
