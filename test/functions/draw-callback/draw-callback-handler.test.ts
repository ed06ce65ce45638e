import { beforeAll, describe, expect, it, vi } from 'vitest';
import { createDrawCallbackHandler } from '../../../functions/draw-callback/draw-callback-handler.js';
import { NotificationError } from '../../../functions/draw-callback/errors.js';
import { localLambdaContext } from '../../../functions/shared/local-invoke.js';
import { TransientError } from '../../../functions/shared/pipeline-errors.js';
import { drawResult } from '../draw-submit/fixtures.js';
import { quiet } from '../ingest/fixtures.js';
import { completed, failed, pendingTokens, RecordingCallbacks, snsEvent, UriObjects } from './fixtures.js';

beforeAll(() => {
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
});

async function setup(...ids: string[]) {
  const tokens = await pendingTokens(...ids);
  const callbacks = new RecordingCallbacks();
  const uris = new UriObjects();
  const handler = createDrawCallbackHandler({
    tokens,
    callbacks,
    read: uris.read,
    ...quiet('draw-callback'),
  });
  return {
    tokens,
    callbacks,
    uris,
    run: (event: unknown) => handler(event, localLambdaContext('draw-callback')),
  };
}

describe('draw-callback handler', () => {
  it('answers a completed inference with the DrawResult and forgets the token', async () => {
    // Prepare
    const { tokens, callbacks, uris, run } = await setup('i-1');
    uris.put('s3://tbd/async/out/i-1.out', drawResult());

    // Act
    const { results } = await run(snsEvent(completed('i-1')));

    // Assess
    expect(callbacks.sent).toEqual([{ kind: 'success', token: 'token-i-1', output: drawResult() }]);
    expect(results).toEqual([{ inferenceId: 'i-1', jobId: 'job-i-1', sent: 'success', delivery: 'sent' }]);
    expect(await tokens.get('i-1')).toBeUndefined();
  });

  it("fails the task with the container's named error from the failure location", async () => {
    const { callbacks, uris, run } = await setup('i-2');
    uris.put('s3://tbd/async/failed/i-2.out', {
      error: {
        name: 'NoFaceError',
        message: 'no face found in the portrait',
        status: 422,
        field: 'portrait',
      },
    });
    await run(snsEvent(failed('i-2', 's3://tbd/async/failed/i-2.out')));
    expect(callbacks.sent).toEqual([
      { kind: 'failure', token: 'token-i-2', error: 'NoFaceError', cause: 'no face found in the portrait' },
    ]);
  });

  it('turns a busy sampler into a TransientError the Draw state retries', async () => {
    const { callbacks, uris, run } = await setup('i-3');
    uris.put('s3://tbd/async/failed/i-3.out', {
      error: { name: 'ServerBusyError', message: 'busy', status: 503 },
    });
    await run(snsEvent(failed('i-3', 's3://tbd/async/failed/i-3.out')));
    expect(callbacks.sent[0]).toMatchObject({ error: 'TransientError', cause: 'ServerBusyError: busy' });
  });

  it.each([
    [
      'a crash of the Draw pipeline (500): SamplerFaultError, retried once',
      { name: 'RangeError', message: 'internal error (RangeError) in job j1; see the log', status: 500 },
      {
        error: 'SamplerFaultError',
        cause: 'the sampler failed (HTTP 500): internal error (RangeError) in job j1; see the log',
      },
    ],
    [
      "a failed write of the sampler's outputs (rolled back): TransientError",
      { name: 'ObjectWriteError', message: 'internal error (ObjectWriteError) in job j1', status: 502 },
      { error: 'TransientError', cause: 'ObjectWriteError: internal error (ObjectWriteError) in job j1' },
    ],
    [
      'a failed read of its inputs: TransientError',
      { name: 'ObjectReadError', message: 'internal error (ObjectReadError) in job j1', status: 502 },
      { error: 'TransientError', cause: 'ObjectReadError: internal error (ObjectReadError) in job j1' },
    ],
    [
      'its time limit (504): the error as named, not retried',
      { name: 'JobTimeoutError', message: 'job j1 timed out after 900 s', status: 504 },
      { error: 'JobTimeoutError', cause: 'job j1 timed out after 900 s' },
    ],
  ])('maps %s', async (_what, body, expected) => {
    const { callbacks, uris, run } = await setup('i-9');
    uris.put('s3://tbd/async/failed/i-9.out', { error: body });
    await run(snsEvent(failed('i-9', 's3://tbd/async/failed/i-9.out')));
    expect(callbacks.sent[0]).toMatchObject(expected);
  });

  it("falls back to SageMaker's failure reason: a 4xx there is a client fault, not retried", async () => {
    const { callbacks, run } = await setup('i-4');
    await run(failed('i-4'));
    expect(callbacks.sent[0]).toMatchObject({
      error: 'DrawFailedError',
      cause: expect.stringContaining('(422)'),
    });
  });

  it.each([
    [
      'a bare 5xx of the endpoint (no body at the failure location)',
      'ClientError: Received server error (500) from primary with message "". See the logs.',
      undefined,
    ],
    [
      'a crashed container (an HTML error page, not our JSON)',
      'ClientError: An error occurred when sending request to model container',
      '<html><body>502 Bad Gateway</body></html>',
    ],
    ['no reason and no body at all', undefined, undefined],
  ])(
    'treats a failure without our error body as a sampler fault, retried once: %s',
    async (_what, reason, page) => {
      // Prepare
      const { callbacks, uris, run } = await setup('i-7');
      const location = page === undefined ? undefined : 's3://tbd/async/failed/i-7.out';
      if (location) uris.put(location, page);
      const notification = { ...failed('i-7', location), failureReason: reason };

      // Act
      await run(snsEvent(notification));

      // Assess
      expect(callbacks.sent).toEqual([
        {
          kind: 'failure',
          token: 'token-i-7',
          error: 'SamplerFaultError',
          cause: `the sampler failed without an error body: ${reason ?? 'the sampler failed without giving a reason'}`,
        },
      ]);
    },
  );

  it.each([
    ['ClientError: Received client error (400) from primary with message "bad request"'],
    ['ClientError: Received client error from model: payload too large'],
    ['the sampler answered HTTP 413'],
  ])('keeps a failure whose reason says the client was at fault unretried: %s', async (reason) => {
    const { callbacks, run } = await setup('i-8');
    await run(snsEvent({ ...failed('i-8'), failureReason: reason }));
    expect(callbacks.sent[0]).toMatchObject({ error: 'DrawFailedError', cause: reason });
  });

  it("keeps our sampler's own 4xx bodies as named, unretried, whatever SageMaker's reason says", async () => {
    const { callbacks, uris, run } = await setup('i-10');
    uris.put('s3://tbd/async/failed/i-10.out', {
      error: { name: 'RequestValidationError', message: 'steps must be at most 200', status: 400 },
    });
    const notification = {
      ...failed('i-10', 's3://tbd/async/failed/i-10.out'),
      failureReason: 'ClientError: Received server error (500) from primary',
    };
    await run(snsEvent(notification));
    expect(callbacks.sent[0]).toMatchObject({
      error: 'RequestValidationError',
      cause: 'steps must be at most 200',
    });
  });

  it('fails the task when the output is not a DrawResult', async () => {
    const { callbacks, uris, run } = await setup('i-5');
    uris.put('s3://tbd/async/out/i-5.out', { hello: 'world' });
    await run(snsEvent(completed('i-5')));
    expect(callbacks.sent[0]).toMatchObject({ kind: 'failure', error: 'DrawResultError' });
  });

  it('ignores a notification without a pending token (redelivered, or answered by the sweep)', async () => {
    const { callbacks, run } = await setup();
    const { results } = await run(snsEvent(completed('gone')));
    expect(results).toEqual([{ inferenceId: 'gone', ignored: 'no pending task' }]);
    expect(callbacks.sent).toEqual([]);
  });

  it('throws a TransientError when a completed output is not readable yet, keeping the token', async () => {
    const { tokens, run } = await setup('i-6');
    await expect(run(snsEvent(completed('i-6')))).rejects.toThrow(TransientError);
    expect(await tokens.get('i-6')).toBeDefined();
  });

  it('refuses what is not a SageMaker notification', async () => {
    const { run } = await setup();
    await expect(run({ Records: [{ Sns: { Message: 'not json' } }] })).rejects.toThrow(NotificationError);
    await expect(run(snsEvent({ status: 'ok' }))).rejects.toThrow(
      /Records\.0\.Sns\.Message\.invocationStatus/,
    );
  });
});
