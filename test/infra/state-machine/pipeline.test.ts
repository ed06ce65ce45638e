/**
 * The pipeline definition executed by aws-local-stepfunctions, every Task mapped to its handler
 * module over an in-memory store, as the local stack does: ingest -> Think (the real think
 * handler with the offline FACS reasoner) -> Draw (the synchronous draw handler over a fake
 * sampler) -> Publish, and the Catch path to RecordFailure.
 */
import '../../../local/polyfills.js';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { StateMachine } from 'aws-local-stepfunctions';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { DrawRequest, DrawResult } from '../../../core/contracts/draw-request.js';
import { JobStatusSchema } from '../../../core/contracts/job-status.js';
import { FacsReasoner } from '../../../core/facs/facs-reasoner.js';
import { JobErrorRecordSchema } from '../../../core/jobs/job-error-record.js';
import { JobResultSchema } from '../../../core/jobs/job-result.js';
import type { PipelineInput } from '../../../core/jobs/pipeline-input.js';
import { createSyncDrawHandler } from '../../../functions/draw-submit/sync-draw-handler.js';
import { createIngestHandler } from '../../../functions/ingest/ingest-handler.js';
import { createPublishFailureHandler } from '../../../functions/publish/publish-failure-handler.js';
import { createPublishHandler } from '../../../functions/publish/publish-handler.js';
import { drawFailure, RemoteDrawError } from '../../../functions/shared/draw-failure.js';
import { JobStore } from '../../../functions/shared/job-store.js';
import { localLambdaContext, toLocalTask } from '../../../functions/shared/local-invoke.js';
import { MemoryObjectStore } from '../../../functions/shared/memory-object-store.js';
import { putJson } from '../../../functions/shared/object-store.js';
import { TransientError } from '../../../functions/shared/pipeline-errors.js';
import { parseS3Uri } from '../../../functions/shared/s3-uri.js';
import { createThinkHandler } from '../../../functions/think/think-handler.js';
import { loadDefinition } from '../../../infra/state-machine/load-definition.js';
import { LOCAL_SUBSTITUTIONS, localContext } from '../../../infra/state-machine/local-context.js';
import { PIPELINE_ERRORS, PIPELINE_TASKS } from '../../../infra/state-machine/pipeline-states.js';
import { FakeStarter, manifestJson, pngBytes, wavBytes } from '../../functions/ingest/fixtures.js';
import { buildMp4 } from '../../functions/publish/mp4-fixture.js';

beforeAll(() => {
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
});

const silent = (service: string) => ({
  logger: new Logger({ serviceName: service, logLevel: 'SILENT' }),
  metrics: new Metrics({ namespace: 'Test', serviceName: service }),
});

/** The library's event log entries (its type is not exported). */
type EventLog = ReturnType<StateMachine['run']>['eventLogs'] extends AsyncGenerator<infer E> ? E : never;

type Sampler = (request: DrawRequest) => Promise<unknown>;

/** A sampler that writes a 2-second MP4 and a preview under the request's output prefix. */
function fakeSampler(objects: MemoryObjectStore): Sampler {
  return async (request) => {
    const prefix = parseS3Uri(request.output)!.key;
    await objects.put(`${prefix}video.mp4`, buildMp4({ durationSec: 2 }));
    await objects.put(`${prefix}preview.png`, pngBytes());
    await putJson(objects, `${prefix}motion.json`, { frames: 50 });
    return {
      jobId: request.jobId,
      outputs: {
        video: `${request.output}video.mp4`,
        preview: `${request.output}preview.png`,
        motion: `${request.output}motion.json`,
      },
      durationSec: 2,
      frames: 50,
      fps: 25,
      seed: request.options?.seed ?? 1,
      modelId: 'motion-prior@1',
      timings: { total: 900 },
    } satisfies DrawResult;
  };
}

