/**
 * Errors of the local stack (`tbd serve`).
 *
 * - `LocalStackError`        base
 *   - `DataDirLockedError`   another `tbd serve` uses the data directory
 *   - `StackStoppingError`   the stack is stopping: no new execution starts (the job is resumed
 *                            on the next start, see recover-jobs.ts)
 *   - `SamplerCallError`     the in-process call to the sampler was cut off by the stack itself
 *
 * `TaskFailure` is not one of them: it carries a task's error into aws-local-stepfunctions under
 * the error's own name (see its comment).
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

/**
 * A Task handler's error as aws-local-stepfunctions should see it: the same `name` (what Retry and
 * Catch match) and `message`, and as `cause` the Cause Step Functions records for a failed Lambda,
 * `{"errorType","errorMessage"}`. That library records `error.cause ?? error.message` as the
 * Cause of a failed state, so an error that wraps another (a TransientError around the SDK's
 * error) would otherwise show the inner object instead of its own message. `original` keeps it.
 */
export class TaskFailure extends Error {
  readonly original: unknown;

  constructor(original: unknown) {
    const name = original instanceof Error ? original.name : 'Error';
    const message = original instanceof Error ? original.message : String(original);
    super(message, { cause: JSON.stringify({ errorType: name, errorMessage: message }) });
    this.name = name;
    this.original = original;
  }
}
