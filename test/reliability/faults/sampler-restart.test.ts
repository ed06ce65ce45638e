/**
 * Fault: the sampler restarts while a job is drawing. The stack calls an external sampler
 * (`sampler: { url }`, the container's server started the way `tbd sampler` starts it); the test
 * stops it mid-draw the way SIGTERM does (drain: the running draw is aborted and rolled back, the
 * caller gets a 503) and starts a new one on the same port, or does not.
 *
 * The job is re-submitted to the new sampler once its `GET /ping` answers 200, and succeeds with
 * one set of outputs; without a sampler it fails cleanly within the Draw state's retries, each
 * bounded by the readiness wait. It never stays `drawing`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunDraw } from '../../../containers/gpu-sampler/src/server/draw-runner.js';
import type { RunningSampler } from '../../../containers/gpu-sampler/src/server/start-sampler.js';
import { JobErrorRecordSchema } from '../../../core/jobs/job-error-record.js';
import { type MemoryStackLog, memoryStackLog } from '../../local/stack/stack-fixtures.js';
import {
  DRAW_OUTPUTS,
  drawUntilAborted,
  dropTinyJob,
  expectInputsUntouched,
  type FaultStack,
  filesUnder,
  finalStatusOf,
  freePort,
  latch,
  OUTGOING_SUCCESS,
  pipelineRunDraw,
  retriesOf,
  startExternalSampler,
  startFaultStack,
} from './fault-fixtures.js';

describe('fault: the sampler restarts while a job is drawing', () => {
  let dataDir: string;
  let port: number;
  let fault: FaultStack | undefined;
  let samplerLog: MemoryStackLog;
  const samplers: RunningSampler[] = [];

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'tbd-fault-restart-'));
    port = await freePort();
    samplerLog = memoryStackLog();
  });

  afterEach(async () => {
    await fault?.close();
    for (const sampler of samplers.splice(0)) await sampler.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  /** The first sampler: its draw runs until the sampler is stopped. */
  async function firstSampler(stack: FaultStack) {
    const drawing = latch();
    let abortReason: unknown;
    const runDraw: RunDraw = (inputs, outDir, deps) => {
      deps.signal?.addEventListener('abort', () => {
        abortReason = deps.signal?.reason;
      });
      drawing.fire();
      return drawUntilAborted(inputs, outDir, deps);
    };
    const sampler = await startExternalSampler({
      port,
      s3Endpoint: stack.stack.s3Endpoint,
      log: samplerLog,
      runDraw,
    });
    samplers.push(sampler);
    return { sampler, drawing: drawing.fired, abortReason: () => abortReason };
  }

  it('re-submits the job to the restarted sampler, which publishes one set of outputs', async () => {
    // Prepare
    fault = await startFaultStack(dataDir, { sampler: { url: `http://127.0.0.1:${port}` } });
    const first = await firstSampler(fault);
    const real = await pipelineRunDraw();
    let secondDraws = 0;

    // Act: stop the sampler mid-draw (SIGTERM's drain), then start a new one on the same port
    const job = await dropTinyJob(fault.s3, 'restart');
    await first.drawing;
    await first.sampler.stop();
    const second = await startExternalSampler({
      port,
      s3Endpoint: fault.stack.s3Endpoint,
      log: samplerLog,
      runDraw: (inputs, outDir, deps) => {
        secondDraws += 1;
        return real(inputs, outDir, deps);
      },
    });
    samplers.push(second);
    const status = await finalStatusOf(fault, 'restart');

    // Assess: the first draw was aborted by the shutdown, the job drawn once more by the new sampler
    expect(first.abortReason()).toMatchObject({ name: 'ServerDrainingError' });
    expect(secondDraws).toBe(1);
    expect(retriesOf(fault.log, status.jobId)).toEqual([
      { state: 'Draw', error: expect.stringMatching(/^"TransientError: /) },
    ]);
    expect(status).toMatchObject({ stage: 'succeeded' });
    expect(fault.log.stagesOf(status.jobId)).toEqual([
      'queued',
      'thinking',
      'drawing',
      'retrying',
      'publishing',
      'succeeded',
    ]);
    expect(await filesUnder(fault.s3, `jobs/${status.jobId}/draw/`)).toEqual([...DRAW_OUTPUTS]);
    expect(await filesUnder(fault.s3, 'outgoing/restart/')).toEqual([...OUTGOING_SUCCESS]);
    expect(fault.stack.executions()).toEqual([expect.objectContaining({ state: 'succeeded', runs: 1 })]);
    await expectInputsUntouched(fault.s3, job);
  }, 90_000);

  it('fails the job cleanly when the sampler does not come back', async () => {
    // Prepare: each Draw attempt waits at most 1 s for the sampler
    fault = await startFaultStack(dataDir, {
      sampler: { url: `http://127.0.0.1:${port}`, readyTimeoutMs: 1000 },
    });
    const first = await firstSampler(fault);

    // Act
    const job = await dropTinyJob(fault.s3, 'gone');
    await first.drawing;
    const stopped = Date.now();
    await first.sampler.stop();
    const status = await finalStatusOf(fault, 'gone');

    // Assess: the aborted attempt and two retries that found no sampler, then error.json
    expect(Date.now() - stopped).toBeLessThan(15_000);
    expect(retriesOf(fault.log, status.jobId).map((retry) => retry.state)).toEqual(['Draw', 'Draw']);
    const message = `the sampler at http://127.0.0.1:${port} was not ready within 1 s (connect ECONNREFUSED 127.0.0.1:${port})`;
    expect(status).toMatchObject({
      stage: 'failed',
      error: { name: 'TransientError', message, stage: 'drawing' },
    });
    const record = JobErrorRecordSchema.parse(await fault.s3.json('outgoing/gone/error.json'));
    expect(record.error).toEqual({ name: 'TransientError', message, stage: 'drawing' });
    expect(await filesUnder(fault.s3, 'outgoing/gone/')).toEqual(['error.json']);
    expect(await filesUnder(fault.s3, `jobs/${status.jobId}/draw/`)).toEqual([]);
    expect(fault.stack.executions()).toEqual([expect.objectContaining({ state: 'failed' })]);
    await expectInputsUntouched(fault.s3, job);
  }, 90_000);
});
