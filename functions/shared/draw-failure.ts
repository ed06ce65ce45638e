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
 * - no error body of ours (the container crashed or was killed, the endpoint answered a bare 5xx,
 *   the body is not JSON): `SamplerFaultError` with SageMaker's failure reason, retried once like
 *   a crash, because a crash is what it most likely was; unless the reason itself says the
 *   request was at fault (`clientFaultIn`: an HTTP 4xx status, or "client error" in SageMaker's
 *   words), which is `DrawFailedError`, not retried (the same request would fail again).
 *
 * SageMaker prefixes every model failure with `ClientError:` (a client of SageMaker's API, from
 * its point of view), "Received server error (500) from model" included: that prefix alone says
 * nothing about whose fault it was, the model's status does.
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

/** Step Functions' error for a failure without our body that the request itself caused. */
export const DRAW_FAILED_ERROR = 'DrawFailedError';

/** Statuses of the container's own faults (its 503 and 504 are worded conditions, not faults). */
const FAULT_STATUSES: ReadonlySet<number> = new Set([500, 502]);

/** An HTTP status in a failure reason: `(422)`, `HTTP 404`, `status 400`, `status code 413`. */
const REASON_STATUS = /(?:\(|\bHTTP\s+|\bstatus(?:\s+code)?\s*:?\s*)([1-5]\d\d)\b/i;

/** SageMaker's wording for a 4xx answer of the model: "Received client error (400) from …". */
const CLIENT_ERROR_WORDS = /\bclient error\b/i;

/**
 * True when a failure reason (SageMaker's `failureReason`, or the local client's "the sampler
 * answered HTTP 4xx") says the request was at fault: a 4xx status, or "client error". A 5xx, no
 * status and no reason at all are not client faults.
 */
export function clientFaultIn(reason: string | undefined): boolean {
  if (!reason) return false;
  const status = REASON_STATUS.exec(reason)?.[1];
  if (status) return status.startsWith('4');
  return CLIENT_ERROR_WORDS.test(reason);
}

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
  const cause = reason || 'the sampler failed without giving a reason';
  if (clientFaultIn(reason)) return { error: DRAW_FAILED_ERROR, cause };
  return { error: SAMPLER_FAULT_ERROR, cause: `the sampler failed without an error body: ${cause}` };
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
