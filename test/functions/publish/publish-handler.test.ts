import { beforeAll, describe, expect, it, vi } from 'vitest';
import { JobStatusSchema } from '../../../core/contracts/job-status.js';
import { JobResultSchema } from '../../../core/jobs/job-result.js';
import { createPublishHandler } from '../../../functions/publish/publish-handler.js';
import { localLambdaContext } from '../../../functions/shared/local-invoke.js';
import type { MemoryObjectStore } from '../../../functions/shared/memory-object-store.js';
import { drawResult } from '../draw-submit/fixtures.js';
import { quiet } from '../ingest/fixtures.js';
import { drawnJob, JOB_ID, NOW, publishEvent } from './fixtures.js';
import type { Mp4FixtureOptions } from './mp4-fixture.js';

beforeAll(() => {
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
});

/** Records the order of writes to outgoing/. */
function trackWrites(objects: MemoryObjectStore): string[] {
  const writes: string[] = [];
  const put = objects.put.bind(objects);
  const copy = objects.copy.bind(objects);
  objects.put = async (key, body, options) => {
    if (key.startsWith('outgoing/')) writes.push(key);
    return put(key, body, options);
  };
  objects.copy = async (source, target) => {
    writes.push(target);
    return copy(source, target);
  };
  return writes;
}

async function setup(video?: Mp4FixtureOptions) {
  const { objects, jobs } = await drawnJob(video);
  const handler = createPublishHandler({ jobs, ...quiet('publish') });
  return { objects, run: (event: unknown) => handler(event, localLambdaContext('publish')) };
}

describe('publish handler', () => {
  it('copies the outputs to outgoing/<name>/ with result.json last and marks the job succeeded', async () => {
    // Prepare
    const { objects, run } = await setup();
    await objects.put('outgoing/clip/error.json', '{}');
    const writes = trackWrites(objects);

    // Act
    const result = await run(publishEvent());

    // Assess
    expect(result).toEqual({
      jobId: JOB_ID,
      resultKey: 'outgoing/clip/result.json',
      outputs: {
        video: 'outgoing/clip/video.mp4',
        plan: 'outgoing/clip/plan.json',
        preview: 'outgoing/clip/preview.png',
        result: 'outgoing/clip/result.json',
      },
      durationSec: 2,
    });
    expect(writes.at(-1)).toBe('outgoing/clip/result.json');
    expect(writes.slice(0, -1).sort()).toEqual([
      'outgoing/clip/plan.json',
      'outgoing/clip/preview.png',
      'outgoing/clip/video.mp4',
    ]);
    expect(objects.keys().filter((k) => k.startsWith('outgoing/'))).not.toContain('outgoing/clip/error.json');
    const published = JobResultSchema.parse(objects.json('outgoing/clip/result.json'));
    expect(published).toMatchObject({
      jobId: JOB_ID,
      name: 'clip',
      files: { video: 'video.mp4', plan: 'plan.json', preview: 'preview.png' },
      video: { durationSec: 2.02, hasAudio: true },
      durationSec: 2,
      seed: 7,
      modelId: 'motion-prior@1',
      reasoner: 'facs',
      publishedAt: NOW.toISOString(),
    });
    const status = JobStatusSchema.parse(objects.json(`jobs/${JOB_ID}/status.json`));
    expect(status).toMatchObject({
      stage: 'succeeded',
      seed: 7,
      reasoner: 'facs',
      durationSec: 2,
      outputs: result.outputs,
    });
    expect(Object.keys(status.timestamps)).toEqual(['queued', 'drawing', 'publishing', 'succeeded']);
  });

  it('is idempotent when retried', async () => {
    const { objects, run } = await setup();
    const first = await run(publishEvent());
    const again = await run(publishEvent());
    expect(again).toEqual(first);
    expect(objects.json(`jobs/${JOB_ID}/status.json`)).toMatchObject({ stage: 'succeeded' });
  });

  it('refuses a video whose duration does not match the speech', async () => {
    const { objects, run } = await setup({ durationSec: 3 });
    await expect(run(publishEvent())).rejects.toMatchObject({
      name: 'Mp4CheckError',
      message: expect.stringContaining('lasts 3.000 s but the speech lasts 2.000 s'),
    });
    expect(objects.keys().filter((k) => k.startsWith('outgoing/'))).toEqual([]);
  });

  it('refuses a video without audio, and a corrupt one', async () => {
    const silent = await setup({ audio: false, durationSec: 2 });
    await expect(silent.run(publishEvent())).rejects.toThrow(/no audio track/);
    const corrupt = await setup();
    await corrupt.objects.put(`jobs/${JOB_ID}/draw/video.mp4`, new Uint8Array(4096).fill(7));
    await expect(corrupt.run(publishEvent())).rejects.toMatchObject({ name: 'Mp4CheckError' });
  });

  it('refuses outputs outside the job folder and missing previews', async () => {
    const { objects, run } = await setup();
    const draw = {
      ...publishEvent().draw,
      outputs: { ...drawResult().outputs, video: 's3://tbd/jobs/other/draw/video.mp4' },
    };
    await expect(run(publishEvent({ draw }))).rejects.toMatchObject({ name: 'OutputLocationError' });
    await objects.delete(`jobs/${JOB_ID}/draw/preview.png`);
    await expect(run(publishEvent())).rejects.toMatchObject({ name: 'MissingOutputError' });
  });

  it('names bad fields of its payload', async () => {
    const { run } = await setup();
    await expect(run({ ...publishEvent(), planKey: '' })).rejects.toMatchObject({
      name: 'PublishEventError',
      message: expect.stringContaining('planKey'),
    });
  });
});
