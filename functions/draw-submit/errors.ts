/**
 * Errors of the draw-submit function.
 *
 * - `DrawSubmitError`       base
 *   - `DrawEventError`      the state's payload is not a draw-submit event (lists the fields)
 *   - `InferenceError`      SageMaker refused the request (not transient: configuration, validation)
 */
import type { FieldIssue } from '../../core/contracts/draw-request.js';
import { formatFieldIssues } from '../../core/jobs/field-issues.js';

export class DrawSubmitError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DrawSubmitError';
  }
}

export class DrawEventError extends DrawSubmitError {
  readonly issues: readonly FieldIssue[];

  constructor(issues: readonly FieldIssue[], options?: ErrorOptions) {
    super(`invalid draw-submit event: ${formatFieldIssues(issues)}`, options);
    this.name = 'DrawEventError';
    this.issues = issues;
  }
}

export class InferenceError extends DrawSubmitError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'InferenceError';
  }
}
