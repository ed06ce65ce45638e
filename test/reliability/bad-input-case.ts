/**
 * One row of the bad-input catalogue (bad-inputs.catalogue.ts) and what it expects on each path:
 *
 *   file drop   the media and `job.json` uploaded under `incoming/<folder>/` with an S3 client;
 *               the outcome is `outgoing/<folder>/error.json` | `result.json` and the status record
 *   API         `POST /v1/jobs`, the presigned POSTs, `POST /v1/jobs/{id}/start`, `GET /v1/jobs/{id}`
 *               (and `POST /v1/think` for the texts); the outcome is a 4xx answer, an S3 refusal
 *               of an upload, or the job's stage and error
 *
 * The job document is shared: `job.json` and the body of `POST /v1/jobs` have the same field
 * names (`emotion`, `options`, `portrait`, `audio`; the media are file names in one and
 * `{ contentType, size }` in the other), so one `edit` of it serves both paths.
 */
import type { AudioContentType, PortraitContentType } from '../../core/contracts/api.js';
import type { JobStage } from '../../core/contracts/job-status.js';
import type { Medium, portraits, speech } from './bad-media.js';

export type PortraitName = keyof typeof portraits;
export type SpeechName = keyof typeof speech;
export type MediaField = 'portrait' | 'audio';

/** The job ends `failed`: error.json / the job's `error`, with its name, stage and message. */
export interface Failed {
  readonly kind: 'failed';
  readonly error: string;
  readonly stage: Exclude<JobStage, 'succeeded' | 'failed'>;
  /** Each must match the message: the field or file, what was wrong, what is accepted. */
  readonly says: readonly RegExp[];
}

/**
 * The input is odd but usable (the README accepts it): the job succeeds, whole, and its plan holds
 * catalogue AUs only.
 */
export interface Succeeded {
  readonly kind: 'succeeded';
  /** The plan must hold at least one AU (the text names an emotion). */
  readonly withActionUnits?: boolean;
}

/** The API answers a request with a 4xx error body; no job runs. */
export interface Refused {
  readonly kind: 'refused';
  /** Which request is refused: the creation, the start, or the case's own `request`. */
  readonly at: 'create' | 'start' | 'request';
  readonly status: number;
  readonly error: string;
  /** The error body's `field`, when it names one. */
  readonly field?: string;
  readonly says: readonly RegExp[];
}

/** The S3 API refuses a presigned upload (XML error); start then answers 409 for that medium. */
export interface UploadRefused {
  readonly kind: 'upload-refused';
  readonly medium: MediaField;
  readonly status: number;
  /** S3's `<Code>`, e.g. AccessDenied. */
  readonly code: string;
}

export type Outcome = Failed | Succeeded | Refused | UploadRefused;

/** A document sent as these bytes rather than as the JSON of an object. */
export interface RawDocument {
  readonly raw: Uint8Array;
}

export type JobDocument = Record<string, unknown>;
/** Turns the default document into the one sent: an object (sent as JSON) or raw bytes. */
export type DocumentEdit = (document: JobDocument) => JobDocument | RawDocument;

/** What the case does besides uploading and starting. */
export type Scenario =
  /** The same job.json (API: the same start) arrives twice, then once more: one job runs. */
  | 'duplicate-event'
  /** The audio is deleted after the job was accepted, before the Draw stage reads it. */
  | 'delete-audio-while-running';

export interface FileDropVariant {
  /** The job folder under incoming/. @default the case id */
  readonly folder?: string;
  /** Edits job.json, after the case's `edit`. */
  readonly manifest?: DocumentEdit;
  readonly expect: Outcome;
}

export interface ApiVariant {
  /** Edits the POST /v1/jobs body, after the case's `edit`. */
  readonly body?: DocumentEdit;
  /** A medium not uploaded at all. */
  readonly skipUpload?: MediaField;
  /** Changes the presigned POST's form fields of a medium (the key, the Content-Type). */
  readonly uploadFields?: {
    readonly medium: MediaField;
    readonly fields: (fields: Record<string, string>, jobId: string) => Record<string, string>;
  };
  /** A request sent once the job is created and uploaded, instead of starting it. */
  readonly request?: (jobId: string) => { readonly method: 'GET' | 'POST'; readonly path: string };
  readonly expect: Outcome;
}

export interface BadInputCase {
  /** kebab-case; the file drop's job folder unless it names another. */
  readonly id: string;
  readonly group: 'image' | 'audio' | 'manifest' | 'traversal' | 'text' | 'events';
  /** What is bad about the input, in a few words. */
  readonly about: string;
  /** @default 'good' */
  readonly portrait?: PortraitName;
  /** @default 'good' */
  readonly audio?: SpeechName;
  /** @default 'surprised at first, then delighted' */
  readonly emotion?: string;
  /** Edits the job document on both paths. */
  readonly edit?: DocumentEdit;
  /** Objects put besides the job (bucket keys): what a traversal would reach; must stay untouched. */
  readonly decoys?: Readonly<Record<string, Medium<string>>>;
  readonly scenario?: Scenario;
  readonly fileDrop: FileDropVariant;
  readonly api: ApiVariant;
}

export const DEFAULT_EMOTION = 'surprised at first, then delighted';

/** Draws fast: 128 px, 4 steps, 10 fps (0.6 s of speech: 6 frames). */
export const JOB_OPTIONS = { size: 128, steps: 4, seed: 7, fps: 10 } as const;

// ---- expectations ------------------------------------------------------------------------------

export const failed = (error: string, stage: Failed['stage'], ...says: RegExp[]): Failed => ({
  kind: 'failed',
  error,
  stage,
  says,
});

export const succeeded = (options: { withActionUnits?: boolean } = {}): Succeeded => ({
  kind: 'succeeded',
  ...options,
});

export function refused(
  at: Refused['at'],
  status: number,
  error: string,
  field: string | undefined,
  ...says: RegExp[]
): Refused {
  return { kind: 'refused', at, status, error, ...(field === undefined ? {} : { field }), says };
}

export const uploadRefused = (medium: MediaField, status: number, code: string): UploadRefused => ({
  kind: 'upload-refused',
  medium,
  status,
  code,
});

// ---- document edits ----------------------------------------------------------------------------

/** The document without these fields. */
export const without =
  (...fields: string[]): DocumentEdit =>
  (document) =>
    Object.fromEntries(Object.entries(document).filter(([field]) => !fields.includes(field)));

/** The document with these fields set (or added). */
export const withFields =
  (fields: JobDocument): DocumentEdit =>
  (document) => ({ ...document, ...fields });

/** The document with these options set. */
export const withOptions =
  (options: JobDocument): DocumentEdit =>
  (document) => ({ ...document, options: { ...(document.options as JobDocument), ...options } });

/** Several edits, in order. */
export const edits =
  (...steps: DocumentEdit[]): DocumentEdit =>
  (document) =>
    steps.reduce<JobDocument | RawDocument>((doc, step) => (isRaw(doc) ? doc : step(doc)), document);

/** Raw bytes (or text, sent as UTF-8) instead of the document. */
export const rawDocument =
  (raw: Uint8Array | string): DocumentEdit =>
  () => ({ raw: typeof raw === 'string' ? new TextEncoder().encode(raw) : raw });

export function isRaw(document: JobDocument | RawDocument): document is RawDocument {
  return document.raw instanceof Uint8Array;
}

/** The document as the bytes sent. */
export function documentBytes(document: JobDocument | RawDocument): Uint8Array {
  return isRaw(document) ? document.raw : new TextEncoder().encode(JSON.stringify(document));
}

export type { AudioContentType, PortraitContentType };
