/**
 * Publish of a drawn job:
 *
 *   1. status `publishing`
 *   2. the draw outputs must lie in the pipeline bucket under jobs/<jobId>/
 *   3. the video: an MP4 (ftyp first, a moov box, video and audio tracks) within the size limits
 *      whose duration matches the drawn (speech) duration; the preview: a PNG; the plan: present
 *   4. outgoing/<name>/: remove the markers (result.json, error.json), copy video.mp4, plan.json,
 *      preview.png, then write result.json LAST: result.json is the completion marker, so a
 *      reader that finds it finds every file whole (S3 copies appear atomically per object)
 *   5. metering (the optional UsageRecorder): one usage record per tenant job, keyed by job id,
 *      in the month the job first entered `publishing` (a retried publish rewrites the same one)
 *   6. status `succeeded` with the output keys, seed, reasoner and duration
 *
 * Every step is idempotent: a retried publish repeats the same copies and the same marker.
 */
import { isUnder, type JobRef, OUTGOING_FILES, outgoingKey, workPrefix } from '../../core/jobs/job-keys.js';
import type { JobResult } from '../../core/jobs/job-result.js';
import { sniffImageFormat } from '../../core/jobs/media-sniff.js';
import type { UsageRecorder } from '../../core/usage/usage-recorder.js';
import type { JobStore } from '../shared/job-store.js';
import { type ObjectStore, putJson } from '../shared/object-store.js';
import { parseS3Uri } from '../shared/s3-uri.js';
import { MissingOutputError, Mp4CheckError, OutputLocationError } from './errors.js';
import { checkMp4, type Mp4Facts, Mp4FormatProblem } from './mp4-check.js';
import type { PublishEvent } from './publish-event.js';

export const PUBLISH_DEFAULTS = {
  /** Smallest video accepted, in bytes. @default 256 */
  videoMinBytes: 256,
  /** Largest video accepted, in bytes. @default 2147483648 (2 GiB) */
  videoMaxBytes: 2 * 1024 ** 3,
  /** Allowed |video duration - drawn duration|, in seconds (AAC priming, frame rounding). @default 0.25 */
  durationToleranceSec: 0.25,
} as const;

export type PublishLimits = { readonly [K in keyof typeof PUBLISH_DEFAULTS]: number };

export interface PublishResult {
  readonly jobId: string;
  readonly resultKey: string;
  readonly outputs: {
    readonly video: string;
    readonly plan: string;
    readonly preview: string;
    readonly result: string;
  };
  readonly durationSec: number;
}

function keyOf(uri: string, bucket: string, jobId: string): string {
  const prefix = workPrefix(jobId);
  const location = parseS3Uri(uri);
  if (!location || location.bucket !== bucket || !isUnder(prefix, location.key))
    throw new OutputLocationError(uri, `s3://${bucket}/${prefix}`);
  return location.key;
}

async function verifyVideo(
  objects: ObjectStore,
  key: string,
  expectedSec: number,
  limits: PublishLimits,
): Promise<Mp4Facts> {
  const head = await objects.head(key);
  if (!head) throw new MissingOutputError('video', key);
  if (head.size < limits.videoMinBytes || head.size > limits.videoMaxBytes)
    throw new Mp4CheckError(
      key,
      `${head.size} bytes, outside ${limits.videoMinBytes}..${limits.videoMaxBytes}`,
    );
  let facts: Mp4Facts;
  try {
    facts = await checkMp4(head.size, async (start, end) => (await objects.get(key, { start, end })).body);
  } catch (error) {
    if (error instanceof Mp4FormatProblem) throw new Mp4CheckError(key, error.message, { cause: error });
    throw error;
  }
  if (!facts.hasVideo) throw new Mp4CheckError(key, 'it has no video track');
  if (!facts.hasAudio) throw new Mp4CheckError(key, 'it has no audio track');
  if (Math.abs(facts.durationSec - expectedSec) > limits.durationToleranceSec)
    throw new Mp4CheckError(
      key,
      `it lasts ${facts.durationSec.toFixed(3)} s but the speech lasts ${expectedSec.toFixed(3)} s ` +
        `(tolerance ${limits.durationToleranceSec} s)`,
    );
  return facts;
}

async function verifyPreview(objects: ObjectStore, key: string): Promise<void> {
  const head = await objects.head(key);
  if (!head || head.size === 0) throw new MissingOutputError('preview', key);
  const { body } = await objects.get(key, { start: 0, end: Math.min(head.size, 16) - 1 });
  if (sniffImageFormat(body) !== 'png') throw new MissingOutputError('preview (a PNG image)', key);
}

function resultOf(input: PublishEvent, ref: JobRef, facts: Mp4Facts, at: Date): JobResult {
  const { draw } = input;
  return {
    schemaVersion: 1,
    jobId: input.jobId,
    name: ref.name,
    ...(ref.tenant ? { tenant: ref.tenant } : {}),
    files: { video: OUTGOING_FILES.video, plan: OUTGOING_FILES.plan, preview: OUTGOING_FILES.preview },
    video: { bytes: facts.bytes, durationSec: facts.durationSec, hasAudio: facts.hasAudio },
    durationSec: draw.durationSec,
    frames: draw.frames,
    fps: draw.fps,
    seed: draw.seed,
    modelId: draw.modelId,
    reasoner: input.reasoner,
    timings: draw.timings,
    publishedAt: at.toISOString(),
  };
}

export async function publishJob(
  input: PublishEvent,
  jobs: JobStore,
  limits: PublishLimits = PUBLISH_DEFAULTS,
  usage?: UsageRecorder,
): Promise<PublishResult> {
  const { objects } = jobs;
  const ref = input.job;
  const publishing = await jobs.transition(input.jobId, 'publishing');

  const videoKey = keyOf(input.draw.outputs.video, objects.bucket, input.jobId);
  const previewKey = keyOf(input.draw.outputs.preview, objects.bucket, input.jobId);
  const facts = await verifyVideo(objects, videoKey, input.draw.durationSec, limits);
  await verifyPreview(objects, previewKey);
  if (!(await objects.head(input.planKey))) throw new MissingOutputError('plan', input.planKey);

  const outputs = {
    video: outgoingKey(ref, OUTGOING_FILES.video),
    plan: outgoingKey(ref, OUTGOING_FILES.plan),
    preview: outgoingKey(ref, OUTGOING_FILES.preview),
    result: outgoingKey(ref, OUTGOING_FILES.result),
  };
  await objects.delete(outputs.result);
  await objects.delete(outgoingKey(ref, OUTGOING_FILES.error));
  await objects.copy(videoKey, outputs.video);
  await objects.copy(input.planKey, outputs.plan);
  await objects.copy(previewKey, outputs.preview);
  const result = resultOf(input, ref, facts, jobs.now());
  await putJson(objects, outputs.result, result);
  const firstPublishing = publishing.status.timestamps.publishing;
  await usage?.record(result, firstPublishing ? new Date(firstPublishing) : jobs.now());

  await jobs.transition(input.jobId, 'succeeded', {
    outputs,
    seed: input.draw.seed,
    reasoner: input.reasoner,
    durationSec: input.draw.durationSec,
  });
  return { jobId: input.jobId, resultKey: outputs.result, outputs, durationSec: input.draw.durationSec };
}
