/**
 * What GET /v1/jobs/{id} and GET /v1/jobs show of a job: the API's record joined with the
 * pipeline's status record (the stage, its timestamps, the error) and, once it succeeded,
 * presigned GET URLs of the outputs; while it is drawing, the sampler's progress (job-progress.ts).
 *
 * Finding the status record of a started job (api-job-record.ts explains the two ids):
 *   1. jobs/<pipelineJobId>/status.json      ingest accepted the job
 *   2. jobs/<refusedJobId>/status.json       ingest refused the manifest or a medium
 *   3. the completion marker outgoing/<id>/result.json | error.json names the job id (covers a
 *      medium replaced between start and ingest, which changes the pipeline's id)
 *   none: the manifest's event has not reached ingest yet -> stage `queued`
 *
 * Error messages: those of errors the caller's input caused (a manifest field, a medium, no face)
 * are shown as the pipeline wrote them; for any other failure only the error's name is kept and
 * the message says the job failed inside the pipeline, so no internal detail leaves the API.
 * The Draw stage's storage errors are the caller's when they name one of the caller's media
 * ("audio s3://… does not exist": it was deleted while the job ran), the pipeline's otherwise
 * (its own plan, its outputs).
 */
import { z } from 'zod';
import type { ApiJobStage, JobSummary, JobView } from '../../core/contracts/api.js';
import type { ApiJobRecord } from '../../core/contracts/api-job-record.js';
import type { JobError, JobStatus } from '../../core/contracts/job-status.js';
import { type JobRef, OUTGOING_FILES, outgoingKey } from '../../core/jobs/job-keys.js';
import { getJson } from '../shared/object-store.js';
import { ObjectNotFoundError, StorageError } from '../shared/pipeline-errors.js';
import type { ApiDeps } from './api-deps.js';
import { progressOf } from './job-progress.js';

/** Failures caused by the job's own inputs: their messages are the caller's to read. */
export const CALLER_ERROR_NAMES: ReadonlySet<string> = new Set([
  'ManifestError',
  'MediaNotFoundError',
  'MediaTypeError',
  'MediaSizeError',
  'EmotionTextError',
  'PlanValidationError',
  'UnknownActionUnitError',
  'RequestValidationError',
  'PortraitError',
  'NoFaceError',
  'FaceTooSmallError',
  'ImageTooLargeError',
  'CorruptImageError',
  'UnsupportedImageError',
  'AudioError',
  'AudioDecoderError',
  'AudioTooLongError',
  'CorruptAudioError',
  'EmptyAudioError',
  'UnsupportedAudioError',
  'JobTimeoutError',
  'States.Timeout',
  'States.HeartbeatTimeout',
]);

/** Storage errors of the Draw stage, which are the caller's when they name a medium. */
const MEDIA_STORAGE_ERRORS: ReadonlySet<string> = new Set(['ObjectNotFoundError', 'ObjectTooLargeError']);

/** `portrait s3://…` / `audio s3://…`: the label the sampler gives the caller's media. */
const MEDIA_LABEL = /^(?:portrait|audio) s3:\/\//;

/** True when the error was caused by the job's own inputs. */
export function isCallerError(error: JobError): boolean {
  if (CALLER_ERROR_NAMES.has(error.name)) return true;
  return MEDIA_STORAGE_ERRORS.has(error.name) && MEDIA_LABEL.test(error.message);
}

export function publicError(error: JobError): JobError {
  if (isCallerError(error)) return error;
  return {
    ...error,
    message: `the job failed inside the pipeline (${error.name}), not because of its inputs; try again`,
  };
}

const MarkerSchema = z.object({ jobId: z.string().min(1) });

async function markerJobId(deps: ApiDeps, ref: JobRef): Promise<string | undefined> {
  for (const file of [OUTGOING_FILES.result, OUTGOING_FILES.error] as const) {
    try {
      return (await getJson(deps.objects, outgoingKey(ref, file), MarkerSchema)).value.jobId;
    } catch (error) {
      if (!(error instanceof ObjectNotFoundError)) throw error;
    }
  }
  return undefined;
}

