/**
 * One invocation, start to finish:
 *
 *   1. fetch    read portrait, audio and plan from S3 (before queueing, so a bad input fails fast)
 *   2. queue    wait for a slot (one job per GPU by default)
 *   3. draw     runDraw into a fresh scratch directory
 *   4. publish  put motion.json, preview.png, then video.mp4 (the commit point) under the output
 *               prefix; on failure or abort, whatever was put is deleted again
 *
 * Throughout 1-3, when the request names a `progress` URI, the stage and its counts (sampling
 * steps, frames) are kept there best effort (progress-writer.ts); that stops before 4.
 *
 * The signal (timeout, hang-up, shutdown) ends the job at once for the caller; a runner that is
 * slow to honour it keeps its slot and scratch directory until it really stops, and its outputs
 * are never published.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import type { Denoiser } from '../../../../core/contracts/denoiser-model.js';
import {
  DRAW_OUTPUT_FILES,
  type DrawOutputName,
  type DrawRequest,
  type DrawResult,
  DrawResultSchema,
} from '../../../../core/contracts/draw-request.js';
import { formatIssues } from '../../../../core/plan/errors.js';
import { type OutputObject, publishObjects } from '../storage/publish-objects.js';
import { childLocation, formatS3Uri, parseS3Uri, type S3Location } from '../storage/s3-uri.js';
import type { DrawOutputs, RunDraw } from './draw-runner.js';
import { RunnerOutputError } from './errors.js';
import { fetchDrawInputs, type InputLimits } from './fetch-inputs.js';
import type { JobQueue } from './job-queue.js';
import { errorFields, type Log } from './log.js';
import {
  createProgressWriter,
  NO_PROGRESS_WRITER,
  type ProgressWriter,
  s3ProgressSink,
} from './progress-writer.js';

export interface DrawJobDeps {
  readonly s3: S3Client;
  readonly runDraw: RunDraw;
  readonly denoiser: Denoiser;
  readonly queue: JobQueue;
  readonly limits: InputLimits;
  /** Parent of the scratch directories. @default os.tmpdir() */
  readonly workDir?: string;
  readonly log: Log;
  /** Least time between two progress writes within a stage. @default PROGRESS_WRITER_DEFAULTS.intervalMs */
  readonly progressIntervalMs?: number;
}

/** Where a job is, for timeout messages and logs. */
export interface JobProgress {
  stage: string;
}

const CONTENT_TYPES: Record<DrawOutputName, string> = {
  motion: 'application/json',
  preview: 'image/png',
  video: 'video/mp4',
};

/** Publication order: the video last, so its presence means the set is complete. */
const PUBLISH_ORDER: readonly DrawOutputName[] = ['motion', 'preview', 'video'];

export async function runDrawJob(
  request: DrawRequest,
  deps: DrawJobDeps,
  signal: AbortSignal,
  progress: JobProgress = { stage: 'fetch' },
): Promise<DrawResult> {
  const writer = progressWriterFor(request, deps);
  try {
    return await drawAndPublish(request, deps, signal, progress, writer);
  } finally {
    void writer.close(); // already closed before publishing; after a failure, not waited for
  }
}

function progressWriterFor(request: DrawRequest, deps: DrawJobDeps): ProgressWriter {
  if (!request.progress) return NO_PROGRESS_WRITER;
  return createProgressWriter({
    jobId: request.jobId,
    sink: s3ProgressSink(deps.s3, parseS3Uri(request.progress, 'progress')),
    log: deps.log,
    ...(deps.progressIntervalMs !== undefined ? { intervalMs: deps.progressIntervalMs } : {}),
  });
}

