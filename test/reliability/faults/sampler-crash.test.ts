/**
 * Fault: the sampler crashes mid-job.
 *
 * - In-process sampler, its Draw pipeline (`sampler: { runDraw }`) crashing after it has drawn:
 *   the server answers 500, the Draw task reports `SamplerFaultError`, which the definition
 *   retries once. A crash that does not recur costs one retry; one that does ends the job cleanly.
 * - External sampler behind a TCP proxy that resets the connection mid-draw (the process died,
 *   as seen from the stack): `TransientError`, retried; the abandoned draw is rolled back.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunDraw } from '../../../containers/gpu-sampler/src/server/draw-runner.js';
import type { RunningSampler } from '../../../containers/gpu-sampler/src/server/start-sampler.js';
import { JobErrorRecordSchema } from '../../../core/jobs/job-error-record.js';
import { memoryStackLog } from '../../local/stack/stack-fixtures.js';
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
import { startTcpProxy, type TcpProxy } from './tcp-proxy.js';

/** What the simulated crash throws inside the sampler (the caller only learns "internal error"). */
class SimulatedCrash extends Error {
  constructor() {
    super('native code crashed (simulated)');
    this.name = 'SimulatedCrash';
  }
}

describe('fault: the Draw pipeline crashes inside the sampler', () => {
  let dataDir: string;
  let fault: FaultStack;
  /** Draws of the current test's job, and which of them crash. */
  let draws = 0;
  let crashes: (draw: number) => boolean = () => false;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'tbd-fault-crash-'));
    const real = await pipelineRunDraw();
    const runDraw: RunDraw = async (inputs, outDir, deps) => {
      draws += 1;
      const draw = draws;
      const outputs = await real(inputs, outDir, deps);
      if (crashes(draw)) throw new SimulatedCrash();
      return outputs;
    };
    fault = await startFaultStack(dataDir, { sampler: { runDraw } });
  });

  afterAll(async () => {
    await fault?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('retries a crash once; the second draw succeeds and publishes one set of outputs', async () => {
    // Prepare
    crashes = (draw) => draw === 1;
    draws = 0;

    // Act
    const job = await dropTinyJob(fault.s3, 'crash-once');
    const status = await finalStatusOf(fault, 'crash-once');

    // Assess
    expect(draws).toBe(2);
    expect(retriesOf(fault.log, status.jobId)).toEqual([
      {
        state: 'Draw',
        error: expect.stringMatching(
          /^"SamplerFaultError: the sampler failed \(HTTP 500\): internal error \(SimulatedCrash\) in job crash-once-/,
        ),
      },
    ]);
    expect(status).toMatchObject({ stage: 'succeeded' });
    expect(await filesUnder(fault.s3, `jobs/${status.jobId}/draw/`)).toEqual([...DRAW_OUTPUTS]);
    expect(await filesUnder(fault.s3, 'outgoing/crash-once/')).toEqual([...OUTGOING_SUCCESS]);
    await expectInputsUntouched(fault.s3, job);
  }, 90_000);

  it('fails cleanly when every draw crashes: error.json, status failed, no outputs, inputs untouched', async () => {
    // Prepare
    crashes = () => true;
    draws = 0;

    // Act
    const job = await dropTinyJob(fault.s3, 'crash-always');
    const status = await finalStatusOf(fault, 'crash-always');

    // Assess: the first draw and one retry, then the Catch path
    expect(draws).toBe(2);
    expect(retriesOf(fault.log, status.jobId).map((retry) => retry.state)).toEqual(['Draw']);
    const message = `the sampler failed (HTTP 500): internal error (SimulatedCrash) in job ${status.jobId}; the details are in the sampler's log`;
    expect(status).toMatchObject({
      stage: 'failed',
      error: { name: 'SamplerFaultError', message, stage: 'drawing' },
    });
    const record = JobErrorRecordSchema.parse(await fault.s3.json('outgoing/crash-always/error.json'));
    expect(record).toMatchObject({
      jobId: status.jobId,
      name: 'crash-always',
      error: { name: 'SamplerFaultError', message, stage: 'drawing' },
    });
    expect(await filesUnder(fault.s3, 'outgoing/crash-always/')).toEqual(['error.json']);
    expect(await filesUnder(fault.s3, `jobs/${status.jobId}/draw/`)).toEqual([]);
    expect(fault.log.stagesOf(status.jobId)).toEqual(['queued', 'thinking', 'drawing', 'retrying', 'failed']);
    // the details stay in the sampler's log, not in error.json
    const samplerErrors = fault.log.lines.filter(
      (line) => line.includes('ERROR sampler: job failed') && line.includes(`jobId=${status.jobId}`),
    );
    expect(samplerErrors).toHaveLength(2);
    expect(samplerErrors[0]).toContain('native code crashed (simulated)');
    await expectInputsUntouched(fault.s3, job);
  }, 90_000);
});

describe('fault: the sampler process dies mid-draw (its connection is reset)', () => {
  let dataDir: string;
  let fault: FaultStack;
  let sampler: RunningSampler;
  let proxy: TcpProxy;
  const samplerLog = memoryStackLog();
  let calls = 0;
  const drawing = latch();
  let firstAbortReason: unknown;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'tbd-fault-reset-'));
    const port = await freePort();
    proxy = await startTcpProxy({ host: '127.0.0.1', port });
    fault = await startFaultStack(dataDir, { sampler: { url: proxy.url, readyTimeoutMs: 30_000 } });
    const real = await pipelineRunDraw();
    sampler = await startExternalSampler({
      port,
      s3Endpoint: fault.stack.s3Endpoint,
      log: samplerLog,
      runDraw: async (inputs, outDir, deps) => {
        calls += 1;
        if (calls > 1) return real(inputs, outDir, deps);
        deps.signal?.addEventListener('abort', () => {
          firstAbortReason = deps.signal?.reason;
        });
        drawing.fire();
        return drawUntilAborted(inputs, outDir, deps);
      },
    });
  });

  afterAll(async () => {
    await fault?.close();
    await sampler?.stop();
    await proxy?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('retries the draw on a fresh connection; the abandoned draw writes nothing', async () => {
    // Act: cut the connection while the first draw runs
    const job = await dropTinyJob(fault.s3, 'reset');
    await drawing.fired;
    expect(proxy.cut()).toBeGreaterThan(0);
    const status = await finalStatusOf(fault, 'reset');

    // Assess: the sampler saw its caller go and abandoned the draw; the retry drew it again
    expect(calls).toBe(2);
    expect(firstAbortReason).toMatchObject({ name: 'CallerGoneError' });
    expect(retriesOf(fault.log, status.jobId)).toEqual([
      { state: 'Draw', error: expect.stringMatching(/^"TransientError: the sampler at .* did not answer/) },
    ]);
    expect(status).toMatchObject({ stage: 'succeeded' });
    expect(await filesUnder(fault.s3, `jobs/${status.jobId}/draw/`)).toEqual([...DRAW_OUTPUTS]);
    expect(await filesUnder(fault.s3, 'outgoing/reset/')).toEqual([...OUTGOING_SUCCESS]);
    await expectInputsUntouched(fault.s3, job);
  }, 90_000);
});
