import { describe, expect, it } from 'vitest';
import { ServerConfigError } from '../../../containers/gpu-sampler/src/server/errors.js';
import {
  readServerConfig,
  SERVER_DEFAULTS,
} from '../../../containers/gpu-sampler/src/server/server-config.js';

describe('readServerConfig', () => {
  it('starts from the defaults', () => {
    expect(readServerConfig({})).toEqual({ ...SERVER_DEFAULTS, providers: ['cpu'] });
    expect(SERVER_DEFAULTS).toMatchObject({ port: 8080, maxConcurrency: 1, maxBodyBytes: 1048576 });
  });

  it('reads the SageMaker port, limits, timeouts and providers from the environment', () => {
    const config = readServerConfig({
      SAGEMAKER_BIND_TO_PORT: '9090',
      TBD_MAX_CONCURRENCY: '2',
      TBD_MAX_QUEUE: '0',
      TBD_REQUEST_TIMEOUT_SEC: '1.5',
      TBD_DRAIN_GRACE_SEC: '0',
      TBD_PROVIDERS: 'CUDA, cpu',
      TBD_MAX_BODY_BYTES: '2048',
      TBD_PROGRESS_INTERVAL_SEC: '0.25',
    });
    expect(config).toMatchObject({
      port: 9090,
      maxConcurrency: 2,
      maxQueue: 0,
      requestTimeoutMs: 1500,
      drainGraceMs: 0,
      providers: ['cuda', 'cpu'],
      maxBodyBytes: 2048,
      progressIntervalMs: 250,
    });
  });

  it('lets explicit overrides win over the environment', () => {
    expect(readServerConfig({ SAGEMAKER_BIND_TO_PORT: '9090' }, { port: 0 }).port).toBe(0);
  });

  it('names every bad variable', () => {
    const read = () =>
      readServerConfig({ TBD_MAX_CONCURRENCY: '0', TBD_PROVIDERS: 'tpu', SAGEMAKER_BIND_TO_PORT: 'x' });
    expect(read).toThrow(ServerConfigError);
    expect(read).toThrow(/SAGEMAKER_BIND_TO_PORT="x".*TBD_MAX_CONCURRENCY="0".*TBD_PROVIDERS="tpu"/);
  });
});
