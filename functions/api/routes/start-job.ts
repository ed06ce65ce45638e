/**
 * POST /v1/jobs/{id}/start: writes the manifest, which starts the job exactly as a file drop does
 * (the bucket's notification on `tenants/` + `job.json` invokes ingest; locally, s3rver's event).
 *
 *   1. the tenant's record (404 for an unknown id, another tenant's included); started: done, 202
 *   2. HEAD of each medium: missing -> 409 UploadMissingError; larger than declared -> 413
 *      (S3 already refuses such an upload by the POST policy; the check costs nothing and holds
 *      for any S3 API)
 *   3. job.json (If-None-Match: *, so a concurrent start cannot write a second one)
 *   4. the pipeline's job id, computed as ingest computes it (core/jobs/job-id.ts) from the
 *      manifest's and the media's ETags, and the id ingest uses if it refuses the job; both go
 *      into the record (If-Match), so GET /v1/jobs/{id} can find the status record
 *
 * Repeating the call is safe: a started job answers 202 again and writes nothing.
 */

import type { StartJobResponse } from '../../../core/contracts/api.js';
import type { ApiJobRecord } from '../../../core/contracts/api-job-record.js';
import { API_ROUTES } from '../../../core/contracts/api-routes.js';
import type { JobManifest } from '../../../core/contracts/job-manifest.js';
import { deriveJobId, normalizeEtag } from '../../../core/jobs/job-id.js';
import { incomingKey, type JobRef, manifestKey } from '../../../core/jobs/job-keys.js';
import { putJson } from '../../shared/object-store.js';
import { PreconditionFailedError } from '../../shared/pipeline-errors.js';
import type { ApiDeps } from '../api-deps.js';
import { JobNotFoundError, type MediaField, UploadMissingError, UploadTooLargeError } from '../api-errors.js';
import { httpRoute } from '../http-route.js';
import { routeOptions, statusPath } from './route-options.js';

/** Attempts at recording the start when another request updates the record at the same time. */
const RECORD_ATTEMPTS = 3;

async function uploadedEtag(deps: ApiDeps, ref: JobRef, record: ApiJobRecord, field: MediaField) {
  const declared = record[field];
  const head = await deps.objects.head(incomingKey(ref, declared.file));
  if (!head) throw new UploadMissingError(field);
  if (head.size > declared.size) throw new UploadTooLargeError(field, head.size, declared.size);
  return head.etag;
}

function manifestOf(record: ApiJobRecord): JobManifest {
  return {
    portrait: record.portrait.file,
    audio: record.audio.file,
    emotion: record.emotion,
    ...(record.options ? { options: record.options } : {}),
    ...(record.plan ? { plan: record.plan } : {}),
  };
}

/** Writes job.json once; the ETag of the one that is there. */
async function writeManifest(deps: ApiDeps, ref: JobRef, manifest: JobManifest): Promise<string> {
  const key = manifestKey(ref);
  try {
    return (await putJson(deps.objects, key, manifest, { ifNoneMatch: '*' })).etag;
  } catch (error) {
    if (!(error instanceof PreconditionFailedError)) throw error;
    const head = await deps.objects.head(key);
    if (!head) throw error;
    return head.etag;
  }
}

export async function startJob(tenant: string, id: string, deps: ApiDeps): Promise<StartJobResponse> {
  const answer: StartJobResponse = { jobId: id, stage: 'queued', statusUrl: statusPath(id) };
  for (let attempt = 1; attempt <= RECORD_ATTEMPTS; attempt++) {
    const stored = await deps.records.read(tenant, id);
    if (!stored) throw new JobNotFoundError(id);
    if (stored.record.started) return answer;

    const { record } = stored;
    const ref: JobRef = { name: id, tenant };
    const portraitEtag = await uploadedEtag(deps, ref, record, 'portrait');
    const audioEtag = await uploadedEtag(deps, ref, record, 'audio');
    const manifestEtag = await writeManifest(deps, ref, manifestOf(record));
    const identity = { name: id, bucket: deps.objects.bucket, key: manifestKey(ref), etag: manifestEtag };
    const started = {
      at: deps.clock().toISOString(),
      manifestEtag: normalizeEtag(manifestEtag),
      pipelineJobId: deriveJobId({ ...identity, media: [portraitEtag, audioEtag] }),
      refusedJobId: deriveJobId(identity),
    };
    try {
      await deps.records.update({ ...record, started }, stored.etag);
      return answer;
    } catch (error) {
      if (!(error instanceof PreconditionFailedError)) throw error;
    }
  }
  // Another start kept winning the record: it recorded the same ids (same manifest, same media).
  return answer;
}

export function startJobHandler(deps: ApiDeps) {
  return httpRoute(API_ROUTES.startJob, routeOptions(deps), async ({ tenant, params }) => ({
    body: await startJob(tenant, params.id ?? '', deps),
  }));
}
