/**
 * Draw-stage test data: a job recorded as thinking, the Draw state's payload and a DrawResult.
 */
import type { DrawResult } from '../../../core/contracts/draw-request.js';
import { advanceStatus, newJobStatus } from '../../../core/jobs/status-transitions.js';
import { JobStore } from '../../../functions/shared/job-store.js';
import { MemoryObjectStore } from '../../../functions/shared/memory-object-store.js';
import { putJson } from '../../../functions/shared/object-store.js';

export const JOB_ID = 'clip-0123456789abcdef01234567';
export const NOW = new Date('2025-03-01T12:00:00.000Z');

/** A store holding the status record of JOB_ID in stage `thinking`. */
export async function thinkingJob(): Promise<{ objects: MemoryObjectStore; jobs: JobStore }> {
  const objects = new MemoryObjectStore('tbd');
  const jobs = new JobStore(objects, { clock: () => NOW });
  const queued = newJobStatus({
    jobId: JOB_ID,
    ref: { name: 'clip' },
    source: { bucket: 'tbd', key: 'incoming/clip/job.json', etag: '"e"' },
    at: NOW,
  });
  await putJson(objects, `jobs/${JOB_ID}/status.json`, advanceStatus(queued, 'thinking', NOW).status);
  return { objects, jobs };
}

export function drawPayload(overrides: Record<string, unknown> = {}) {
  return {
    jobId: JOB_ID,
    taskToken: 'AQCEAAAAKgAAAAMAAAAAAAAAAT-token',
    portraitKey: 'incoming/clip/portrait.png',
    audioKey: 'incoming/clip/speech.wav',
    planKey: `jobs/${JOB_ID}/plan.json`,
    options: { seed: 7, size: 256 },
    ...overrides,
  };
}

export function drawResult(overrides: Partial<DrawResult> = {}): DrawResult {
  const out = `s3://tbd/jobs/${JOB_ID}/draw/`;
  return structuredClone({
    jobId: JOB_ID,
    outputs: { video: `${out}video.mp4`, preview: `${out}preview.png`, motion: `${out}motion.json` },
    durationSec: 2,
    frames: 50,
    fps: 25,
    seed: 7,
    modelId: 'motion-prior@1',
    timings: { sample: 120, render: 800, total: 1100 },
    ...overrides,
  });
}