export const JOB_VIEW_DEFAULTS = {
  /** Reads of a status record that came back unparsable before giving up. @default 3 */
  statusReadAttempts: 3,
  /** Pause between those reads, in ms. @default 100 */
  statusRetryMs: 100,
} as const;

/**
 * A status record, read again when it comes back unparsable: S3 replaces objects atomically, but
 * the local S3 API (s3rver) can serve a record half-written while the pipeline updates it.
 */
async function readStatus(deps: ApiDeps, jobId: string): Promise<JobStatus | undefined> {
  for (let attempt = 1; ; attempt++) {
    try {
      return (await deps.jobs.readStatus(jobId))?.status;
    } catch (error) {
      const torn = error instanceof StorageError && !(error instanceof ObjectNotFoundError);
      if (!torn || attempt >= JOB_VIEW_DEFAULTS.statusReadAttempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, JOB_VIEW_DEFAULTS.statusRetryMs));
    }
  }
}

/** The pipeline's status record of a started job, if it has one yet. */
export async function pipelineStatus(record: ApiJobRecord, deps: ApiDeps): Promise<JobStatus | undefined> {
  const { started } = record;
  if (!started) return undefined;
  for (const jobId of [started.pipelineJobId, started.refusedJobId]) {
    const found = await readStatus(deps, jobId);
    if (found) return found;
  }
  const marked = await markerJobId(deps, { name: record.id, tenant: record.tenant });
  return marked === undefined ? undefined : readStatus(deps, marked);
}

function stageOf(record: ApiJobRecord, status: JobStatus | undefined): ApiJobStage {
  if (status) return status.stage;
  return record.started ? 'queued' : 'created';
}

export function summaryOf(record: ApiJobRecord, status: JobStatus | undefined): JobSummary {
  return {
    jobId: record.id,
    stage: stageOf(record, status),
    emotion: record.emotion,
    createdAt: record.createdAt,
    updatedAt: status?.updatedAt ?? record.started?.at ?? record.createdAt,
    ...(status?.durationSec !== undefined ? { durationSec: status.durationSec } : {}),
    ...(status?.error ? { error: publicError(status.error) } : {}),
  };
}

export async function viewOf(record: ApiJobRecord, deps: ApiDeps): Promise<JobView> {
  const status = await pipelineStatus(record, deps);
  const summary = summaryOf(record, status);
  const reasoner = status?.reasoner ?? record.options?.reasoner;
  const seed = status?.seed ?? record.options?.seed;
  const view: JobView = {
    ...summary,
    ...(record.options ? { options: record.options } : {}),
    ...(record.started ? { startedAt: record.started.at } : {}),
    timestamps: status?.timestamps ?? {},
    ...(reasoner !== undefined ? { reasoner } : {}),
    ...(seed !== undefined ? { seed } : {}),
  };
  if (summary.stage === 'drawing') {
    const progress = await progressOf(status, deps);
    return progress ? { ...view, progress } : view;
  }
  if (summary.stage !== 'succeeded') return view;

  const ref: JobRef = { name: record.id, tenant: record.tenant };
  const expiresInSec = deps.settings.downloadExpiresSec;
  const url = (file: (typeof OUTGOING_FILES)[keyof typeof OUTGOING_FILES]) =>
    deps.presigner.downloadUrl({ key: outgoingKey(ref, file), expiresInSec });
  const [video, preview, plan] = await Promise.all([
    url(OUTGOING_FILES.video),
    url(OUTGOING_FILES.preview),
    url(OUTGOING_FILES.plan),
  ]);
  return {
    ...view,
    downloads: {
      video,
      preview,
      plan,
      expiresAt: new Date(deps.clock().getTime() + expiresInSec * 1000).toISOString(),
    },
  };
}
