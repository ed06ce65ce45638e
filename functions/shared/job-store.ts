/**
 * The job records of the pipeline over an `ObjectStore`: the status record
 * `jobs/<jobId>/status.json` and the failure marker `outgoing/<name>/error.json`.
 *
 * Idempotent creation: `createStatus` reads first and then writes with `If-None-Match: *`. In S3
 * the conditional write is atomic, so of two concurrent ingests of the same job exactly one
 * creates the record. s3rver 3.7 ignores the header: locally the read-then-write leaves a window
 * of a few milliseconds, which the local stack closes by handling object-created events one at a
 * time, and StartExecution's name (= job id) is a second guard in both worlds.
 *
 * Updates are optimistic: read (with its ETag), `advanceStatus`, write with `If-Match: <ETag>`,
 * again on a lost race (S3 answers 412); best effort on s3rver.
 */
import {
  type JobError,
  type JobStage,
  type JobStatus,
  JobStatusSchema,
} from '../../core/contracts/job-status.js';
import { boundMessage, type JobErrorRecord } from '../../core/jobs/job-error-record.js';
import { type JobRef, OUTGOING_FILES, outgoingKey, statusKey } from '../../core/jobs/job-keys.js';
import { advanceStatus, type StatusPatch, type Transition } from '../../core/jobs/status-transitions.js';
import { getJson, type ObjectStore, putJson } from './object-store.js';
import { ObjectNotFoundError, PreconditionFailedError, TransientError } from './pipeline-errors.js';

/** What a publish writes to `outgoing/<name>/`, the completion marker first (see writeErrorRecord). */
const PUBLISHED_FILES = [
  OUTGOING_FILES.result,
  OUTGOING_FILES.video,
  OUTGOING_FILES.plan,
  OUTGOING_FILES.preview,
] as const;

export const JOB_STORE_DEFAULTS = {
  /** Read-modify-write attempts of a status update before giving up (TransientError). @default 5 */
  maxUpdateAttempts: 5,
} as const;

export interface JobStoreOptions {
  /** @default () => new Date() */
  readonly clock?: () => Date;
  /** @default JOB_STORE_DEFAULTS.maxUpdateAttempts */
  readonly maxUpdateAttempts?: number;
}

export class JobStore {
  readonly objects: ObjectStore;
  readonly #clock: () => Date;
  readonly #maxAttempts: number;

  constructor(objects: ObjectStore, options: JobStoreOptions = {}) {
    this.objects = objects;
    this.#clock = options.clock ?? (() => new Date());
    this.#maxAttempts = options.maxUpdateAttempts ?? JOB_STORE_DEFAULTS.maxUpdateAttempts;
  }

  now(): Date {
    return this.#clock();
  }

  async readStatus(jobId: string): Promise<{ status: JobStatus; etag: string } | undefined> {
    try {
      const { value, etag } = await getJson(this.objects, statusKey(jobId), JobStatusSchema);
      return { status: value, etag };
    } catch (error) {
      if (error instanceof ObjectNotFoundError) return undefined;
      throw error;
    }
  }

  /** Writes the record unless one exists; returns the record that is stored either way. */
  async createStatus(status: JobStatus): Promise<{ created: boolean; status: JobStatus }> {
    const existing = await this.readStatus(status.jobId);
    if (existing) return { created: false, status: existing.status };
    try {
      await putJson(this.objects, statusKey(status.jobId), status, { ifNoneMatch: '*' });
      return { created: true, status };
    } catch (error) {
      if (!(error instanceof PreconditionFailedError)) throw error;
      const winner = await this.readStatus(status.jobId);
      if (!winner) throw new TransientError(`status of job ${status.jobId} vanished after a conflict`);
      return { created: false, status: winner.status };
    }
  }

  /** Moves the job to `to` (see status-transitions.ts); throws ObjectNotFoundError without a record. */
  async transition(jobId: string, to: JobStage, patch: StatusPatch = {}): Promise<Transition> {
    for (let attempt = 1; attempt <= this.#maxAttempts; attempt++) {
      const current = await this.readStatus(jobId);
      if (!current) throw new ObjectNotFoundError(statusKey(jobId));
      const next = advanceStatus(current.status, to, this.#clock(), patch);
      if (!next.changed) return next;
      try {
        await putJson(this.objects, statusKey(jobId), next.status, { ifMatch: current.etag });
        return next;
      } catch (error) {
        if (!(error instanceof PreconditionFailedError)) throw error;
      }
    }
    throw new TransientError(
      `status of job ${jobId} kept changing during ${this.#maxAttempts} update attempts`,
    );
  }

  /**
   * Publishes the failure marker: removes what a publish of the same name left first (the two
   * markers exclude each other, and a publish that failed half-way may have copied the video,
   * plan and preview already: a failed job's folder holds `error.json` alone), then writes
   * `error.json`.
   */
  async writeErrorRecord(
    ref: JobRef,
    jobId: string,
    error: JobError,
  ): Promise<{ key: string; record: JobErrorRecord }> {
    const record: JobErrorRecord = {
      schemaVersion: 1,
      jobId,
      name: ref.name,
      ...(ref.tenant ? { tenant: ref.tenant } : {}),
      error: { ...error, message: boundMessage(error.message) },
      failedAt: this.#clock().toISOString(),
    };
    const key = outgoingKey(ref, OUTGOING_FILES.error);
    // result.json first: without it, what remains is never taken for a finished job
    for (const file of PUBLISHED_FILES) await this.objects.delete(outgoingKey(ref, file));
    await putJson(this.objects, key, record);
    return { key, record };
  }
}
