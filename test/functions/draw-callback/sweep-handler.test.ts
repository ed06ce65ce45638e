import { beforeAll, describe, expect, it, vi } from 'vitest';
import { createDrawSweepHandler } from '../../../functions/draw-callback/sweep-handler.js';
import { localLambdaContext } from '../../../functions/shared/local-invoke.js';
import { drawResult } from '../draw-submit/fixtures.js';
import { quiet } from '../ingest/fixtures.js';
import { pendingTokens, RecordingCallbacks, SUBMITTED, UriObjects } from './fixtures.js';

beforeAll(() => {
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
});

describe('draw sweep', () => {
  it('heartbeats waiting tasks, answers finished and expired ones, drops closed ones', async () => {
    // Prepare
    const tokens = await pendingTokens('done', 'broken', 'waiting', 'closed');
    const callbacks = new RecordingCallbacks();
    callbacks.closed.add('token-closed');
    const uris = new UriObjects();
    uris.put('s3://tbd/async/out/done.out', drawResult());
    uris.put('s3://tbd/async/failed/broken.out', {
      error: { name: 'NoFaceError', message: 'no face', status: 422 },
    });
    const sweep = createDrawSweepHandler({
      tokens,
      callbacks,
      read: uris.read,
      clock: () => new Date(SUBMITTED.getTime() + 60_000),
      ...quiet('draw-sweep'),
    });

    // Act
    const { actions } = await sweep({}, localLambdaContext('draw-sweep'));

    // Assess
    expect(actions).toEqual({ done: 'completed', broken: 'failed', waiting: 'heartbeat', closed: 'closed' });
    expect(await tokens.list()).toEqual(['waiting']);
    expect(callbacks.sent).toContainEqual({ kind: 'heartbeat', token: 'token-waiting' });
    expect(callbacks.sent).toContainEqual({ kind: 'success', token: 'token-done', output: drawResult() });
  });

  it('fails a task whose inference can no longer answer, and survives a bad record', async () => {
    // Prepare
    const tokens = await pendingTokens('late', 'bad');
    const callbacks = new RecordingCallbacks();
    const read = vi.fn(async (uri: string) => {
      if (uri.includes('bad')) throw new Error('AccessDenied');
      return undefined;
    });
    const sweep = createDrawSweepHandler({
      tokens,
      callbacks,
      read,
      clock: () => new Date(SUBMITTED.getTime() + 2 * 3_600_000),
      ...quiet('draw-sweep'),
    });

    // Act
    const { actions } = await sweep({}, localLambdaContext('draw-sweep'));

    // Assess
    expect(actions).toEqual({ bad: 'error', late: 'expired' });
    expect(callbacks.sent).toEqual([
      {
        kind: 'failure',
        token: 'token-late',
        error: 'DrawExpiredError',
        cause: expect.stringContaining('no answer'),
      },
    ]);
    expect(await tokens.list()).toEqual(['bad']);
  });
});
