/**
 * The local stack end to end, in-process (`startLocalStack`, what `tbd serve` runs) on free
 * ports: jobs dropped with @aws-sdk/client-s3 as any user would, the real handlers, the real
 * definition under aws-local-stepfunctions, the real sampler (ONNX prior, face mesh, ffmpeg) at
 * 256 px with 8 steps to stay fast.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeMp4 } from '../../../containers/gpu-sampler/src/encode/probe.js';
import type { RunDraw } from '../../../containers/gpu-sampler/src/server/draw-runner.js';
import { JobStatusSchema } from '../../../core/contracts/job-status.js';
import { JobErrorRecordSchema } from '../../../core/jobs/job-error-record.js';
import { JobResultSchema } from '../../../core/jobs/job-result.js';
import { ExpressionPlanSchema } from '../../../core/plan/expression-plan.js';
import { JOB_NOT_RESUMABLE } from '../../../local/stack/errors.js';
import { executionRecordKey } from '../../../local/stack/execution-record.js';
import { type LocalStack, startLocalStack } from '../../../local/stack/local-stack.js';
import {
  dropJob,
  EXAMPLES,
  memoryStackLog,
  type StackClient,
  SURPRISE_SEC,
  stackClient,
  waitFor,
} from './stack-fixtures.js';

const FREE_PORTS = { s3Port: 0, apiPort: 0, samplerPort: 0 } as const;

async function statusOf(s3: StackClient, name: string) {
  for (const key of await s3.list('jobs/')) {
    if (!key.endsWith('/status.json')) continue;
    const status = JobStatusSchema.parse(await s3.json(key));
    if (status.name === name) return status;
  }
  return undefined;
}

async function expectInputsUntouched(
  s3: StackClient,
  inputs: ReadonlyMap<string, { etag: string; bytes: Uint8Array }>,
) {
  for (const [key, { etag, bytes }] of inputs) {
    expect(await s3.etag(key), key).toBe(etag);
    expect(Buffer.from((await s3.get(key))!).equals(Buffer.from(bytes)), key).toBe(true);
  }
}

describe('tbd serve (in-process): file drops', () => {
  let dataDir: string;
  let stack: LocalStack;
  let s3: StackClient;
  const log = memoryStackLog();

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'tbd-serve-'));
    stack = await startLocalStack({ dataDir, ...FREE_PORTS, log });
    s3 = stackClient(stack.s3Endpoint, stack.bucket);
  });

  afterAll(async () => {
    s3?.destroy();
    await stack?.stop({ graceMs: 0 });
    await rm(dataDir, { recursive: true, force: true });
  });

  it('answers /healthz on the API port and names its endpoints', async () => {
    // Act
    await stack.samplerReady;
    const reply = await fetch(`${stack.apiUrl}/healthz`);

    // Assess
    expect(reply.status).toBe(200);
    expect(await reply.json()).toMatchObject({ status: 'ok', bucket: 'tbd', sampler: 'ready' });
    expect(stack.s3Endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(stack.samplerUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(stack.recovery).toEqual({ resumed: [], failed: [], ingested: [] });
  });

  it('turns a dropped job into video, plan, preview and result; the same job.json again starts nothing', async () => {
    // Prepare
    const started = Date.now();

    // Act
    const job = await dropJob(s3, 'astro');
    const result = JobResultSchema.parse(
      await waitFor('outgoing/astro/result.json', () => s3.json('outgoing/astro/result.json')),
    );
    const elapsedMs = Date.now() - started;

    // Assess: the outputs
    expect(await s3.list('outgoing/astro/')).toEqual([
      'outgoing/astro/plan.json',
      'outgoing/astro/preview.png',
      'outgoing/astro/result.json',
      'outgoing/astro/video.mp4',
    ]);
    const videoPath = join(dataDir, 'video.mp4');
    await writeFile(videoPath, (await s3.get('outgoing/astro/video.mp4'))!);
    const probe = await probeMp4(videoPath);
    expect(probe.videoCodec).toBe('avc1');
    expect(probe.hasAudio).toBe(true);
    expect([probe.width, probe.height]).toEqual([256, 256]);
    expect(probe.durationSec).toBeCloseTo(SURPRISE_SEC, 1);
    expect(result).toMatchObject({ name: 'astro', seed: 7, reasoner: 'facs', fps: 25 });
    expect(result.durationSec).toBeCloseTo(SURPRISE_SEC, 1);
    const plan = ExpressionPlanSchema.parse(await s3.json('outgoing/astro/plan.json'));
    expect(plan.prompt).toBe('surprised at first, then delighted');
    const preview = (await s3.get('outgoing/astro/preview.png'))!;
    expect([...preview.subarray(1, 4)]).toEqual([0x50, 0x4e, 0x47]);

    // Assess: the status record and one log line per stage
    const status = (await statusOf(s3, 'astro'))!;
    expect(status.stage).toBe('succeeded');
    expect(Object.keys(status.timestamps)).toEqual([
      'queued',
      'thinking',
      'drawing',
      'publishing',
      'succeeded',
    ]);
    expect(log.stagesOf(status.jobId)).toEqual(['queued', 'thinking', 'drawing', 'publishing', 'succeeded']);
    expect(log.lines.find((l) => l.includes('INFO  job succeeded'))).toContain('name=astro');
    expect(elapsedMs).toBeLessThan(90_000);

    // Act: the very same job.json again
    const statusBytes = await s3.get(`jobs/${status.jobId}/status.json`);
    await s3.put('incoming/astro/job.json', job.manifest, 'application/json');
    await waitFor('the duplicate to be ingested', async () =>
      log.lines.some((l) => l.includes('job duplicate') && l.includes(status.jobId)) ? true : undefined,
    );
    await stack.idle();

    // Assess: nothing started, nothing changed, inputs untouched
    expect(stack.executions()).toHaveLength(1);
    expect(stack.executions()[0]).toMatchObject({ name: status.jobId, state: 'succeeded', runs: 1 });
    expect(await s3.get(`jobs/${status.jobId}/status.json`)).toEqual(statusBytes);
    expect(log.stagesOf(status.jobId).filter((s) => s === 'queued')).toHaveLength(1);
    await expectInputsUntouched(s3, job.inputs);
  }, 120_000);

  it('ends a job with a corrupt portrait in error.json naming the portrait', async () => {
    // Prepare: the first 2 KB of a PNG: it passes ingest's magic-bytes check, not the decoder
    const real = new Uint8Array(await readFile(new URL('portrait-astronaut.png', EXAMPLES)));

    // Act
    const job = await dropJob(s3, 'broken', { portrait: real.subarray(0, 2048) });
    const record = JobErrorRecordSchema.parse(
      await waitFor('outgoing/broken/error.json', () => s3.json('outgoing/broken/error.json')),
    );

    // Assess
    expect(record.error).toMatchObject({ name: 'CorruptImageError', stage: 'drawing' });
    expect(record.error.message).toMatch(/portrait 'portrait\.png' cannot be decoded/);
    expect(await s3.list('outgoing/broken/')).toEqual(['outgoing/broken/error.json']);
    const status = (await statusOf(s3, 'broken'))!;
    expect(status).toMatchObject({ stage: 'failed', error: { name: 'CorruptImageError' } });
    expect(log.stagesOf(status.jobId)).toEqual(['queued', 'thinking', 'drawing', 'failed']);
    await expectInputsUntouched(s3, job.inputs);
  }, 120_000);
});

describe('tbd serve (in-process): a restart loses no job', () => {
  let dataDir: string;
  const stacks: LocalStack[] = [];
  const clients: StackClient[] = [];

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'tbd-serve-restart-'));
  });

  afterAll(async () => {
    for (const client of clients) client.destroy();
    for (const stack of stacks) await stack.stop({ graceMs: 0 });
    await rm(dataDir, { recursive: true, force: true });
  });

  async function start(log = memoryStackLog(), runDraw?: RunDraw) {
    const stack = await startLocalStack({ dataDir, ...FREE_PORTS, log, sampler: { runDraw } });
    stacks.push(stack);
    const s3 = stackClient(stack.s3Endpoint, stack.bucket);
    clients.push(s3);
    return { stack, s3, log };
  }

  it('resumes a job interrupted while drawing, and fails one whose job.json is gone', async () => {
    // Prepare: a job stopped mid-draw (a draw that only ends when aborted), and the status record
    // of a job whose job.json was deleted
    const first = await start(memoryStackLog(), drawUntilAborted);
    const job = await dropJob(first.s3, 'resume-me');
    const interrupted = await waitFor('resume-me to be drawing', async () => {
      const status = await statusOf(first.s3, 'resume-me');
      return status?.stage === 'drawing' ? status : undefined;
    });
    const orphan = JobStatusSchema.parse({
      ...interrupted,
      jobId: 'gone-000000000000000000000000',
      name: 'gone',
      stage: 'thinking',
      source: { bucket: 'tbd', key: 'incoming/gone/job.json', etag: '"0123"' },
    });
    await first.s3.put(`jobs/${orphan.jobId}/status.json`, JSON.stringify(orphan));
    await first.stack.stop({ graceMs: 0 });
    const left = JobStatusSchema.parse(await readStatusFile(dataDir, interrupted.jobId));
    expect(left.stage).toBe('drawing');
    expect(first.log.stagesOf(interrupted.jobId)).toContain('interrupted');

    // Act
    const second = await start();
    const result = JobResultSchema.parse(
      await waitFor('outgoing/resume-me/result.json', () => second.s3.json('outgoing/resume-me/result.json')),
    );

    // Assess: resumed under the same id and finished
    expect(second.stack.recovery.resumed).toEqual([interrupted.jobId]);
    expect(result.jobId).toBe(interrupted.jobId);
    expect((await statusOf(second.s3, 'resume-me'))?.stage).toBe('succeeded');
    expect(await second.s3.json(executionRecordKey(interrupted.jobId))).toMatchObject({ runs: 2 });
    expect(second.log.stagesOf(interrupted.jobId)).toEqual([
      'resumed',
      'thinking',
      'drawing',
      'publishing',
      'succeeded',
    ]);
    await expectInputsUntouched(second.s3, job.inputs);

    // Assess: the orphan failed with a reason
    expect(second.stack.recovery.failed).toEqual([
      { jobId: orphan.jobId, reason: expect.stringMatching(/job\.json was deleted/) },
    ]);
    expect(await second.s3.json('outgoing/gone/error.json')).toMatchObject({
      error: { name: JOB_NOT_RESUMABLE, stage: 'thinking' },
    });
    expect((await statusOf(second.s3, 'gone'))?.stage).toBe('failed');
  }, 150_000);
});

/** A Draw that never finishes by itself: the job is surely drawing when the stack stops. */
const drawUntilAborted: RunDraw = (_inputs, _outDir, deps) =>
  new Promise((_resolve, reject) => {
    deps.signal?.addEventListener('abort', () => reject(deps.signal?.reason), { once: true });
  });

/** A status record read from s3rver's files while no stack runs. */
async function readStatusFile(dataDir: string, jobId: string): Promise<unknown> {
  const path = join(dataDir, 's3', 'tbd', 'jobs', jobId, 'status.json._S3rver_object');
  return JSON.parse(await readFile(path, 'utf8'));
}
