/**
 * Errors of the jobs domain. Step Functions Retry/Catch match on `name`, so each subclass sets it.
 *
 * - `JobsError`              base
 *   - `JobKeyError`          a key does not follow the storage layout (or escapes its folder)
 *   - `StatusTransitionError` a status update would leave a terminal stage for another one
 */
import type { JobStage } from '../contracts/job-status.js';

export class JobsError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'JobsError';
  }
}

export class JobKeyError extends JobsError {
  readonly key: string;

  constructor(key: string, problem: string, options?: ErrorOptions) {
    super(`${JSON.stringify(key)} ${problem}`, options);
    this.name = 'JobKeyError';
    this.key = key;
  }
}

export class StatusTransitionError extends JobsError {
  readonly from: JobStage;
  readonly to: JobStage;

  constructor(jobId: string, from: JobStage, to: JobStage) {
    super(`job ${jobId} is already ${from}; it cannot become ${to}`);
    this.name = 'StatusTransitionError';
    this.from = from;
    this.to = to;
  }
}