async function localStack(sampler?: (objects: MemoryObjectStore) => Sampler) {
  const objects = new MemoryObjectStore('tbd');
  const jobs = new JobStore(objects);
  await objects.put('incoming/clip/portrait.png', pngBytes());
  await objects.put('incoming/clip/speech.wav', wavBytes());
  await objects.put('incoming/clip/job.json', manifestJson());

  const starter = new FakeStarter();
  const ingest = createIngestHandler({ jobs, starter, ...silent('ingest') });
  await ingest({ key: 'incoming/clip/job.json' }, localLambdaContext('ingest'));
  const input = starter.starts[0]!.input;

  const think = createThinkHandler({
    reasonerFor: () => new FacsReasoner(),
    store: {
      putPlan: async (jobId, plan) => {
        const key = `jobs/${jobId}/plan.json`;
        await putJson(objects, key, plan);
        return key;
      },
    },
    ...silent('think'),
  });
  const draw = createSyncDrawHandler({ jobs, draw: (sampler ?? fakeSampler)(objects), ...silent('draw') });
  const handlers = {
    [PIPELINE_TASKS.think]: toLocalTask(think, 'think'),
    [PIPELINE_TASKS.draw]: toLocalTask(draw, 'draw'),
    [PIPELINE_TASKS.publish]: toLocalTask(createPublishHandler({ jobs, ...silent('publish') }), 'publish'),
    [PIPELINE_TASKS.recordFailure]: toLocalTask(
      createPublishFailureHandler({ jobs, ...silent('failure') }),
      'failure',
    ),
  };
  return { objects, input, handlers };
}

async function execute(input: PipelineInput, handlers: Record<string, (input: unknown) => Promise<unknown>>) {
  const machine = new StateMachine(loadDefinition(LOCAL_SUBSTITUTIONS) as never);
  const execution = machine.run(input as never, {
    overrides: {
      taskResourceLocalHandlers: handlers as never,
      retryIntervalOverrides: { Think: 0, Draw: 0, Publish: 0, RecordFailure: 0 },
    },
    context: localContext({ name: input.jobId, input }),
  });
  const events: EventLog[] = [];
  const collected = (async () => {
    for await (const event of execution.eventLogs) events.push(event);
  })();
  let output: unknown;
  let error: unknown;
  try {
    output = await execution.result;
  } catch (caught) {
    error = caught;
  }
  await collected;
  return { output: output as Record<string, unknown>, error, events };
}

const entered = (events: EventLog[]) =>
  events.filter((e) => e.type === 'StateEntered').map((e) => (e as { state: { name: string } }).state.name);

