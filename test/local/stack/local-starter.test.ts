/**
 * LocalStarter over an in-memory store with fake task handlers: the real definition, run by
 * aws-local-stepfunctions, with the starter's naming, ordering, logging and stopping rules.
 */
import { describe, expect, it } from 'vitest';
import type { PipelineInput } from '../../../core/jobs/pipeline-input.js';
import { JobStore } from '../../../functions/shared/job-store.js';
import { MemoryObjectStore } from '../../../functions/shared/memory-object-store.js';
import { PIPELINE_TASKS } from '../../../infra/state-machine/pipeline-states.js';
import { StackStoppingError } from '../../../local/stack/errors.js';
import { ExecutionRecords, executionRecordKey } from '../../../local/stack/execution-record.js';
import { LocalStarter, type TaskHandlers } from '../../../local/stack/local-starter.js';
import { memoryStackLog } from './stack-fixtures.js';

function input(jobId: string): PipelineInput {
  return {
    jobId,
    job: { name: jobId.replace(/-\d+$/, '') },
    emotion: 'quietly pleased',
    portraitKey: 'incoming/clip/portrait.png',
    audioKey: 'incoming/clip/speech.wav',
    thinkOptions: {},
    drawOptions: {},
  };
}

interface Fakes {
  readonly calls: string[];
  readonly handlers: TaskHandlers;
}

/** Task handlers returning what the definition's ResultSelectors read; `draw` may be replaced. */
function fakes(draw?: (input: unknown) => Promise<unknown>): Fakes {
  const calls: string[] = [];
  const payload = (event: unknown) =>
    ((event as { Payload?: { jobId: string } }).Payload ?? event) as { jobId: string };
  return {
    calls,
    handlers: {
      [PIPELINE_TASKS.think]: async (event) => {
        calls.push(`think:${payload(event).jobId}`);
        return { planKey: `jobs/${payload(event).jobId}/plan.json`, reasoner: 'facs' };
      },
      [PIPELINE_TASKS.draw]: async (event) => {
        calls.push(`draw:${payload(event).jobId}`);
        if (draw) return draw(event);
        return { outputs: {}, durationSec: 2, frames: 50, fps: 25, seed: 1, modelId: 'm', timings: {} };
      },
      [PIPELINE_TASKS.publish]: async (event) => {
        calls.push(`publish:${payload(event).jobId}`);
        return { resultKey: 'outgoing/clip/result.json', outputs: { video: 'outgoing/clip/video.mp4' } };
      },
      [PIPELINE_TASKS.recordFailure]: async (event) => {
        calls.push(`failure:${payload(event).jobId}`);
        return {};
      },
    },
  };
}

function starter(handlers: TaskHandlers, objects = new MemoryObjectStore(), maxConcurrent = 1) {
  const log = memoryStackLog();
  const jobs = new JobStore(objects);
  const local = new LocalStarter({
    handlers,
    jobs,
    log,
    maxConcurrent,
    retryIntervalOverrides: { Think: 0, Draw: 0, Publish: 0, RecordFailure: 0 },
  });
  return { local, log, objects, records: new ExecutionRecords(objects) };
}

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

