/**
 * Maps any error to an HTTP status and a DrawErrorBody. The caller's faults are 4xx and name the
 * field: the request itself (400, 413), its S3 objects (404, 403, 413) and their contents (422:
 * a portrait without a usable face, undecodable audio, an invalid plan). Everything else is ours:
 * 5xx, with a generic message (the details go to the log only).
 */
import type { DrawErrorBody, FieldIssue } from '../../../../core/contracts/draw-request.js';
import { PlanError } from '../../../../core/plan/errors.js';
import { AudioDecoderError, AudioError } from '../../../../core/speech/errors.js';
import { FaceModelError, PortraitError } from '../face/errors.js';
import {
  ObjectAccessError,
  ObjectNotFoundError,
  ObjectTooLargeError,
  S3UriError,
  StorageError,
} from '../storage/errors.js';
import { RequestValidationError, SamplerServerError } from './errors.js';

export interface ErrorResponse {
  readonly status: number;
  readonly body: DrawErrorBody;
  /**
   * A fault of ours (5xx with a hidden message), logged as an error with its stack. The 5xx
   * conditions this server words itself (loading, busy, shutting down, timed out) are not faults.
   */
  readonly fault: boolean;
}

interface Classified {
  readonly status: number;
  readonly expose: boolean;
  readonly field?: string;
  readonly issues?: readonly FieldIssue[];
}

const STORAGE_CLIENT_STATUS = new Map<new (...args: never[]) => StorageError, number>([
  [ObjectNotFoundError, 404],
  [ObjectAccessError, 403],
  [ObjectTooLargeError, 413],
  [S3UriError, 400],
]);

function classify(error: unknown): Classified {
  if (error instanceof RequestValidationError) {
    return { status: error.status, expose: true, field: error.field, issues: error.issues };
  }
  if (error instanceof SamplerServerError)
    return { status: error.status, expose: error.expose, field: error.field };
  if (error instanceof StorageError) {
    for (const [type, status] of STORAGE_CLIENT_STATUS) {
      if (error instanceof type) return { status, expose: true, field: error.label };
    }
    return { status: 502, expose: false };
  }
  if (error instanceof AudioError && !(error instanceof AudioDecoderError)) {
    return { status: 422, expose: true, field: 'audio' };
  }
  if (error instanceof PortraitError && !(error instanceof FaceModelError)) {
    return { status: 422, expose: true, field: 'portrait' };
  }
  if (error instanceof PlanError) return { status: 422, expose: true, field: 'plan' };
  return { status: 500, expose: false };
}

export function toErrorResponse(error: unknown, jobId?: string): ErrorResponse {
  const { status, expose, field, issues } = classify(error);
  const name = error instanceof Error ? error.name : 'Error';
  const message = expose
    ? (error as Error).message
    : `internal error (${name})${jobId ? ` in job ${jobId}` : ''}; the details are in the sampler's log`;
  return {
    status,
    fault: status >= 500 && !expose,
    body: {
      error: {
        name,
        message,
        status,
        ...(field ? { field } : {}),
        ...(issues ? { issues: [...issues] } : {}),
        ...(jobId ? { jobId } : {}),
      },
    },
  };
}
