/**
 * The part of the Draw stage common to AWS and the local stack: build the DrawRequest (S3 URIs,
 * outputs under `jobs/<jobId>/draw/`, progress at `jobs/<jobId>/progress.json`), store it at `jobs/<jobId>/draw-request.json` and mark
 * the job `drawing`.
 */
import { type DrawRequest, DrawRequestSchema } from '../../core/contracts/draw-request.js';
import { progressKey, WORK_FILES, workKey } from '../../core/jobs/job-keys.js';
import type { JobStore } from '../shared/job-store.js';
import { putJson } from '../shared/object-store.js';
import { formatS3Uri } from '../shared/s3-uri.js';
import type { DrawSubmitEvent } from './draw-submit-event.js';

export interface PreparedDraw {
  readonly request: DrawRequest;
  readonly requestKey: string;
}

export function buildDrawRequest(bucket: string, event: DrawSubmitEvent): DrawRequest {
  const options = Object.fromEntries(Object.entries(event.options).filter(([, v]) => v !== undefined));
  return DrawRequestSchema.parse({
    jobId: event.jobId,
    portrait: formatS3Uri(bucket, event.portraitKey),
    audio: formatS3Uri(bucket, event.audioKey),
    plan: formatS3Uri(bucket, event.planKey),
    ...(Object.keys(options).length > 0 ? { options } : {}),
    output: formatS3Uri(bucket, workKey(event.jobId, WORK_FILES.drawOutput)),
    progress: formatS3Uri(bucket, progressKey(event.jobId)),
  });
}

export async function prepareDraw(event: DrawSubmitEvent, jobs: JobStore): Promise<PreparedDraw> {
  const request = buildDrawRequest(jobs.objects.bucket, event);
  const requestKey = workKey(event.jobId, WORK_FILES.drawRequest);
  await putJson(jobs.objects, requestKey, request);
  await jobs.transition(event.jobId, 'drawing');
  return { request, requestKey };
}
