/**
 * Errors of the draw-callback function.
 *
 * - `DrawCallbackError`     base
 *   - `NotificationError`   the invocation is not an SNS event of SageMaker async notifications
 */
import type { FieldIssue } from '../../core/contracts/draw-request.js';
import { formatFieldIssues } from '../../core/jobs/field-issues.js';

export class DrawCallbackError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DrawCallbackError';
  }
}

export class NotificationError extends DrawCallbackError {
  readonly issues: readonly FieldIssue[];

  constructor(issues: readonly FieldIssue[], options?: ErrorOptions) {
    super(`not a SageMaker async inference notification: ${formatFieldIssues(issues)}`, options);
    this.name = 'NotificationError';
    this.issues = issues;
  }
}
