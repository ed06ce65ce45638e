import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { DrawRequest } from '../../../core/contracts/draw-request.js';
import { createSyncDrawHandler } from '../../../functions/draw-submit/sync-draw-handler.js';
import { DrawResultError, drawFailure, RemoteDrawError } from '../../../functions/shared/draw-failure.js';
import { localLambdaContext } from '../../../functions/shared/local-invoke.js';
import { quiet } from '../ingest/fixtures.js';
import { drawPayload, drawResult, JOB_ID, thinkingJob } from './fixtures.js';

beforeAll(() => {
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
});

async function setup(draw: (request: DrawRequest) => Promise<unknown>) {
  const { objects, jobs } = await thinkingJob();
  const handler = createSyncDrawHandler({ jobs, draw, ...quiet('draw') });
  return { objects, run: (event: unknown) => handler(event, localLambdaContext('draw')) };
}

describe('synchronous draw handler (local stack)', () => {
  it('returns the sampler DrawResult, as SendTaskSuccess would carry it', async () => {
    // Prepare
    const requests: DrawRequest[] = [];
    const { objects, run } = await setup(async (request) => {
      requests.push(request);
      return drawResult();
    });

    // Act
    const result = await run({ FunctionName: 'x', Payload: drawPayload() });

    // Assess
    expect(result).toEqual(drawResult());
    expect(requests[0]?.output).toBe(`s3://tbd/jobs/${JOB_ID}/draw/`);
    expect(requests[0]?.progress).toBe(`s3://tbd/jobs/${JOB_ID}/progress.json`);
    expect(objects.json(`jobs/${JOB_ID}/status.json`)).toMatchObject({ stage: 'drawing' });
  });

  it('refuses an answer that is not a DrawResult', async () => {
    const { run } = await setup(async () => ({ ...drawResult(), frames: -1 }));
    await expect(run(drawPayload())).rejects.toThrow(DrawResultError);
  });

  it("lets the sampler's named errors through for the state's Retry and Catch", async () => {
    const body = { error: { name: 'NoFaceError', message: 'no face found in the portrait', status: 422 } };
    const { run } = await setup(async () => {
      throw new RemoteDrawError(drawFailure(body));
    });
    await expect(run(drawPayload())).rejects.toMatchObject({
      name: 'NoFaceError',
      message: 'no face found in the portrait',
    });
  });
});
