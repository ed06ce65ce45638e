import { beforeAll, describe, expect, it, vi } from 'vitest';
import { DrawRequestSchema } from '../../../core/contracts/draw-request.js';
import type {
  AsyncInference,
  AsyncInferenceRequest,
} from '../../../functions/draw-submit/async-inference.js';
import { createDrawSubmitHandler } from '../../../functions/draw-submit/draw-submit-handler.js';
import { DrawEventError } from '../../../functions/draw-submit/errors.js';
import { localLambdaContext } from '../../../functions/shared/local-invoke.js';
import { inferenceIdFor, TaskTokenStore } from '../../../functions/shared/task-token-store.js';
import { quiet } from '../ingest/fixtures.js';
import { drawPayload, JOB_ID, NOW, thinkingJob } from './fixtures.js';

beforeAll(() => {
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
});

async function setup() {
  const { objects, jobs } = await thinkingJob();
  const tokens = new TaskTokenStore(objects);
  const submitted: { request: AsyncInferenceRequest; tokenStored: boolean }[] = [];
  const inference: AsyncInference = {
    async submit(request) {
      submitted.push({ request, tokenStored: (await tokens.get(request.inferenceId)) !== undefined });
      return {
        inferenceId: request.inferenceId,
        outputLocation: `s3://tbd/async/out/${request.inferenceId}.out`,
      };
    },
  };
  const handler = createDrawSubmitHandler({
    jobs,
    tokens,
    inference,
    deadlineSeconds: 600,
    ...quiet('draw-submit'),
  });
  return {
    objects,
    tokens,
    submitted,
    submit: (event: unknown) => handler(event, localLambdaContext('draw-submit')),
  };
}

describe('draw-submit handler', () => {
  it('stores the DrawRequest, marks the job drawing, stores the token, then submits', async () => {
    // Prepare
    const { objects, tokens, submitted, submit } = await setup();
    const payload = drawPayload();
    const inferenceId = inferenceIdFor(payload.taskToken);

    // Act
    const result = await submit(payload);

    // Assess
    expect(result).toEqual({
      jobId: JOB_ID,
      inferenceId,
      requestKey: `jobs/${JOB_ID}/draw-request.json`,
      outputLocation: `s3://tbd/async/out/${inferenceId}.out`,
      submitted: true,
    });
    expect(DrawRequestSchema.parse(objects.json(`jobs/${JOB_ID}/draw-request.json`))).toEqual({
      jobId: JOB_ID,
      portrait: 's3://tbd/incoming/clip/portrait.png',
      audio: 's3://tbd/incoming/clip/speech.wav',
      plan: `s3://tbd/jobs/${JOB_ID}/plan.json`,
      options: { seed: 7, size: 256 },
      output: `s3://tbd/jobs/${JOB_ID}/draw/`,
      progress: `s3://tbd/jobs/${JOB_ID}/progress.json`,
    });
    expect(objects.json(`jobs/${JOB_ID}/status.json`)).toMatchObject({ stage: 'drawing' });
    expect(submitted).toEqual([
      {
        request: { inferenceId, inputLocation: `s3://tbd/jobs/${JOB_ID}/draw-request.json` },
        tokenStored: true,
      },
    ]);
    expect(await tokens.get(inferenceId)).toEqual({
      schemaVersion: 1,
      inferenceId,
      jobId: JOB_ID,
      taskToken: payload.taskToken,
      requestKey: `jobs/${JOB_ID}/draw-request.json`,
      submittedAt: NOW.toISOString(),
      expiresAt: new Date(NOW.getTime() + 600_000).toISOString(),
      outputLocation: `s3://tbd/async/out/${inferenceId}.out`,
    });
  });

  it('does not submit twice when the same task invokes it again', async () => {
    const { submitted, submit } = await setup();
    await submit(drawPayload());
    const again = await submit(drawPayload());
    expect(again.submitted).toBe(false);
    expect(submitted).toHaveLength(1);
  });

  it('accepts the whole Parameters object of a local override ({ FunctionName, Payload })', async () => {
    const { submit } = await setup();
    const result = await submit({
      FunctionName: 'arn:aws:lambda:us-east-1:0:function:x',
      Payload: drawPayload(),
    });
    expect(result.jobId).toBe(JOB_ID);
  });

  it('names every bad field of the payload', async () => {
    const { submit } = await setup();
    const error = await submit(drawPayload({ taskToken: '', options: { size: 3 } })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DrawEventError);
    expect((error as Error).message).toMatch(/taskToken: .*; options\.size: /);
  });
});