describe('pipeline definition, run locally', () => {
  it('runs Think -> Draw -> Publish to Succeeded, carrying keys in the ResultPaths', async () => {
    // Prepare
    const { objects, input, handlers } = await localStack();
    const jobId = input.jobId;

    // Act
    const { output, error, events } = await execute(input, handlers);

    // Assess
    expect(error).toBeUndefined();
    expect(entered(events)).toEqual(['Think', 'Draw', 'Publish', 'Succeeded']);
    expect(output).toEqual({
      ...input,
      think: { planKey: `jobs/${jobId}/plan.json`, reasoner: 'facs' },
      draw: {
        outputs: {
          video: `s3://tbd/jobs/${jobId}/draw/video.mp4`,
          preview: `s3://tbd/jobs/${jobId}/draw/preview.png`,
          motion: `s3://tbd/jobs/${jobId}/draw/motion.json`,
        },
        durationSec: 2,
        frames: 50,
        fps: 25,
        seed: 7,
        modelId: 'motion-prior@1',
        timings: { total: 900 },
      },
      publish: {
        resultKey: 'outgoing/clip/result.json',
        outputs: {
          video: 'outgoing/clip/video.mp4',
          plan: 'outgoing/clip/plan.json',
          preview: 'outgoing/clip/preview.png',
          result: 'outgoing/clip/result.json',
        },
      },
    });
    expect(JSON.stringify(output).length).toBeLessThan(4096);
    expect(objects.keys().filter((k) => k.startsWith('outgoing/'))).toEqual([
      'outgoing/clip/plan.json',
      'outgoing/clip/preview.png',
      'outgoing/clip/result.json',
      'outgoing/clip/video.mp4',
    ]);
    expect(JobResultSchema.parse(objects.json('outgoing/clip/result.json'))).toMatchObject({
      jobId,
      seed: 7,
    });
    const status = JobStatusSchema.parse(objects.json(`jobs/${jobId}/status.json`));
    expect(status.stage).toBe('succeeded');
    expect(Object.keys(status.timestamps)).toEqual([
      'queued',
      'thinking',
      'drawing',
      'publishing',
      'succeeded',
    ]);
  });

  it('ends a failing Think in the Catch path: error.json, a failed status, a Fail state', async () => {
    // Prepare: an emotion the reasoner refuses (ingest would have refused it; the stage must too)
    const { objects, input, handlers } = await localStack();

    // Act
    const { error, events } = await execute({ ...input, emotion: '' }, handlers);

    // Assess
    expect(entered(events)).toEqual(['Think', 'RecordFailure', 'Failed']);
    expect(events.find((e) => e.type === 'ExecutionFailed')).toMatchObject({ Error: 'EmotionTextError' });
    expect(error).toBeDefined();
    const record = JobErrorRecordSchema.parse(objects.json('outgoing/clip/error.json'));
    expect(record.error).toMatchObject({ name: 'EmotionTextError', stage: 'thinking' });
    expect(record.error.message).toContain('invalid emotion text');
    expect(objects.json(`jobs/${input.jobId}/status.json`)).toMatchObject({ stage: 'failed' });
    expect(objects.keys()).not.toContain('outgoing/clip/result.json');
  });

  it('retries a transient draw failure and succeeds', async () => {
    // Prepare
    let calls = 0;
    const { objects, input, handlers } = await localStack((store) => {
      const sampler = fakeSampler(store);
      return async (request) => {
        calls += 1;
        if (calls === 1)
          throw new RemoteDrawError(
            drawFailure({ error: { name: 'ServerBusyError', message: 'busy', status: 503 } }),
          );
        if (calls === 2) throw new TransientError('sampler connection reset');
        return sampler(request);
      };
    });

    // Act
    const { error, events } = await execute(input, handlers);

    // Assess
    expect(error).toBeUndefined();
    expect(calls).toBe(3);
    const retried = events
      .filter((e) => e.type === 'StateRetried')
      .map((e) => (e as { state: { name: string } }).state.name);
    expect(retried).toEqual(['Draw', 'Draw']);
    expect(objects.json(`jobs/${input.jobId}/status.json`)).toMatchObject({ stage: 'succeeded' });
  });

  it("does not retry the sampler's refusal: NoFaceError ends in error.json", async () => {
    // Prepare
    let calls = 0;
    const { objects, input, handlers } = await localStack(() => async () => {
      calls += 1;
      throw new RemoteDrawError(
        drawFailure({ error: { name: 'NoFaceError', message: 'no face in the portrait', status: 422 } }),
      );
    });

    // Act
    const { events } = await execute(input, handlers);

    // Assess
    expect(calls).toBe(1);
    expect(entered(events)).toEqual(['Think', 'Draw', 'RecordFailure', 'Failed']);
    expect(objects.json('outgoing/clip/error.json')).toMatchObject({
      error: { name: 'NoFaceError', message: 'no face in the portrait', stage: 'drawing' },
    });
  });

  it("retries a draw that failed without the sampler's body once, as a sampler fault", async () => {
    // Prepare: the first call dies with a bare 500, the second draws
    let calls = 0;
    const { objects, input, handlers } = await localStack((store) => {
      const draw = fakeSampler(store);
      return async (request) => {
        calls += 1;
        if (calls === 1) throw new RemoteDrawError(drawFailure(undefined, 'the sampler answered HTTP 500'));
        return draw(request);
      };
    });

    // Act
    const { events } = await execute(input, handlers);

    // Assess
    expect(calls).toBe(2);
    const retried = events.filter((e) => e.type === 'StateRetried');
    expect(retried.map((e) => (e as { state: { name: string } }).state.name)).toEqual(['Draw']);
    expect(entered(events)).toEqual(['Think', 'Draw', 'Publish', 'Succeeded']);
    expect(objects.json(`jobs/${input.jobId}/status.json`)).toMatchObject({ stage: 'succeeded' });
  });

  it("ends in FailureNotRecordedError, the job's error in the cause, when RecordFailure cannot record it", async () => {
    // Prepare: the draw is refused; the failure record then meets a non-transient storage error
    const { input, handlers } = await localStack(() => async () => {
      throw new RemoteDrawError(
        drawFailure({ error: { name: 'NoFaceError', message: 'no face in the portrait', status: 422 } }),
      );
    });
    const denied = Object.assign(new Error('PutObject outgoing/clip/error.json failed: AccessDenied'), {
      name: 'StorageError',
    });
    handlers[PIPELINE_TASKS.recordFailure] = async () => {
      throw denied;
    };

    // Act
    const { error, events } = await execute(input, handlers);

    // Assess
    expect(entered(events)).toEqual([
      'Think',
      'Draw',
      'RecordFailure',
      'DescribeUnrecordedFailure',
      'FailureNotRecorded',
    ]);
    const failed = events.find((e) => e.type === 'ExecutionFailed') as { Error: string; Cause: string };
    expect(failed.Error).toBe(PIPELINE_ERRORS.failureNotRecorded);
    expect(failed.Cause).toContain('NoFaceError');
    expect(failed.Cause).toContain('no face in the portrait');
    expect(failed.Cause).toContain('StorageError');
    expect(error).toBeDefined();
  });
});
