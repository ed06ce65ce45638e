/**
 * Errors of the publish function. None is transient: they end the job on the failure path.
 *
 * - `PublishError`          base
 *   - `PublishEventError`   the state's payload is not a publish (or publish-failure) event
 *   - `OutputLocationError` a draw output lies outside the job's work folder or bucket
 *   - `MissingOutputError`  a draw output (video, preview) or the plan does not exist
 *   - `Mp4CheckError`       the video is not a complete MP4 of the expected duration
 */
import type { FieldIssue } from '../../core/contracts/draw-request.js';
import { formatFieldIssues } from '../../core/jobs/field-issues.js';

export class PublishError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'PublishError';
  }
}

export class PublishEventError extends PublishError {
  readonly issues: readonly FieldIssue[];

  constructor(what: string, issues: readonly FieldIssue[], options?: ErrorOptions) {
    super(`invalid ${what} event: ${formatFieldIssues(issues)}`, options);
    this.name = 'PublishEventError';
    this.issues = issues;
  }
}

export class OutputLocationError extends PublishError {
  constructor(uri: string, expected: string) {
    super(`draw output ${uri} is not under ${expected}`);
    this.name = 'OutputLocationError';
  }
}

export class MissingOutputError extends PublishError {
  constructor(what: string, key: string) {
    super(`the ${what} is missing: no object at ${key}`);
    this.name = 'MissingOutputError';
  }
}

export class Mp4CheckError extends PublishError {
  constructor(key: string, problem: string, options?: ErrorOptions) {
    super(`${key} is not a valid video: ${problem}`, options);
    this.name = 'Mp4CheckError';
  }
}
