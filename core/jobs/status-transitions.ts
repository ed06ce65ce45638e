/**
 * Status transitions, pure: every writer of `jobs/<jobId>/status.json` goes through these.
 *
 *   queued(0) -> thinking(1) -> drawing(2) -> publishing(3) -> succeeded(4)
 *   any non-terminal stage ---------------------------------> failed(4)
 *
 * Rules (Step Functions retries tasks and S3/SNS deliver at least once, so updates repeat):
 * - the same stage again: the patch is applied, the stage's timestamp kept (a retried task);
 * - a later stage: entered, its timestamp recorded (stages may be skipped, e.g. when the
 *   "thinking" update of ingest lost a race against draw-submit);
 * - an earlier stage: ignored, `changed: false` (a late or repeated update);
 * - from one terminal stage to the other: `StatusTransitionError` (a job that succeeded cannot
 *   fail afterwards, nor the reverse).
 */
import type { JobError, JobSource, JobStage, JobStatus } from '../contracts/job-status.js';
import { StatusTransitionError } from './errors.js';
import type { JobRef } from './job-keys.js';

const ORDER: Readonly<Record<JobStage, number>> = {
  queued: 0,
  thinking: 1,
  drawing: 2,
  publishing: 3,
  succeeded: 4,
  failed: 4,
};

export function isTerminal(stage: JobStage): boolean {
  return stage === 'succeeded' || stage === 'failed';
}

/** Fields a stage update may set besides the stage itself. */
export type StatusPatch = Partial<
  Pick<JobStatus, 'reasoner' | 'seed' | 'executionId' | 'durationSec' | 'outputs' | 'error'>
>;

export interface NewStatusInput {
  readonly jobId: string;
  readonly ref: JobRef;
  readonly source: JobSource;
  readonly emotion?: string;
  readonly reasoner?: string;
  readonly seed?: number;
  readonly at: Date;
}

/** A fresh record in stage `queued`. */
export function newJobStatus(input: NewStatusInput): JobStatus {
  const at = input.at.toISOString();
  return dropUndefined({
    schemaVersion: 1 as const,
    jobId: input.jobId,
    stage: 'queued' as const,
    name: input.ref.name,
    tenant: input.ref.tenant,
    source: input.source,
    emotion: input.emotion,
    reasoner: input.reasoner,
    seed: input.seed,
    timestamps: { queued: at },
    updatedAt: at,
  });
}

export interface Transition {
  readonly status: JobStatus;
  /** False when the update was ignored (an earlier stage than the current one). */
  readonly changed: boolean;
}

/** Moves `status` to `to` at time `at`, following the rules above. Never mutates `status`. */
export function advanceStatus(
  status: JobStatus,
  to: JobStage,
  at: Date,
  patch: StatusPatch = {},
): Transition {
  const from = status.stage;
  if (isTerminal(from) && isTerminal(to) && from !== to)
    throw new StatusTransitionError(status.jobId, from, to);
  if (ORDER[to] < ORDER[from] || (isTerminal(from) && from !== to)) return { status, changed: false };
  const iso = at.toISOString();
  const timestamps = status.timestamps[to] ? status.timestamps : { ...status.timestamps, [to]: iso };
  const error =
    to === 'failed' && patch.error ? { ...patch.error, stage: patch.error.stage ?? from } : undefined;
  const next: JobStatus = dropUndefined({ ...status, ...patch, error: error ?? status.error });
  return { status: { ...next, stage: to, timestamps, updatedAt: iso }, changed: true };
}

/** Shorthand for the failure path: the stage the job was in is recorded in `error.stage`. */
export function failStatus(status: JobStatus, error: JobError, at: Date): Transition {
  return advanceStatus(status, 'failed', at, { error });
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
