/**
 * How a failed draw is reported to Step Functions, the same way in AWS (draw-callback, from the
 * SageMaker failure notification and the container's error body) and locally (the local stack's
 * synchronous call to the sampler server): an error name the definition's Retry/Catch match on,
 * and a cause.
 *
 * - a DrawErrorBody from the container: its `error.name` (NoFaceError, RequestValidationError,
 *   JobTimeoutError, ...), except
 *   - the "try again later" 503s (busy, loading, draining) and the sampler's failed S3 reads and
 *     writes (ObjectReadError, ObjectWriteError: throttling, 5xx, a dropped connection; its
 *     partial outputs are rolled back), which become `TransientError`, retried by the Draw state;
 *   - its own faults (HTTP 500, and 502 for other storage failures: a crash of the Draw pipeline,
 *     an unexpected error), which become `SamplerFaultError`, retried once: a crash may not
 *     happen again, a bug will, and a GPU run is not cheap;
 * - no readable body: `DrawFailedError` with SageMaker's failure reason.
 */
import { DrawErrorBodySchema, type DrawResult, DrawResultSchema } from '../../core/contracts/draw-request.js';
import { formatFieldIssues, toFieldIssues } from '../../core/jobs/field-issues.js';

/** Container errors that a later attempt may not meet. */
export const RETRYABLE_DRAW_ERRORS: ReadonlySet<string> = new Set([
  'ServerBusyError',
  'ServerNotReadyError',
  'ServerDrainingError',
  'ObjectReadError',
  'ObjectWriteError',
]);

/** Step Functions' error for a fault inside the sampler (see the module comment). */
export const SAMPLER_FAULT_ERROR = 'SamplerFaultError';

/** Statuses of the container's own faults (its 503 and 504 are worded conditions, not faults). */
const FAULT_STATUSES: ReadonlySet<number> = new Set([500, 502]);

export interface DrawFailure {
  /** Step Functions' `Error`. */
  readonly error: string;
  /** Step Functions' `Cause`: a readable message. */
  readonly cause: string;
}

export function drawFailure(body: unknown, reason?: string): DrawFailure {
  const parsed = DrawErrorBodySchema.safeParse(body);
  if (parsed.success) {
    const { name, message, status } = parsed.data.error;
    if (RETRYABLE_DRAW_ERRORS.has(name)) return { error: 'TransientError', cause: `${name}: ${message}` };
    if (FAULT_STATUSES.has(status))
      return { error: SAMPLER_FAULT_ERROR, cause: `the sampler failed (HTTP ${status}): ${message}` };
    return { error: name, cause: message };
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
