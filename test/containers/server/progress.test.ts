/**
 * The sampler server keeps the request's progress document (the DrawRequest's `progress` URI)
 * over a real S3 API, with the fake runner: written while the job draws and never after its
 * outputs are published; a failing or hanging write neither fails nor holds up the job.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it } from 'vitest';
import { DrawResultSchema } from '../../../core/contracts/draw-request.js';
import { JobProgressSchema } from '../../../core/contracts/job-progress.js';
import type { RunningS3rver } from '../../helpers/s3rver.js';
import { drawRequest, fakeRunner, post, sleep } from './fakes.js';
import { type Harness, startHarness } from './harness.js';

let harness: Harness | undefined;

afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

const PROGRESS_KEY = (jobId: string) => `jobs/${jobId}/progress.json`;

/** What a client's PutObjects did; `progress` scripts those of progress documents. */
interface ScriptedClient {
  readonly puts: string[];
  readonly client: (s3rver: RunningS3rver) => S3Client;
}

function scriptedClient(progress: 'ok' | 'fail' | { delayMs: number } = 'ok'): ScriptedClient {
  const puts: string[] = [];
  return {
    puts,
    client: (s3rver) => {
      const client = s3rver.createClient();
      client.middlewareStack.add(
        (next, context) => async (args) => {
          const key = (args.input as { Key?: string }).Key ?? '';
          if (context.commandName === 'PutObjectCommand') {
            puts.push(key);
            if (key.endsWith('/progress.json') && progress === 'fail')
              throw Object.assign(new Error('We encountered an internal error'), { name: 'InternalError' });
            if (key.endsWith('/progress.json') && typeof progress === 'object') await sleep(progress.delayMs);
          }
          return next(args);
        },
        { step: 'initialize', name: 'scriptedPuts' },
      );
      return client;
    },
  };
}

const withProgress = (jobId: string, bucket = 'tbd') =>
  drawRequest(jobId, bucket, { progress: `s3://${bucket}/${PROGRESS_KEY(jobId)}` });

describe('the progress document of a draw', () => {
  it('is written while the job draws and not after its outputs are published', async () => {
    // Prepare
    const script = scriptedClient();
    harness = await startHarness({ runDraw: fakeRunner({ delayMs: 50 }).runDraw, s3: script.client });
    await harness.seed('job-p1');

    // Act
    const reply = await post(harness.base, withProgress('job-p1'));

    // Assess: the last state the runner reported, every write of it before the first output's
    expect(reply.status, JSON.stringify(reply.json)).toBe(200);
    const stored = JobProgressSchema.parse(
      JSON.parse(new TextDecoder().decode(await harness.s3.get(PROGRESS_KEY('job-p1')))),
    );
    expect(stored).toMatchObject({ schemaVersion: 1, jobId: 'job-p1', stage: 'render', done: 1, total: 2 });
    const progressPuts = script.puts.flatMap((key, i) => (key === PROGRESS_KEY('job-p1') ? [i] : []));
    const firstOutput = script.puts.findIndex((key) => key.startsWith('outgoing/job-p1/'));
    expect(progressPuts.length).toBeGreaterThanOrEqual(2); // at least fetch, then a later stage
    expect(firstOutput).toBeGreaterThan(progressPuts.at(-1)!);
    expect(await harness.s3.list('outgoing/job-p1/')).toHaveLength(3);
  });

  it('writes nothing without a progress URI in the request', async () => {
    const script = scriptedClient();
    harness = await startHarness({ s3: script.client });
    await harness.seed('job-p2');

    const reply = await post(harness.base, drawRequest('job-p2'));

    expect(reply.status).toBe(200);
    expect(script.puts.filter((key) => key.endsWith('progress.json'))).toEqual([]);
  });

  it('does not fail the job when every progress write fails: a WARN, the outputs published', async () => {
    // Prepare
    harness = await startHarness({ s3: scriptedClient('fail').client });
    await harness.seed('job-p3');

    // Act
    const reply = await post(harness.base, withProgress('job-p3'));

    // Assess
    expect(reply.status, JSON.stringify(reply.json)).toBe(200);
    expect(DrawResultSchema.parse(reply.json).outputs.video).toBe('s3://tbd/outgoing/job-p3/video.mp4');
    expect(await harness.s3.list('outgoing/job-p3/')).toHaveLength(3);
    expect(await harness.s3.get(PROGRESS_KEY('job-p3'))).toBeUndefined();
    const warnings = harness.log.events.filter((e) => e.level === 'warn');
    expect(warnings.map((e) => e.message)).toContain('progress not written');
    expect(harness.log.events.filter((e) => e.level === 'error')).toEqual([]);
  });

  it('does not hold the job for a hanging progress write: cut after a second, never landing later', async () => {
    // Prepare: every progress PUT stalls 2.5 s before it is sent
    harness = await startHarness({ s3: scriptedClient({ delayMs: 2500 }).client });
    await harness.seed('job-p4');

    // Act
    const started = performance.now();
    const reply = await post(harness.base, withProgress('job-p4'));
    const ms = performance.now() - started;
    await sleep(2000); // past the stalled PUT's release

    // Assess
    expect(reply.status, JSON.stringify(reply.json)).toBe(200);
    expect(ms).toBeLessThan(2300);
    expect(await harness.s3.get(PROGRESS_KEY('job-p4'))).toBeUndefined();
    expect(harness.log.messages()).toContain('progress write cut off at the end of the job');
  });
});
