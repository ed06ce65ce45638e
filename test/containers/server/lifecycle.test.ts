/**
 * The server's life over HTTP: /ping before and after the models load, one job at a time with a
 * queue, the per-request time limit, a caller hanging up, and drain() (what SIGTERM calls).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Denoiser } from '../../../core/contracts/denoiser-model.js';
import { drawRequest, fakeDenoiser, fakeRunner, get, post, sleep } from './fakes.js';
import { type Harness, startHarness } from './harness.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

describe('GET /ping', () => {
  it('answers 503 while the models load and 200 once they are loaded', async () => {
    // Prepare
    let loaded!: (d: Denoiser) => void;
    const loading = new Promise<Denoiser>((resolve) => {
      loaded = resolve;
    });
    harness = await startHarness({ denoiser: () => loading });
    await harness.seed('early');

    // Act
    const before = await get(harness.base, '/ping');
    const invokedEarly = await post(harness.base, drawRequest('early'));
    loaded(fakeDenoiser());
    await harness.server.ready;
    const after = await get(harness.base, '/ping');

    // Assess
    expect(before).toMatchObject({ status: 503, json: { status: 'loading' } });
    expect(invokedEarly.status).toBe(503);
    expect(invokedEarly.json.error.name).toBe('ServerNotReadyError');
    expect(after).toMatchObject({ status: 200, json: { status: 'ready' } });
    expect((await fetch(`${harness.base}/ping`, { method: 'HEAD' })).status).toBe(200);
  });

  it('stays 503 when loading fails, and says so to invocations', async () => {
    harness = await startHarness({ denoiser: () => Promise.reject(new Error('model.json is broken')) });
    await expect(harness.server.ready).rejects.toThrow('model.json is broken');
    expect((await get(harness.base, '/ping')).json).toEqual({ status: 'failed' });
    const reply = await post(harness.base, drawRequest('x'));
    expect(reply.status).toBe(503);
    expect(reply.json.error.message).toMatch(/could not load its models/);
    expect(harness.log.messages()).toContain('model loading failed');
  });
});

describe('concurrency', () => {
  it('runs one job at a time by default; the others queue and all succeed', async () => {
    // Prepare
    const runner = fakeRunner({ delayMs: 150 });
    harness = await startHarness({ runDraw: runner.runDraw });
    await Promise.all(['q1', 'q2', 'q3'].map((id) => harness!.seed(id)));

    // Act
    const replies = await Promise.all(['q1', 'q2', 'q3'].map((id) => post(harness!.base, drawRequest(id))));

    // Assess
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(runner.maxConcurrent()).toBe(1);
    const queued = replies.map((r) => r.json.timings.queueMs as number).sort((a, b) => a - b);
    expect(queued[2]).toBeGreaterThanOrEqual(250); // the last waited for two jobs of 150 ms
  });

  it('honours maxConcurrency > 1', async () => {
    const runner = fakeRunner({ delayMs: 150 });
    harness = await startHarness({ runDraw: runner.runDraw, config: { maxConcurrency: 2 } });
    await Promise.all(['c1', 'c2'].map((id) => harness!.seed(id)));
    const replies = await Promise.all(['c1', 'c2'].map((id) => post(harness!.base, drawRequest(id))));
    expect(replies.map((r) => r.status)).toEqual([200, 200]);
    expect(runner.maxConcurrent()).toBe(2);
  });

  it('answers 503 with Retry-After when the queue is full', async () => {
    // Prepare
    const runner = fakeRunner({ delayMs: 300 });
    harness = await startHarness({ runDraw: runner.runDraw, config: { maxQueue: 0 } });
    await Promise.all(['b1', 'b2'].map((id) => harness!.seed(id)));

    // Act
    const first = post(harness.base, drawRequest('b1'));
    await runner.started();
    const second = await post(harness.base, drawRequest('b2'));

    // Assess
    expect(second.status).toBe(503);
    expect(second.json.error.name).toBe('ServerBusyError');
    expect(second.headers.get('retry-after')).toBe('30');
    expect((await first).status).toBe(200);
  });
});

describe('time limit', () => {
  it('answers 504 naming the stage and writes nothing when a job runs too long', async () => {
    // Prepare
    const runner = fakeRunner({ delayMs: 5000 });
    harness = await startHarness({ runDraw: runner.runDraw, config: { requestTimeoutMs: 300 } });
    await harness.seed('slow');

    // Act
    const reply = await post(harness.base, drawRequest('slow'));

    // Assess
    expect(reply.status).toBe(504);
    expect(reply.json.error.name).toBe('JobTimeoutError');
    expect(reply.json.error.message).toMatch(
      /job slow timed out after 300 ms .* during stage "sample"; nothing was written/,
    );
    expect(runner.calls[0]!.deps.signal?.aborted).toBe(true);
    expect(await harness.s3.list('outgoing/')).toEqual([]);
  });

  it('answers on time even when the runner ignores the signal, keeps its slot until it stops, and never publishes it', async () => {
    // Prepare
    const runner = fakeRunner({ delayMs: 600, honourAbort: false });
    harness = await startHarness({ runDraw: runner.runDraw, config: { requestTimeoutMs: 200 } });
    await Promise.all(['stubborn', 'next'].map((id) => harness!.seed(id)));

    // Act
    const started = Date.now();
    const reply = await post(harness.base, drawRequest('stubborn'));
    const answeredMs = Date.now() - started;
    const next = post(harness.base, drawRequest('next'));
    await sleep(100);
    const concurrentWhileStubborn = runner.calls.length;
    await sleep(700);

    // Assess
    expect(reply.status).toBe(504);
    expect(answeredMs).toBeLessThan(550);
    expect(concurrentWhileStubborn).toBe(1); // 'next' waits for the stubborn runner's slot
    expect(runner.finished()).toBeGreaterThanOrEqual(1);
    expect(await harness.s3.list('outgoing/stubborn/')).toEqual([]);
    expect((await next).status).toBe(504); // 'next' also only has 200 ms, most of it spent queued
  });
});

describe('caller hang-up', () => {
  it('aborts the job when the caller closes the connection', async () => {
    const runner = fakeRunner({ delayMs: 5000 });
    harness = await startHarness({ runDraw: runner.runDraw });
    await harness.seed('gone');
    const controller = new AbortController();
    const reply = post(harness.base, drawRequest('gone'), { signal: controller.signal });
    await runner.started();
    controller.abort();
    await expect(reply).rejects.toThrow();
    await expect.poll(() => runner.calls[0]!.deps.signal?.reason?.name).toBe('CallerGoneError');
    await expect.poll(() => harness!.server.inFlight()).toBe(0);
    expect(await harness.s3.list('outgoing/')).toEqual([]);
  });
});

describe('drain (SIGTERM)', () => {
  it('lets a running job finish within the grace period, refuses queued ones, then closes', async () => {
    // Prepare
    const runner = fakeRunner({ delayMs: 400 });
    harness = await startHarness({ runDraw: runner.runDraw, config: { drainGraceMs: 5000 } });
    await Promise.all(['d1', 'd2'].map((id) => harness!.seed(id)));
    const running = post(harness.base, drawRequest('d1'));
    await runner.started();
    const queued = post(harness.base, drawRequest('d2'));
    await expect.poll(() => harness!.server.inFlight()).toBe(2);

    // Act
    const drained = harness.server.drain();
    const stateDuringDrain = harness.server.state;
    const [first, second] = await Promise.all([running, queued]);
    await drained;

    // Assess
    expect(stateDuringDrain).toBe('draining');
    expect(first.status).toBe(200);
    expect(await harness.s3.get('outgoing/d1/video.mp4')).toBeDefined();
    expect(second.status).toBe(503);
    expect(second.json.error).toMatchObject({ name: 'ServerDrainingError', jobId: 'd2' });
    expect(second.json.error.message).toMatch(/had not started drawing; nothing was written/);
    expect(await harness.s3.list('outgoing/d2/')).toEqual([]);
    expect(runner.calls).toHaveLength(1);
    expect(harness.server.state).toBe('closed');
    await expect(get(harness.base, '/ping')).rejects.toThrow(); // the port is closed
    expect(harness.log.messages()).toEqual(expect.arrayContaining(['draining', 'drained']));
  });

  it('aborts a job that outlives the grace period: 503, nothing written', async () => {
    // Prepare
    const runner = fakeRunner({ delayMs: 10_000 });
    harness = await startHarness({ runDraw: runner.runDraw, config: { drainGraceMs: 200 } });
    await harness.seed('long');
    const reply = post(harness.base, drawRequest('long'));
    await runner.started();

    // Act
    const started = Date.now();
    await harness.server.drain();
    const tookMs = Date.now() - started;

    // Assess
    const answer = await reply;
    expect(answer.status).toBe(503);
    expect(answer.json.error.message).toMatch(/aborted after the 200 ms grace period; nothing was written/);
    expect(tookMs).toBeLessThan(2000);
    expect(await harness.s3.list('outgoing/')).toEqual([]);
    expect(harness.log.messages()).toContain('grace period over: aborting running jobs');
  });
});