describe('LocalStarter', () => {
  it('runs the definition through every task, logs each stage and records the execution', async () => {
    // Prepare
    const { handlers, calls } = fakes();
    const { local, log, records } = starter(handlers);

    // Act
    const result = await local.start({ name: 'clip-1', input: input('clip-1') });
    await local.idle();

    // Assess
    expect(result).toEqual({
      started: true,
      executionId: expect.stringMatching(/:execution:tbd-local-pipeline:clip-1$/),
    });
    expect(calls).toEqual(['think:clip-1', 'draw:clip-1', 'publish:clip-1']);
    expect(log.stagesOf('clip-1')).toEqual(['queued', 'thinking', 'drawing', 'publishing', 'succeeded']);
    expect(log.lines.at(-1)).toContain('video=outgoing/clip/video.mp4');
    expect(await records.read('clip-1')).toMatchObject({ name: 'clip-1', runs: 1, input: input('clip-1') });
    expect(local.executions()).toEqual([
      expect.objectContaining({ name: 'clip-1', state: 'succeeded', runs: 1 }),
    ]);
  });

  it('starts a name once: again, after a restart, and when two starts race', async () => {
    // Prepare
    const { handlers, calls } = fakes();
    const first = starter(handlers);
    await first.local.start({ name: 'clip-1', input: input('clip-1') });
    await first.local.idle();
    const restarted = starter(handlers, first.objects);

    // Act
    const again = await first.local.start({ name: 'clip-1', input: input('clip-1') });
    const afterRestart = await restarted.local.start({ name: 'clip-1', input: input('clip-1') });
    await restarted.local.idle();

    const racing = await Promise.all([
      restarted.local.start({ name: 'clip-2', input: input('clip-2') }),
      restarted.local.start({ name: 'clip-2', input: input('clip-2') }),
    ]);
    await restarted.local.idle();

    // Assess
    expect(again.started).toBe(false);
    expect(afterRestart.started).toBe(false);
    expect(racing.map((r) => r.started).sort()).toEqual([false, true]);
    expect(calls.filter((c) => c.startsWith('think'))).toEqual(['think:clip-1', 'think:clip-2']);
  });

  it('begins executions started inside deferWhile only once it returns', async () => {
    // Prepare
    const { handlers, calls } = fakes();
    const { local } = starter(handlers);

    // Act
    let seenInside: string[] = [];
    await local.deferWhile(async () => {
      await local.start({ name: 'clip-1', input: input('clip-1') });
      await new Promise((resolve) => setTimeout(resolve, 20));
      seenInside = [...calls];
    });
    await local.idle();

    // Assess
    expect(seenInside).toEqual([]);
    expect(calls).toContain('publish:clip-1');
  });

  it('runs one execution at a time; the next waits its turn', async () => {
    // Prepare
    const drawing = gate();
    const { handlers, calls } = fakes(async () => {
      await drawing.opened;
      return { outputs: {}, durationSec: 2, frames: 50, fps: 25, seed: 1, modelId: 'm', timings: {} };
    });
    const { local } = starter(handlers);

    // Act
    await local.start({ name: 'clip-1', input: input('clip-1') });
    await local.start({ name: 'clip-2', input: input('clip-2') });
    await new Promise((resolve) => setTimeout(resolve, 30));
    const whileDrawing = { calls: [...calls], running: local.running, waiting: local.waiting };
    drawing.open();
    await local.idle();

    // Assess
    expect(whileDrawing).toEqual({ calls: ['think:clip-1', 'draw:clip-1'], running: 1, waiting: 1 });
    expect(calls.filter((c) => c.startsWith('publish'))).toEqual(['publish:clip-1', 'publish:clip-2']);
  });

  it('logs a failed stage with the error the Catch path recorded', async () => {
    // Prepare
    const { handlers, calls } = fakes(async () => {
      throw Object.assign(new Error("no face found in 'portrait.png'"), { name: 'NoFaceError' });
    });
    const { local, log } = starter(handlers);

    // Act
    await local.start({ name: 'clip-1', input: input('clip-1') });
    await local.idle();

    // Assess
    expect(calls).toEqual(['think:clip-1', 'draw:clip-1', 'failure:clip-1']);
    expect(log.stagesOf('clip-1')).toEqual(['queued', 'thinking', 'drawing', 'failed']);
    expect(log.lines.find((l) => l.includes('job failed'))).toContain(
      `stage=drawing error="NoFaceError: no face found in 'portrait.png'"`,
    );
    expect(local.executions()[0]?.state).toBe('failed');
  });

  it("logs a retry with the error's own message, also when it wraps another error", async () => {
    // Prepare: a TransientError around the SDK's error, as the S3 adapter throws it
    let attempts = 0;
    const { handlers } = fakes(async () => {
      attempts += 1;
      if (attempts === 1) {
        const sdk = Object.assign(new Error('Please reduce your request rate.'), { name: 'SlowDown' });
        const error = new Error(
          'PutObject jobs/clip-1/draw-request.json: SlowDown: Please reduce your request rate.',
          {
            cause: sdk,
          },
        );
        error.name = 'TransientError';
        throw error;
      }
      return { outputs: {}, durationSec: 2, frames: 50, fps: 25, seed: 1, modelId: 'm', timings: {} };
    });
    const { local, log } = starter(handlers);

    // Act
    await local.start({ name: 'clip-1', input: input('clip-1') });
    await local.idle();

    // Assess
    expect(attempts).toBe(2);
    expect(local.executions()[0]?.state).toBe('succeeded');
    expect(log.lines.find((l) => l.includes('job retrying'))).toContain(
      'state=Draw attempt=1 error="TransientError: PutObject jobs/clip-1/draw-request.json: SlowDown: Please reduce your request rate."',
    );
  });

  it('on stop leaves waiting executions unbegun and interrupts running ones after the grace', async () => {
    // Prepare
    const never = gate();
    const { handlers, calls } = fakes(() => never.opened.then(() => ({})));
    const { local, log } = starter(handlers);
    await local.start({ name: 'clip-1', input: input('clip-1') });
    await local.start({ name: 'clip-2', input: input('clip-2') });
    await new Promise((resolve) => setTimeout(resolve, 30));
    let cut = 0;

    // Act
    const stopped = await local.stop({
      graceMs: 20,
      onGraceExpired: () => {
        cut += 1;
        never.open();
      },
    });

    // Assess
    expect(stopped.interrupted.sort()).toEqual(['clip-1', 'clip-2']);
    expect(cut).toBe(1);
    expect(calls).toEqual(['think:clip-1', 'draw:clip-1']);
    expect(log.stagesOf('clip-1').at(-1)).toBe('interrupted');
    expect(log.stagesOf('clip-2')).toEqual(['queued', 'interrupted']);
    await expect(local.start({ name: 'clip-3', input: input('clip-3') })).rejects.toBeInstanceOf(
      StackStoppingError,
    );
  });

  it('on stop lets a running execution finish within the grace', async () => {
    // Prepare
    const drawing = gate();
    const { handlers, calls } = fakes(async () => {
      await drawing.opened;
      return { outputs: {}, durationSec: 2, frames: 50, fps: 25, seed: 1, modelId: 'm', timings: {} };
    });
    const { local, log } = starter(handlers);
    await local.start({ name: 'clip-1', input: input('clip-1') });
    await new Promise((resolve) => setTimeout(resolve, 30));

    // Act
    const stopping = local.stop({ graceMs: 10_000 });
    setTimeout(drawing.open, 50);
    const stopped = await stopping;

    // Assess
    expect(stopped.interrupted).toEqual([]);
    expect(calls).toContain('publish:clip-1');
    expect(log.stagesOf('clip-1').at(-1)).toBe('succeeded');
  });

  it('resumes a recorded execution from the start, counting the run', async () => {
    // Prepare
    const { handlers, calls } = fakes();
    const { local, log, objects, records } = starter(handlers);
    const now = new Date().toISOString();
    const record = {
      schemaVersion: 1 as const,
      name: 'clip-1',
      executionId: 'arn:local',
      input: input('clip-1'),
      runs: 1,
      startedAt: now,
      updatedAt: now,
    };

    // Act
    await local.resume(record);
    await local.idle();

    // Assess
    expect(calls).toEqual(['think:clip-1', 'draw:clip-1', 'publish:clip-1']);
    expect(log.stagesOf('clip-1')[0]).toBe('resumed');
    expect((await records.read('clip-1'))?.runs).toBe(2);
    expect(objects.keys()).toContain(executionRecordKey('clip-1'));
  });
});
