/**
 * The Lambda entry modules of the pipeline load with their environment, and refuse to start
 * without it (a ConfigurationError naming the variable), before any AWS call.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';

const ENV = {
  BUCKET_NAME: 'tbd',
  STATE_MACHINE_ARN: 'arn:aws:states:us-east-1:123456789012:stateMachine:tbd',
  ENDPOINT_NAME: 'tbd-sampler',
  AWS_REGION: 'us-east-1',
  POWERTOOLS_METRICS_DISABLED: 'true',
};

describe('Lambda entries', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it.each([
    ['ingest', '../../../functions/ingest/handler.js', ['handler']],
    ['draw-submit', '../../../functions/draw-submit/handler.js', ['handler']],
    ['draw-callback', '../../../functions/draw-callback/handler.js', ['handler', 'sweepHandler']],
    ['publish', '../../../functions/publish/handler.js', ['handler', 'failureHandler']],
  ])('%s exports its handlers', async (_, path, names) => {
    for (const [name, value] of Object.entries(ENV)) vi.stubEnv(name, value);
    const module = (await import(path)) as Record<string, unknown>;
    for (const name of names) expect(typeof module[name]).toBe('function');
  });

  it('refuses to start without the bucket', async () => {
    for (const [name, value] of Object.entries(ENV)) vi.stubEnv(name, value);
    vi.stubEnv('BUCKET_NAME', '');
    await expect(import('../../../functions/publish/handler.js')).rejects.toMatchObject({
      name: 'ConfigurationError',
      message: expect.stringContaining('BUCKET_NAME'),
    });
  });
});
