/**
 * POST /v1/jobs: records the job and answers with one presigned POST per medium.
 *
 *   1. a new id (newest-first ordering, job-ids.ts); the job folder is tenants/<tenant>/incoming/<id>/
 *   2. the record tenants/<tenant>/api-jobs/<id>.json: emotion, options, plan, declared media (start
 *      writes the manifest from it)
 *   3. presigned POSTs for incoming/<id>/portrait.<ext> and audio.<ext>: exactly the declared
 *      Content-Type, at most the declared size
 *
 * Nothing starts yet: the pipeline starts when POST /v1/jobs/{id}/start writes job.json.
 */

import {
  AUDIO_CONTENT_TYPES,
  type CreateJobRequest,
  type CreateJobResponse,
  PORTRAIT_CONTENT_TYPES,
} from '../../../core/contracts/api.js';
import type { ApiJobRecord } from '../../../core/contracts/api-job-record.js';
import { API_ROUTES } from '../../../core/contracts/api-routes.js';
import { incomingKey } from '../../../core/jobs/job-keys.js';
import type { ApiDeps } from '../api-deps.js';
import { httpRoute } from '../http-route.js';
import { newJobId } from '../job-ids.js';
import { routeOptions } from './route-options.js';

export async function createJob(
  tenant: string,
  request: CreateJobRequest,
  deps: ApiDeps,
): Promise<CreateJobResponse> {
  const now = deps.clock();
  const id = newJobId(now, deps.random);
  const record: ApiJobRecord = {
    schemaVersion: 1,
    id,
    tenant,
    createdAt: now.toISOString(),
    emotion: request.emotion,
    ...(request.options ? { options: request.options } : {}),
    ...(request.plan ? { plan: request.plan } : {}),
    portrait: {
      ...request.portrait,
      file: `portrait.${PORTRAIT_CONTENT_TYPES[request.portrait.contentType]}`,
    },
    audio: { ...request.audio, file: `audio.${AUDIO_CONTENT_TYPES[request.audio.contentType]}` },
  };
  await deps.records.create(record);

  const ref = { name: id, tenant };
  const expiresInSec = deps.settings.uploadExpiresSec;
  const [portrait, audio] = await Promise.all(
    [record.portrait, record.audio].map((medium) =>
      deps.presigner.uploadForm({
        key: incomingKey(ref, medium.file),
        contentType: medium.contentType,
        maxBytes: medium.size,
        expiresInSec,
      }),
    ),
  );
  return {
    jobId: id,
    uploads: { portrait: portrait!, audio: audio! },
    expiresAt: new Date(now.getTime() + expiresInSec * 1000).toISOString(),
  };
}

export function createJobHandler(deps: ApiDeps) {
  return httpRoute(API_ROUTES.createJob, routeOptions(deps), async ({ tenant, body }) => ({
    body: await createJob(tenant, body, deps),
  }));
}
