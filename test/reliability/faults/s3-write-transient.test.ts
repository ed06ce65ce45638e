/**
 * Fault: S3 writes fail transiently. The stack's own S3 clients (handlers and sampler) talk to the
 * S3 API through a loopback proxy (`s3ClientEndpoint`) that answers the first N PUTs of a key
 * with `503 ServiceUnavailable`. The retries are the product's own: the SDK's retry strategy
 * (3 attempts per call) first, then the state's Retry in the definition once the SDK gives up
 * (TransientError). Each test counts the attempts at the proxy.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { JobErrorRecordSchema } from '../../../core/jobs/job-error-record.js';
import { JobResultSchema } from '../../../core/jobs/job-result.js';
import {
  DRAW_OUTPUTS,
  dropTinyJob,
  expectInputsUntouched,
  type FaultStack,
  filesUnder,
  finalStatusOf,
  freePort,
  OUTGOING_SUCCESS,
  retriesOf,
  startFaultStack,
} from './fault-fixtures.js';
import { type S3FaultProxy, startS3FaultProxy } from './s3-fault-proxy.js';

/** The SDK's attempts per S3 call (its default retry strategy). */
const SDK_ATTEMPTS = 3;

describe('fault: S3 writes fail transiently', () => {
  let dataDir: string;
  let fault: FaultStack;
  let proxy: S3FaultProxy;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'tbd-fault-s3-'));
    const s3Port = await freePort();
    proxy = await startS3FaultProxy({ host: '127.0.0.1', port: s3Port });
    fault = await startFaultStack(dataDir, { s3Port, s3ClientEndpoint: proxy.url });
  });

  afterEach(() => proxy.setFaults([]));

  afterAll(async () => {
    await fault?.close();
    await proxy?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("absorbs two failed PUTs of result.json in the SDK's own retries", async () => {
    // Prepare
    proxy.setFaults([{ method: 'PUT', key: /^outgoing\/sdk-retry\/result\.json$/, times: 2 }]);

    // Act
    const job = await dropTinyJob(fault.s3, 'sdk-retry');
    const status = await finalStatusOf(fault, 'sdk-retry');

    // Assess: three PUTs, the third stored; no state was retried
    const result = /^outgoing\/sdk-retry\/result\.json$/;
    expect(proxy.count('PUT', result, (r) => r.injected)).toBe(2);
    expect(proxy.count('PUT', result, (r) => !r.injected && r.status === 200)).toBe(1);
    expect(status).toMatchObject({ stage: 'succeeded', reasoner: 'facs' });
    expect(retriesOf(fault.log, status.jobId)).toEqual([]);
    expect(JobResultSchema.parse(await fault.s3.json('outgoing/sdk-retry/result.json')).jobId).toBe(
      status.jobId,
    );
    expect(await filesUnder(fault.s3, 'outgoing/sdk-retry/')).toEqual([...OUTGOING_SUCCESS]);
    await expectInputsUntouched(fault.s3, job);
  }, 90_000);

  it("retries Think when plan.json's PUT fails past the SDK's attempts", async () => {
    // Prepare: every SDK attempt of Think's first run fails
    proxy.setFaults([{ method: 'PUT', key: /^jobs\/plan-retry-[^/]+\/plan\.json$/, times: SDK_ATTEMPTS }]);

    // Act
    const job = await dropTinyJob(fault.s3, 'plan-retry');
    const status = await finalStatusOf(fault, 'plan-retry');

    // Assess: 3 failed PUTs (one Think run), then Think ran again and its PUT was stored
    const plan = /^jobs\/plan-retry-[^/]+\/plan\.json$/;
    expect(proxy.count('PUT', plan, (r) => r.injected)).toBe(SDK_ATTEMPTS);
    expect(proxy.count('PUT', plan, (r) => !r.injected && r.status === 200)).toBe(1);
    expect(retriesOf(fault.log, status.jobId)).toEqual([
      {
        state: 'Think',
        error: expect.stringMatching(/^"TransientError: PutObject jobs\/plan-retry-.*ServiceUnavailable/),
      },
    ]);
    expect(status).toMatchObject({ stage: 'succeeded' });
    expect(await filesUnder(fault.s3, 'outgoing/plan-retry/')).toEqual([...OUTGOING_SUCCESS]);
    await expectInputsUntouched(fault.s3, job);
  }, 90_000);

  it("rolls back the sampler's outputs when video.mp4's PUT fails past the SDK's attempts, and retries Draw", async () => {
    // Prepare: the sampler's first publish cannot write the video (its commit point)
    const video = /^jobs\/draw-retry-[^/]+\/draw\/video\.mp4$/;
    proxy.setFaults([{ method: 'PUT', key: video, times: SDK_ATTEMPTS }]);

    // Act
    const job = await dropTinyJob(fault.s3, 'draw-retry');
    const status = await finalStatusOf(fault, 'draw-retry');

    // Assess: the first publish was rolled back (its companions deleted), Draw ran again
    expect(proxy.count('PUT', video, (r) => r.injected)).toBe(SDK_ATTEMPTS);
    expect(proxy.count('PUT', video, (r) => !r.injected)).toBe(1);
    const rolledBack = proxy.requests
      .filter((r) => r.method === 'DELETE' && r.status === 204 && /^jobs\/draw-retry-/.test(r.key))
      .map((r) => r.key.replace(/^jobs\/[^/]+\//, ''));
    expect([...new Set(rolledBack)].sort()).toEqual([
      'draw/motion.json',
      'draw/preview.png',
      'draw/video.mp4',
    ]);
    expect(retriesOf(fault.log, status.jobId)).toEqual([
      { state: 'Draw', error: expect.stringMatching(/^"TransientError: .*ObjectWriteError/) },
    ]);
    expect(status).toMatchObject({ stage: 'succeeded' });
    expect(await filesUnder(fault.s3, `jobs/${status.jobId}/draw/`)).toEqual([...DRAW_OUTPUTS]);
    expect(await filesUnder(fault.s3, 'outgoing/draw-retry/')).toEqual([...OUTGOING_SUCCESS]);
    await expectInputsUntouched(fault.s3, job);
  }, 90_000);

  it('fails cleanly when result.json can never be written: error.json alone, after every retry', async () => {
    // Prepare
    const result = /^outgoing\/never\/result\.json$/;
    proxy.setFaults([{ method: 'PUT', key: result, times: 1000 }]);

    // Act
    const job = await dropTinyJob(fault.s3, 'never');
    const status = await finalStatusOf(fault, 'never');

    // Assess: Publish ran 1 + 4 times (its Retry), each with the SDK's 3 attempts
    expect(proxy.count('PUT', result)).toBe(5 * SDK_ATTEMPTS);
    expect(retriesOf(fault.log, status.jobId).map((r) => r.state)).toEqual([
      'Publish',
      'Publish',
      'Publish',
      'Publish',
    ]);
    expect(status).toMatchObject({ stage: 'failed', error: { name: 'TransientError', stage: 'publishing' } });
    const record = JobErrorRecordSchema.parse(await fault.s3.json('outgoing/never/error.json'));
    expect(record.error).toMatchObject({ name: 'TransientError', stage: 'publishing' });
    expect(record.error.message).toMatch(/^PutObject outgoing\/never\/result\.json: ServiceUnavailable/);
    expect(await filesUnder(fault.s3, 'outgoing/never/')).toEqual(['error.json']);
    await expectInputsUntouched(fault.s3, job);
  }, 90_000);
});
