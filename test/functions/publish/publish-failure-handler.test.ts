import { beforeAll, describe, expect, it, vi } from 'vitest';
import { JobErrorRecordSchema } from '../../../core/jobs/job-error-record.js';
import { describeFailure } from '../../../functions/publish/failure-cause.js';
import { createPublishFailureHandler } from '../../../functions/publish/publish-failure-handler.js';
import { localLambdaContext } from '../../../functions/shared/local-invoke.js';
import { quiet } from '../ingest/fixtures.js';
import { drawnJob, JOB_ID, NOW } from './fixtures.js';

beforeAll(() => {
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
});

const LAMBDA_CAUSE = JSON.stringify({
  errorType: 'EmotionTextError',
  errorMessage: 'invalid emotion text: empty',
  trace: [
    'EmotionTextError: invalid emotion text: empty',
    '    at validateEmotionText (/var/task/index.mjs:1:2)',
  ],
});

async function setup() {
  const { objects, jobs } = await drawnJob();
  const handler = createPublishFailureHandler({ jobs, ...quiet('publish-failure') });
  return { objects, run: (event: unknown) => handler(event, localLambdaContext('publish-failure')) };
}

describe('publish-failure handler', () => {
  it('writes error.json and a failed status with the stage, never the stack trace', async () => {
    // Prepare: what a publish that failed half-way leaves behind
    const { objects, run } = await setup();
    for (const file of ['result.json', 'video.mp4', 'plan.json', 'preview.png'])
      await objects.put(`outgoing/clip/${file}`, '{}');

    // Act
    const result = await run({
      jobId: JOB_ID,
      job: { name: 'clip' },
      error: { Error: 'EmotionTextError', Cause: LAMBDA_CAUSE },
    });

    // Assess
    const error = { name: 'EmotionTextError', message: 'invalid emotion text: empty', stage: 'drawing' };
    expect(result).toEqual({ jobId: JOB_ID, errorKey: 'outgoing/clip/error.json', error });
    expect(JobErrorRecordSchema.parse(objects.json('outgoing/clip/error.json'))).toEqual({
      schemaVersion: 1,
      jobId: JOB_ID,
      name: 'clip',
      error,
      failedAt: NOW.toISOString(),
    });
    expect(objects.text('outgoing/clip/error.json')).not.toContain('at validateEmotionText');
    expect(objects.keys().filter((key) => key.startsWith('outgoing/clip/'))).toEqual([
      'outgoing/clip/error.json',
    ]);
    expect(objects.json(`jobs/${JOB_ID}/status.json`)).toMatchObject({ stage: 'failed', error });
  });

  it('keeps the first stage when repeated, and leaves a published job alone', async () => {
    const { objects, run } = await setup();
    const event = { jobId: JOB_ID, job: { name: 'clip' }, error: { Error: 'States.Timeout' } };
    await run(event);
    await run(event);
    expect(objects.json(`jobs/${JOB_ID}/status.json`)).toMatchObject({ error: { stage: 'drawing' } });

    const published = await drawnJob();
    const status = published.objects.json(`jobs/${JOB_ID}/status.json`) as Record<string, unknown>;
    await published.objects.put(
      `jobs/${JOB_ID}/status.json`,
      JSON.stringify({ ...status, stage: 'succeeded' }),
    );
    const handler = createPublishFailureHandler({ jobs: published.jobs, ...quiet('publish-failure') });
    await expect(handler(event, localLambdaContext('publish-failure'))).resolves.toMatchObject({
      ignored: expect.any(String),
    });
    expect(published.objects.keys()).not.toContain('outgoing/clip/error.json');
  });
});

describe('describeFailure', () => {
  it.each([
    [
      { Error: 'NoFaceError', Cause: 'no face found' },
      { name: 'NoFaceError', message: 'no face found' },
    ],
    [
      { Error: 'States.HeartbeatTimeout', Cause: '' },
      { name: 'States.HeartbeatTimeout', message: expect.stringContaining('heartbeat') },
    ],
    [{ Error: 'States.Timeout' }, { name: 'States.Timeout', message: 'the stage ran past its time limit' }],
    [{ Error: 'Custom' }, { name: 'Custom', message: 'the job failed with Custom' }],
    [
      { Error: 'X', Cause: '{"not":"lambda"}' },
      { name: 'X', message: '{"not":"lambda"}' },
    ],
  ])('describes %j', (error, expected) => {
    expect(describeFailure(error)).toEqual(expected);
  });
});