async function drawAndPublish(
  request: DrawRequest,
  deps: DrawJobDeps,
  signal: AbortSignal,
  progress: JobProgress,
  writer: ProgressWriter,
): Promise<DrawResult> {
  const { jobId } = request;
  const started = performance.now();
  const timings: Record<string, number> = {};
  const lap = (name: string, since: number): number => {
    const now = performance.now();
    timings[name] = now - since;
    return now;
  };
  const output = parseS3Uri(request.output, 'output');

  progress.stage = 'fetch';
  writer.report('fetch', 0, 0);
  const inputs = await fetchDrawInputs(deps.s3, request, deps.limits, signal);
  let mark = lap('fetchMs', started);

  progress.stage = 'queue';
  writer.report('queue', 0, 0);
  const release = await deps.queue.acquire(signal);
  mark = lap('queueMs', mark);

  let dir: string;
  try {
    dir = await mkdtemp(join(deps.workDir ?? tmpdir(), `tbd-draw-${jobId}-`));
  } catch (error) {
    release();
    throw error;
  }
  progress.stage = 'draw';
  deps.log.info('job started', { jobId, queuedMs: timings.queueMs, dir });
  const drawing = deps.runDraw(inputs, dir, {
    denoiser: deps.denoiser,
    signal,
    onProgress: (stage, done, total) => {
      if (stage !== progress.stage) deps.log.info('job stage', { jobId, stage, done, total });
      progress.stage = stage;
      writer.report(stage, done, total);
    },
  });
  const drawn = drawing.then(
    () => undefined,
    () => undefined,
  );
  void drawn.then(release);
  try {
    const outputs = await untilAborted(drawing, signal);
    mark = performance.now();
    progress.stage = 'publish';
    await writer.close(); // the progress document never changes once outputs are published
    // Checked before anything is published: a result that breaks the contract publishes nothing.
    const result = checkResult({
      jobId,
      outputs: outputUris(output),
      durationSec: outputs.durationSec,
      frames: outputs.frames,
      fps: outputs.fps,
      seed: outputs.seed,
      modelId: outputs.modelId,
      timings: roundAll({ ...outputs.timings, ...timings }),
      ...(outputs.warnings?.length ? { warnings: [...outputs.warnings] } : {}),
    });
    await publish(deps, output, outputs, signal, jobId);
    lap('publishMs', mark);
    return {
      ...result,
      timings: roundAll({ ...result.timings, ...timings, requestMs: performance.now() - started }),
    };
  } finally {
    void drawn.then(() =>
      rm(dir, { recursive: true, force: true }).catch((error: unknown) =>
        deps.log.warn('scratch directory not removed', { jobId, dir, ...errorFields(error, false) }),
      ),
    );
  }
}

async function publish(
  deps: DrawJobDeps,
  prefix: S3Location,
  outputs: DrawOutputs,
  signal: AbortSignal,
  jobId: string,
): Promise<void> {
  const paths: Record<DrawOutputName, string> = {
    video: outputs.videoPath,
    preview: outputs.previewPath,
    motion: outputs.motionPath,
  };
  const objects: OutputObject[] = [];
  for (const name of PUBLISH_ORDER) {
    objects.push({
      location: childLocation(prefix, DRAW_OUTPUT_FILES[name]),
      body: await readFile(paths[name]),
      contentType: CONTENT_TYPES[name],
      label: DRAW_OUTPUT_FILES[name],
    });
  }
  await publishObjects(deps.s3, objects, {
    signal,
    onRollbackFailure: (uri, error) =>
      deps.log.error('rollback failed: a partial output may be visible', {
        jobId,
        uri,
        ...errorFields(error, false),
      }),
  });
}

function outputUris(prefix: S3Location): DrawResult['outputs'] {
  const uri = (name: DrawOutputName): string => formatS3Uri(childLocation(prefix, DRAW_OUTPUT_FILES[name]));
  return { video: uri('video'), preview: uri('preview'), motion: uri('motion') };
}

/** @throws RunnerOutputError when the pipeline's numbers break the DrawResult contract */
function checkResult(result: DrawResult): DrawResult {
  const parsed = DrawResultSchema.safeParse(result);
  if (!parsed.success) throw new RunnerOutputError(formatIssues(parsed.error.issues));
  return parsed.data;
}

/** Whole milliseconds. */
function roundAll(timings: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(timings).map(([stage, ms]) => [stage, Math.round(ms)]));
}

/** Settles like `promise`, or rejects with the signal's reason as soon as it fires. */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
