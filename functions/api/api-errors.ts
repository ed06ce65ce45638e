/**
 * Errors of the `/v1` API, each with its HTTP status. The body of every error response is
 * `{ error: { name, message, status, field?, issues? } }` (core/contracts/api.ts ApiErrorBody).
 * Messages are shown below 500 only; a 5xx carries a fixed sentence and the details stay in the
 * logs.
 *
 * - `ApiError`                    base (status, field?, issues?)
 *   - `RequestValidationError`    400 the body or the query does not match the schema (lists the fields)
 *   - `MalformedJsonError`        400 the body is not JSON
 *   - `MissingApiKeyError`        401 no `x-api-key` header (local server; API Gateway answers 403)
 *   - `InvalidApiKeyError`        403 the key is unknown, or names no tenant
 *   - `JobNotFoundError`          404 no such job for this tenant (another tenant's job included)
 *   - `RouteNotFoundError`        404 / 405 no such endpoint or method (local server)
 *   - `UploadMissingError`        409 start before a medium was uploaded
 *   - `UploadTooLargeError`       413 an uploaded medium is larger than declared
 *   - `RequestTooLargeError`      413 the request body is over the limit (local server)
 *   - `UnsupportedMediaTypeError` 415 the body is not `application/json`
 *   - `UnusableInputError`        422 well-formed, but its content cannot be used (a portrait without
 *                                 a face); named after the domain's error, e.g. `NoFaceError`
 *   - `NotImplementedError`       501 the deployment has no such capability (POST /v1/preview in Lambda)
 *   - `ServiceUnavailableError`   503 a dependency (storage, the reasoner) is down: try again
 *   - `UpstreamError`             502 a dependency answered nonsense (the reasoner's plan)
 *
 * `toApiError` maps the domain's own errors (core/plan, functions/think, functions/shared) onto
 * these; anything else is a 500 with no detail.
 */
import { createError } from '@middy/util';
import type { ApiErrorBody } from '../../core/contracts/api.js';
import type { FieldIssue } from '../../core/contracts/draw-request.js';
import { formatFieldIssues } from '../../core/jobs/field-issues.js';
import { EmotionTextError, PlanError } from '../../core/plan/errors.js';
import { TransientError } from '../shared/pipeline-errors.js';
import { BedrockOutputError, BedrockUnavailableError } from '../think/errors.js';

export class ApiError extends Error {
  readonly status: number;
  readonly field: string | undefined;
  readonly issues: readonly FieldIssue[] | undefined;

  constructor(
    status: number,
    message: string,
    options: ErrorOptions & { field?: string; issues?: readonly FieldIssue[] } = {},
  ) {
    super(message, options);
    this.name = 'ApiError';
    this.status = status;
    this.field = options.field;
    this.issues = options.issues;
  }
}

/** Where an invalid value was: the body, the query string or the path. */
export type RequestPart = 'body' | 'query' | 'path';

export class RequestValidationError extends ApiError {
  constructor(part: RequestPart, issues: readonly FieldIssue[], options?: ErrorOptions) {
    super(400, `invalid request ${part}: ${formatFieldIssues(issues)}`, {
      ...options,
      field: issues[0]?.path || undefined,
      issues,
    });
    this.name = 'RequestValidationError';
  }
}

export class MalformedJsonError extends ApiError {
  constructor(detail: string, options?: ErrorOptions) {
    super(400, `the request body is not valid JSON (${detail}); send a JSON object`, options);
    this.name = 'MalformedJsonError';
  }
}

export class MissingApiKeyError extends ApiError {
  constructor() {
    super(401, 'no API key: send it in the x-api-key header');
    this.name = 'MissingApiKeyError';
  }
}

export class InvalidApiKeyError extends ApiError {
  constructor(detail = 'the API key is not valid') {
    super(403, `${detail}; send a valid key in the x-api-key header`);
    this.name = 'InvalidApiKeyError';
  }
}

export class JobNotFoundError extends ApiError {
  constructor(id: string) {
    super(404, `no job ${JSON.stringify(id)} (job ids are those POST /v1/jobs returned to this API key)`);
    this.name = 'JobNotFoundError';
  }
}

export class RouteNotFoundError extends ApiError {
  readonly allow: readonly string[];

