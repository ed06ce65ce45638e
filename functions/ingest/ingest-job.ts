/**
 * Ingest of one `job.json`: validate, derive the idempotent job id, create the status record
 * only if absent, start the execution, mark the job `thinking`.
 *
 *   1. key -> job folder (not a manifest key, or another bucket: skipped)
 *   2. GET job.json (its ETag) -> parse and validate                  ManifestError
 *   3. HEAD + first 16 bytes of each medium                            Media*Error
 *   4. jobId = hash(bucket, key, ETags of job.json and media)          core/jobs/job-id.ts
 *   5. status `queued`, created only if absent; a record past `queued` -> duplicate, nothing starts
 *   6. start the execution named jobId (a duplicate name starts nothing)
 *   7. status `thinking` (Think is the first state) with the execution id
 *
 * A refused job (steps 2-3) gets its status record, `outgoing/<name>/error.json` and stage
 * `failed`; nothing starts and nothing is thrown. Other failures (S3 down) are thrown, so the
 * event is delivered again; every step is idempotent.
 */
import type { JobError } from '../../core/contracts/job-status.js';
import { deriveJobId } from '../../core/jobs/job-id.js';
import { type JobRef, parseManifestKey } from '../../core/jobs/job-keys.js';
import { pipelineInputFor } from '../../core/jobs/pipeline-input.js';
import { newJobStatus } from '../../core/jobs/status-transitions.js';
import type { JobStore } from '../shared/job-store.js';
import { ObjectNotFoundError } from '../shared/pipeline-errors.js';
import { checkMedia, type MediaLimits } from './check-media.js';
import { IngestError } from './errors.js';
import type { IngestSource } from './ingest-event.js';
import { parseManifest } from './read-manifest.js';
import type { ExecutionStarter } from './starter.js';

export type IngestOutcome =
  | {
      readonly key: string;
      readonly outcome: 'started';
      readonly jobId: string;
      readonly executionId: string;
    }
  | { readonly key: string; readonly outcome: 'duplicate'; readonly jobId: string; readonly stage: string }
  | { readonly key: string; readonly outcome: 'rejected'; readonly jobId: string; readonly error: JobError }
  | { readonly key: string; readonly outcome: 'skipped'; readonly reason: string };

export interface IngestDeps {
  readonly jobs: JobStore;
  readonly starter: ExecutionStarter;
  readonly mediaLimits?: MediaLimits;
}

interface Manifested {
  readonly ref: JobRef;
  readonly bucket: string;
  readonly key: string;
  readonly etag: string;
}

export async function ingestJob(source: IngestSource, deps: IngestDeps): Promise<IngestOutcome> {
  const { key } = source;
  const bucket = deps.jobs.objects.bucket;
  if (source.bucket !== undefined && source.bucket !== bucket)
    return {
      key,
      outcome: 'skipped',
      reason: `bucket ${source.bucket} is not the pipeline bucket ${bucket}`,
    };
  const parsed = parseManifestKey(key);
  if ('problem' in parsed) return { key, outcome: 'skipped', reason: `key ${parsed.problem}` };

  let object: { body: Uint8Array; etag: string };
  try {
    object = await deps.jobs.objects.get(key);
  } catch (error) {
    if (error instanceof ObjectNotFoundError)
      return { key, outcome: 'skipped', reason: 'job.json no longer exists' };
    throw error;
  }
  const job: Manifested = { ref: parsed.ref, bucket, key, etag: object.etag };

  let manifest: ReturnType<typeof parseManifest>;
  let media: Awaited<ReturnType<typeof checkMedia>>;
  try {
    manifest = parseManifest(key, object.body);
    media = await checkMedia(deps.jobs.objects, job.ref, manifest, deps.mediaLimits);
  } catch (error) {
    if (error instanceof IngestError) return reject(job, error, deps);
    throw error;
  }

  const jobId = deriveJobId({ ...job, name: job.ref.name, media: [media.portrait.etag, media.audio.etag] });
  const created = await deps.jobs.createStatus(
    newJobStatus({
      jobId,
      ref: job.ref,
      source: { bucket, key, etag: job.etag },
      emotion: manifest.emotion,
      reasoner: manifest.options?.reasoner,
      seed: manifest.options?.seed,
      at: deps.jobs.now(),
    }),
  );
  if (created.status.stage !== 'queued')
    return { key, outcome: 'duplicate', jobId, stage: created.status.stage };

  const start = await deps.starter.start({ name: jobId, input: pipelineInputFor(jobId, job.ref, manifest) });
  if (!start.started) return { key, outcome: 'duplicate', jobId, stage: 'queued' };
  await deps.jobs.transition(jobId, 'thinking', { executionId: start.executionId });
  return { key, outcome: 'started', jobId, executionId: start.executionId };
}

async function reject(job: Manifested, error: IngestError, deps: IngestDeps): Promise<IngestOutcome> {
  const jobId = deriveJobId({ ...job, name: job.ref.name });
  const created = await deps.jobs.createStatus(
    newJobStatus({
      jobId,
      ref: job.ref,
      source: { bucket: job.bucket, key: job.key, etag: job.etag },
      at: deps.jobs.now(),
    }),
  );
  const jobError: JobError = { name: error.name, message: error.message, stage: 'queued' };
  if (created.status.stage === 'failed')
    return { key: job.key, outcome: 'duplicate', jobId, stage: created.status.stage };
  await deps.jobs.writeErrorRecord(job.ref, jobId, jobError);
  await deps.jobs.transition(jobId, 'failed', { error: jobError });
  return { key: job.key, outcome: 'rejected', jobId, error: jobError };
}
