/**
 * GET /v1/jobs/{id} shows how far a drawing job is, over real HTTP against the local stack
 * (`tbd serve`'s composition on free ports) with the real Draw pipeline: the sampler's denoiser is
 * held at its fourth call, so the job stays in the motion stage until the test lets it go. While
 * held, the view carries `progress`; once the job succeeded, it does not (the document is still in
 * the bucket, ignored).
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateJobResponseSchema, type JobView, JobViewSchema } from '../../../core/contracts/api.js';
import { ApiJobRecordSchema, apiJobKey } from '../../../core/contracts/api-job-record.js';
import { JobProgressSchema } from '../../../core/contracts/job-progress.js';
import { mountApi } from '../../../local/api/mount-api.js';
import { type LocalStack, startLocalStack } from '../../../local/stack/local-stack.js';
import { heldDraw } from '../../helpers/held-draw.js';
import { EXAMPLES, memoryStackLog, stackClient, waitFor } from '../stack/stack-fixtures.js';

const KEY = 'tbd_acme-secret-key-0123456789abcdef';
const STEPS = 8;

describe('GET /v1/jobs/{id} while the job draws (tbd serve, in-process)', () => {
  let dataDir: string;
  let stack: LocalStack;
  const held = heldDraw(4);

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'tbd-progress-e2e-'));
    await writeFile(
      join(dataDir, 'api-keys.json'),
      JSON.stringify({ keys: [{ id: 'acme-1', tenant: 'acme', key: KEY }] }),
    );
    stack = await startLocalStack({
      dataDir,
      s3Port: 0,
      apiPort: 0,
      samplerPort: 0,
      api: mountApi,
      log: memoryStackLog(),
      sampler: { runDraw: held.runDraw, config: { progressIntervalMs: 100 } },
    });
  });

  afterAll(async () => {
    held.release();
    await stack?.stop({ graceMs: 0 });
    await rm(dataDir, { recursive: true, force: true });
  });

  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${stack.apiUrl}${path}`, { ...init, headers: { 'x-api-key': KEY, ...init.headers } });

  const view = async (id: string): Promise<JobView> =>
    JobViewSchema.parse(await (await api(`/v1/jobs/${id}`)).json());

  async function startedJob(): Promise<string> {
    const portrait = await readFile(new URL('portrait-astronaut.png', EXAMPLES));
    const speech = await readFile(new URL('speech-surprise-16k.wav', EXAMPLES));
    const created = CreateJobResponseSchema.parse(
      await (
        await api('/v1/jobs', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            emotion: 'surprised at first, then delighted',
            options: { size: 128, steps: STEPS, seed: 7, fps: 25 },
            portrait: { contentType: 'image/png', size: portrait.length },
            audio: { contentType: 'audio/wav', size: speech.length },
          }),
        })
      ).json(),
    );
    for (const [post, bytes] of [
      [created.uploads.portrait, portrait],
      [created.uploads.audio, speech],
    ] as const) {
      const form = new FormData();
      for (const [field, value] of Object.entries(post.fields)) form.append(field, value);
      form.append('file', new Blob([bytes]));
      expect((await fetch(post.url, { method: 'POST', body: form })).status).toBe(204);
    }
    expect((await api(`/v1/jobs/${created.jobId}/start`, { method: 'POST' })).status).toBe(202);
    return created.jobId;
  }

  it('carries the progress while drawing, and none once the job succeeded', async () => {
    // Prepare
    await stack.samplerReady;
    const id = await startedJob();

    // Act: wait for the held motion stage to show, then let the draw finish
    const drawing = await waitFor(
      'the motion stage in the view',
      async () => {
        const current = await view(id);
        return current.progress?.stage === 'motion' ? current : undefined;
      },
      15_000,
      50,
    );
    held.release();
    const done = await waitFor(
      'the job to finish',
      async () => {
        const current = await view(id);
        return current.stage === 'succeeded' || current.stage === 'failed' ? current : undefined;
      },
      15_000,
      100,
    );

    // Assess: while drawing
    expect(drawing.stage).toBe('drawing');
    const progress = drawing.progress!;
    expect(progress.total).toBe(STEPS);
    expect(progress.done).toBeGreaterThanOrEqual(1);
    expect(progress.done).toBeLessThan(STEPS);
    expect(Date.parse(progress.updatedAt)).toBeLessThanOrEqual(Date.now());

    // Assess: after completion, no progress, although the sampler's document is still there
    expect(done, JSON.stringify(done.error)).toMatchObject({ stage: 'succeeded' });
    expect(done.progress).toBeUndefined();
    const s3 = stackClient(stack.s3Endpoint, stack.bucket);
    try {
      const record = ApiJobRecordSchema.parse(await s3.json(apiJobKey('acme', id)));
      const pipelineJobId = record.started?.pipelineJobId;
      const left = JobProgressSchema.parse(await s3.json(`jobs/${pipelineJobId}/progress.json`));
      expect(left.jobId).toBe(pipelineJobId);
    } finally {
      s3.destroy();
    }
  }, 20_000);
});
