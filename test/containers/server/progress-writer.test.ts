/**
 * The progress writer over an in-memory sink: at once at a change of stage, at most once per
 * interval within one (the latest numbers), never throwing, never writing after close, and close
 * never waiting longer than its bound for a write that hangs.
 */
import { describe, expect, it } from 'vitest';
import {
  createProgressWriter,
  type ProgressSink,
} from '../../../containers/gpu-sampler/src/server/progress-writer.js';
import { type JobProgress, JobProgressSchema } from '../../../core/contracts/job-progress.js';
import { memoryLog, sleep } from './fakes.js';

const AT = new Date('2026-03-14T09:00:00.000Z');

/** A sink that keeps what it is given; `fail` and `hang` script the next writes. */
function memorySink() {
  const written: JobProgress[] = [];
  const signals: AbortSignal[] = [];
  let mode: 'ok' | 'reject' | 'throw' | 'hang' = 'ok';
  const sink: ProgressSink = (document, signal) => {
    signals.push(signal);
    if (mode === 'throw') throw new Error('synchronous failure');
    if (mode === 'reject')
      return Promise.reject(Object.assign(new Error('SlowDown'), { name: 'ObjectWriteError' }));
    if (mode === 'hang')
      return new Promise<void>((_resolve, reject) => {
        signal.addEventListener('abort', () => reject(signal.reason), { once: true });
      });
    written.push(JobProgressSchema.parse(document));
    return Promise.resolve();
  };
  return {
    sink,
    written,
    signals,
    set mode(next: typeof mode) {
      mode = next;
    },
    counts: () => written.map((d) => `${d.stage} ${d.done}/${d.total}`),
  };
}

function writer(sink: ProgressSink, intervalMs: number, closeWaitMs = 200) {
  const log = memoryLog();
  const progress = createProgressWriter({
    jobId: 'job-1',
    sink,
    log,
    intervalMs,
    closeWaitMs,
    clock: () => AT,
  });
  return { progress, log };
}

describe('the progress writer', () => {
  it('writes a new stage at once and, within a stage, the latest numbers at most once per interval', async () => {
    // Prepare
    const memory = memorySink();
    const { progress } = writer(memory.sink, 300);

    // Act: a burst of steps, far faster than the interval
    progress.report('fetch', 0, 0);
    await sleep(10);
    for (let step = 1; step <= 8; step++) progress.report('motion', step, 8);
    await sleep(10);
    const early = memory.counts();
    await sleep(400);

    // Assess
    expect(early).toEqual(['fetch 0/0', 'motion 1/8']);
    expect(memory.counts()).toEqual(['fetch 0/0', 'motion 1/8', 'motion 8/8']);
    expect(memory.written[0]).toEqual({
      schemaVersion: 1,
      jobId: 'job-1',
      stage: 'fetch',
      done: 0,
      total: 0,
      updatedAt: AT.toISOString(),
    });
    await progress.close();
  });

  it('skips repeated numbers and keeps counts whole and within the total', async () => {
    const memory = memorySink();
    const { progress } = writer(memory.sink, 0);

    progress.report('render', 2.7, 10);
    await sleep(5);
    progress.report('render', 2, 10);
    await sleep(5);
    progress.report('render', 12, 10);
    await sleep(5);
    await progress.close();

    expect(memory.counts()).toEqual(['render 2/10', 'render 10/10']);
  });

  it('never throws when writes fail: one WARN until a write works again, the count at close', async () => {
    // Prepare
    const memory = memorySink();
    const { progress, log } = writer(memory.sink, 0);

    // Act
    memory.mode = 'reject';
    expect(() => progress.report('fetch', 0, 0)).not.toThrow();
    await sleep(5);
    memory.mode = 'throw';
    expect(() => progress.report('queue', 0, 0)).not.toThrow();
    await sleep(5);
    memory.mode = 'ok';
    progress.report('motion', 1, 4);
    await sleep(5);
    await progress.close();

    // Assess
    const warnings = log.events.filter((e) => e.level === 'warn');
    expect(warnings.map((e) => e.message)).toEqual(['progress not written', 'progress writes failed']);
    expect(warnings[0]?.fields).toMatchObject({
      jobId: 'job-1',
      stage: 'fetch',
      errorName: 'ObjectWriteError',
    });
    expect(warnings[1]?.fields).toMatchObject({ failures: 2 });
    expect(log.messages()).toContain('progress writes resumed');
    expect(memory.counts()).toEqual(['motion 1/4']);
  });

  it('writes nothing after close, and close cuts a hanging write after its bound', async () => {
    // Prepare
    const memory = memorySink();
    const { progress, log } = writer(memory.sink, 1000, 100);
    memory.mode = 'hang';
    progress.report('render', 1, 50);
    await sleep(5);
    progress.report('render', 2, 50); // due after the interval: pending when closed

    // Act
    const started = performance.now();
    await progress.close();
    const closeMs = performance.now() - started;
    memory.mode = 'ok';
    progress.report('render', 3, 50);
    progress.report('publish', 0, 0);
    await sleep(20);

    // Assess
    expect(closeMs).toBeGreaterThanOrEqual(90);
    expect(closeMs).toBeLessThan(600);
    expect(memory.signals).toHaveLength(1);
    expect(memory.signals[0]?.aborted).toBe(true);
    expect(memory.written).toEqual([]);
    expect(log.messages()).toContain('progress write cut off at the end of the job');
  });
});
