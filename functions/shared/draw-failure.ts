/**
 * How a failed draw is reported to Step Functions, the same way in AWS (draw-callback, from the
 * SageMaker failure notification and the container's error body) and locally (the local stack's
 * synchronous call to the sampler server): an error name the definition's Retry/Catch match on,
 * and a cause.
 *
 * - a DrawErrorBody from the container: its `error.name` (NoFaceError, RequestValidationError,
 *   JobTimeoutError, ...), except the "try again later" 503s (busy, loading, draining), which
 *   become `TransientError` so the Draw state retries them;
 * - no readable body: `DrawFailedError` with SageMaker's failure reason.
 */
import { DrawErrorBodySchema, type DrawResult, DrawResultSchema } from '../../core/contracts/draw-request.js';
import { formatFieldIssues, toFieldIssues } from '../../core/jobs/field-issues.js';

/** Container errors that a later attempt may not meet. */
export const RETRYABLE_DRAW_ERRORS: ReadonlySet<string> = new Set([
  'ServerBusyError',
  'ServerNotReadyError',
  'ServerDrainingError',
]);

export interface DrawFailure {
  /** Step Functions' `Error`. */
  readonly error: string;
  /** Step Functions' `Cause`: a readable message. */
  readonly cause: string;
}

export function drawFailure(body: unknown, reason?: string): DrawFailure {
  const parsed = DrawErrorBodySchema.safeParse(body);
  if (parsed.success) {
    const { name, message } = parsed.data.error;
    return RETRYABLE_DRAW_ERRORS.has(name)
      ? { error: 'TransientError', cause: `${name}: ${message}` }
      : { error: name, cause: message };
  }
  return { error: 'DrawFailedError', cause: reason || 'the sampler failed without giving a reason' };
}

/** A draw failure as a thrown error whose `name` is what Step Functions matches (local runs). */
export class RemoteDrawError extends Error {
  constructor(failure: DrawFailure, options?: ErrorOptions) {
    super(failure.cause, options);
    this.name = failure.error;
  }
}

/** The sampler's answer (or the async output) is not a DrawResult. Not retried. */
export class DrawResultError extends Error {
  constructor(detail: string, options?: ErrorOptions) {
    super(`the sampler's answer is not a DrawResult: ${detail}`, options);
    this.name = 'DrawResultError';
  }
}

/** Parses a DrawResult (an object, or JSON bytes); throws DrawResultError naming the fields. */
export function parseDrawResult(value: unknown): DrawResult {
  let json = value;
  if (value instanceof Uint8Array) {
    try {
      json = JSON.parse(new TextDecoder().decode(value));
    } catch (error) {
      throw new DrawResultError('not JSON', { cause: error });
    }
  }
  const result = DrawResultSchema.safeParse(json);
  if (!result.success)
    throw new DrawResultError(formatFieldIssues(toFieldIssues(result.error)), { cause: result.error });
  return result.data;
}
