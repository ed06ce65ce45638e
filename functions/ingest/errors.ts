/**
 * Errors of the ingest function. A refused job never throws out of the handler: these end in
 * `outgoing/<name>/error.json` and a failed status, with the message below.
 *
 * - `IngestError`           base
 *   - `IngestEventError`    the invocation is neither an S3 event nor `{ bucket?, key }`
 *   - `ManifestError`       job.json is not JSON or not a valid manifest (lists the fields)
 *   - `MediaNotFoundError`  the manifest names a medium that does not exist
 *   - `MediaTypeError`      a medium's magic bytes are not an accepted type (or it is empty)
 *   - `MediaSizeError`      a medium is larger than accepted
 *   - `StarterError`        the state machine refused to start (not transient)
 */
import type { FieldIssue } from '../../core/contracts/draw-request.js';
import { formatFieldIssues } from '../../core/jobs/field-issues.js';

export type MediaField = 'portrait' | 'audio';

export class IngestError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'IngestError';
  }
}

export class IngestEventError extends IngestError {
  constructor(detail: string, options?: ErrorOptions) {
    super(
      `unrecognized ingest event: ${detail}; expected an S3 ObjectCreated event or { bucket?, key }`,
      options,
    );
    this.name = 'IngestEventError';
  }
}

export class ManifestError extends IngestError {
  readonly key: string;
  readonly issues: readonly FieldIssue[];

  constructor(key: string, issues: readonly FieldIssue[], options?: ErrorOptions) {
    super(`invalid job manifest ${key}: ${formatFieldIssues(issues)}`, options);
    this.name = 'ManifestError';
    this.key = key;
    this.issues = issues;
  }
}

export class MediaNotFoundError extends IngestError {
  readonly field: MediaField;
  readonly key: string;

  constructor(field: MediaField, key: string, options?: ErrorOptions) {
    super(`${field}: no object at ${key} (keys in job.json are relative to the job folder)`, options);
    this.name = 'MediaNotFoundError';
    this.field = field;
    this.key = key;
  }
}

export class MediaTypeError extends IngestError {
  readonly field: MediaField;
  readonly key: string;

  constructor(field: MediaField, key: string, detail: string, options?: ErrorOptions) {
    super(`${field}: ${key} ${detail}`, options);
    this.name = 'MediaTypeError';
    this.field = field;
    this.key = key;
  }
}

export class MediaSizeError extends IngestError {
  readonly field: MediaField;
  readonly key: string;

  constructor(field: MediaField, key: string, size: number, limit: number, options?: ErrorOptions) {
    super(`${field}: ${key} is ${size} bytes, over the ${limit}-byte limit`, options);
    this.name = 'MediaSizeError';
    this.field = field;
    this.key = key;
  }
}

export class StarterError extends IngestError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'StarterError';
  }
}
