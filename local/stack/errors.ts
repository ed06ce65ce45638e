/**
 * Errors of the local stack (`tbd serve`).
 *
 * - `LocalStackError`        base
 *   - `DataDirLockedError`   another `tbd serve` uses the data directory
 *   - `StackStoppingError`   the stack is stopping: no new execution starts (the job is resumed
 *                            on the next start, see recover-jobs.ts)
 *   - `SamplerCallError`     the in-process call to the sampler was cut off by the stack itself
 *
 * `JOB_NOT_RESUMABLE` is not thrown: it is the `error.name` recovery records for a job it cannot
 * resume.
 */

export class LocalStackError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'LocalStackError';
  }
}

export class DataDirLockedError extends LocalStackError {
  readonly pid: number;

  constructor(dataDir: string, pid: number, options?: ErrorOptions) {
    super(
      `${dataDir} is in use by another tbd serve (pid ${pid}); stop it or pass another --data-dir`,
      options,
    );
    this.name = 'DataDirLockedError';
    this.pid = pid;
  }
}

export class StackStoppingError extends LocalStackError {
  constructor(detail: string, options?: ErrorOptions) {
    super(`the local stack is stopping: ${detail}`, options);
    this.name = 'StackStoppingError';
  }
}

export class SamplerCallError extends LocalStackError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SamplerCallError';
  }
}

/** `error.name` of a job that recovery marks failed instead of resuming it. */
export const JOB_NOT_RESUMABLE = 'JobNotResumableError';