  constructor(method: string, path: string, allow: readonly string[] = []) {
    super(
      allow.length > 0 ? 405 : 404,
      allow.length > 0
        ? `${method} ${path} is not allowed; use ${allow.join(' or ')}`
        : `no endpoint ${method} ${path}; see /v1/openapi.json`,
    );
    this.name = 'RouteNotFoundError';
    this.allow = allow;
  }
}

export type MediaField = 'portrait' | 'audio';

export class UploadMissingError extends ApiError {
  constructor(field: MediaField) {
    super(
      409,
      `${field}: not uploaded yet; POST it with uploads.${field} of POST /v1/jobs, then start the job`,
      { field },
    );
    this.name = 'UploadMissingError';
  }
}

export class UploadTooLargeError extends ApiError {
  constructor(field: MediaField, size: number, declared: number) {
    super(413, `${field}: the upload is ${size} bytes, more than the ${declared} bytes declared`, {
      field,
    });
    this.name = 'UploadTooLargeError';
  }
}

export class RequestTooLargeError extends ApiError {
  constructor(limit: number) {
    super(413, `the request body is over the ${limit}-byte limit`);
    this.name = 'RequestTooLargeError';
  }
}

export class UnsupportedMediaTypeError extends ApiError {
  constructor(got: string | undefined) {
    super(415, `the body must be application/json, got ${got ? JSON.stringify(got) : 'no Content-Type'}`);
    this.name = 'UnsupportedMediaTypeError';
  }
}

/** Valid input whose content is unusable; `name` is the domain error's (e.g. "NoFaceError"). */
export class UnusableInputError extends ApiError {
  constructor(field: string, cause: Error) {
    super(422, cause.message, { field, cause });
    this.name = cause.name;
  }
}

export class NotImplementedError extends ApiError {
  constructor(what: string) {
    super(501, `${what} is not available in this deployment`);
    this.name = 'NotImplementedError';
  }
}

export class ServiceUnavailableError extends ApiError {
  constructor(what: string, options?: ErrorOptions) {
    super(503, `${what} is unavailable right now; try again shortly`, options);
    this.name = 'ServiceUnavailableError';
  }
}

export class UpstreamError extends ApiError {
  constructor(what: string, options?: ErrorOptions) {
    super(502, `${what} gave an unusable answer; try again, or choose another reasoner`, options);
    this.name = 'UpstreamError';
  }
}

/** The response body of an error. */
export function errorBody(error: ApiError): ApiErrorBody {
  return {
    error: {
      name: error.name,
      message: error.message,
      status: error.status,
      ...(error.field ? { field: error.field } : {}),
      ...(error.issues && error.issues.length > 0 ? { issues: [...error.issues] } : {}),
    },
  };
}

/** The body of a 500: nothing about the cause. */
export const INTERNAL_ERROR_BODY: ApiErrorBody = {
  error: { name: 'InternalError', message: 'internal error', status: 500 },
};

/** The domain's errors as API errors; undefined for an unexpected error (a 500). */
export function toApiError(error: unknown): ApiError | undefined {
  if (error instanceof ApiError) return error;
  if (error instanceof EmotionTextError)
    return new RequestValidationError('body', [{ path: 'emotion', message: error.message }], {
      cause: error,
    });
  if (error instanceof PlanError)
    return new RequestValidationError('body', [{ path: '', message: error.message }], { cause: error });
  if (error instanceof BedrockUnavailableError)
    return new ServiceUnavailableError('the reasoner', { cause: error });
  if (error instanceof BedrockOutputError) return new UpstreamError('the reasoner', { cause: error });
  if (error instanceof TransientError) return new ServiceUnavailableError('the storage', { cause: error });
  return undefined;
}

/**
 * An error as middy's HttpError whose message is the JSON body, so that http-error-handler (the
 * last middleware) answers with it as it is. 5xx bodies are fixed sentences (the ApiError's own
 * message never names internals); unexpected errors are left to http-error-handler's fallback.
 */
export function toHttpError(error: unknown): unknown {
  const api = toApiError(error);
  if (!api) return error;
  const headers: Record<string, string> =
    api instanceof RouteNotFoundError && api.allow.length > 0 ? { Allow: api.allow.join(', ') } : {};
  return createError(api.status, JSON.stringify(errorBody(api)), {
    expose: true,
    cause: error,
    headers,
    apiErrorName: api.name,
  });
}
