/**
 * Named errors of the sampler server. Each carries the HTTP status it maps to; `expose` says
 * whether its message may be shown to the caller (always below 500; above only for messages
 * written here, which never contain internals).
 *
 * - `SamplerServerError`       base of everything below
 *   - `RequestBodyError`       400 the body is not JSON
 *   - `RequestValidationError` 400 the JSON is not a DrawRequest (lists the fields)
 *   - `RequestTooLargeError`   413 the body is over the size limit
 *   - `RouteError`             404 / 405 no such endpoint or method
 *   - `ServerNotReadyError`    503 the models are still loading (or failed to load)
 *   - `ServerBusyError`        503 the queue is full
 *   - `ServerDrainingError`    503 the server is shutting down (queued or aborted jobs too)
 *   - `JobTimeoutError`        504 the request ran past its time limit
 *   - `CallerGoneError`        (499, never sent) the caller hung up; the job is abandoned
 *   - `RunnerOutputError`      500 the pipeline's result breaks the DrawResult contract
 *   - `ServerConfigError`      an environment variable is invalid (at start, never over HTTP)
 */
import type { FieldIssue } from '../../../../core/contracts/draw-request.js';

export class SamplerServerError extends Error {
  readonly status: number;
  readonly expose: boolean;
  /** The request field at fault, for 4xx. */
  readonly field: string | undefined;

  constructor(
    message: string,
    status: number,
    options?: { cause?: unknown; expose?: boolean; field?: string },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SamplerServerError';
    this.status = status;
    this.expose = options?.expose ?? status < 500;
    this.field = options?.field;
  }
}

export class RequestBodyError extends SamplerServerError {
  constructor(detail: string, options?: { cause?: unknown }) {
    super(`request body is not valid JSON (${detail}); send a DrawRequest as application/json`, 400, options);
    this.name = 'RequestBodyError';
  }
}

export class RequestValidationError extends SamplerServerError {
  readonly issues: readonly FieldIssue[];

  constructor(issues: readonly FieldIssue[], options?: { cause?: unknown }) {
    const list = issues.map((i) => `${i.path || '(body)'}: ${i.message}`).join('; ');
    super(`invalid DrawRequest: ${list}`, 400, { ...options, field: issues[0]?.path || undefined });
    this.name = 'RequestValidationError';
    this.issues = issues;
  }
}

export class RequestTooLargeError extends SamplerServerError {
  constructor(bytes: number | undefined, limitBytes: number) {
    const size = bytes === undefined ? 'over' : `${bytes} bytes, over`;
    super(
      `request body is ${size} the ${limitBytes}-byte limit (TBD_MAX_BODY_BYTES); ` +
        'pass the portrait, audio and plan as S3 URIs, not inline',
      413,
    );
    this.name = 'RequestTooLargeError';
  }
}

export class RouteError extends SamplerServerError {
  /** For 405: the methods the path accepts. */
  readonly allow: readonly string[];

  constructor(method: string, path: string, allow: readonly string[] = []) {
    super(
      allow.length > 0
        ? `${method} is not allowed on ${path}; use ${allow.join(' or ')}`
        : `no endpoint ${path}; the sampler serves GET /ping and POST /invocations`,
      allow.length > 0 ? 405 : 404,
    );
    this.name = 'RouteError';
    this.allow = allow;
  }
}

export class ServerNotReadyError extends SamplerServerError {
  constructor(failed = false) {
    super(
      failed
        ? 'the sampler could not load its models; see its log'
        : 'the sampler is still loading its models; retry when GET /ping returns 200',
      503,
      { expose: true },
    );
    this.name = 'ServerNotReadyError';
  }
}

export class ServerBusyError extends SamplerServerError {
  constructor(running: number, queued: number) {
    super(
      `the sampler is busy: ${running} job(s) running and ${queued} queued (the TBD_MAX_QUEUE limit); retry later`,
      503,
      { expose: true },
    );
    this.name = 'ServerBusyError';
  }
}

export class ServerDrainingError extends SamplerServerError {
  constructor(detail = 'not accepting new jobs') {
    super(`the sampler is shutting down: ${detail}; nothing was written, retry on another instance`, 503, {
      expose: true,
    });
    this.name = 'ServerDrainingError';
  }
}

export class JobTimeoutError extends SamplerServerError {
  readonly limitMs: number;

  constructor(jobId: string, limitMs: number, stage: string) {
    super(
      `job ${jobId} timed out after ${formatDuration(limitMs)} (TBD_REQUEST_TIMEOUT_SEC) during stage ` +
        `"${stage}"; nothing was written`,
      504,
      { expose: true },
    );
    this.name = 'JobTimeoutError';
    this.limitMs = limitMs;
  }
}

export class CallerGoneError extends SamplerServerError {
  constructor(jobId: string) {
    super(`the caller closed the connection; job ${jobId} abandoned, nothing was written`, 499);
    this.name = 'CallerGoneError';
  }
}

export class RunnerOutputError extends SamplerServerError {
  constructor(detail: string) {
    super(`the Draw pipeline returned a result that breaks the DrawResult contract: ${detail}`, 500);
    this.name = 'RunnerOutputError';
  }
}

export class ServerConfigError extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`invalid sampler configuration: ${problems.join('; ')}`);
    this.name = 'ServerConfigError';
    this.problems = problems;
  }
}

/** "900 s", or "250 ms" below a second. */
export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${Math.round(ms / 1000)} s`;
}
