/** `tbd sampler`: flags and environment reach startSampler; bad flags are refused by name. */
import { Command } from 'commander';
import { describe, expect, it, vi } from 'vitest';
import type {
  RunningSampler,
  StartSamplerOptions,
} from '../../../containers/gpu-sampler/src/server/start-sampler.js';
import { registerSampler, SAMPLER_CLI_DEFAULTS } from '../../../local/cli/commands/sampler.js';

function program(): { program: Command; started: StartSamplerOptions[] } {
  const started: StartSamplerOptions[] = [];
  const command = new Command().exitOverride().configureOutput({ writeErr: () => {} });
  registerSampler(command, {
    startSampler: vi.fn(async (options: StartSamplerOptions = {}) => {
      started.push(options);
      return {} as RunningSampler;
    }),
  });
  for (const sub of command.commands) sub.exitOverride().configureOutput({ writeErr: () => {} });
  return { program: command, started };
}

describe('tbd sampler', () => {
  it('listens on loopback:8080 by default and owns the process (signals drain it)', async () => {
    const { program: cli, started } = program();
    await cli.parseAsync(['node', 'tbd', 'sampler']);
    expect(started[0]).toMatchObject({
      config: { port: SAMPLER_CLI_DEFAULTS.port, host: '127.0.0.1' },
      ownsProcess: true,
    });
  });

  it('passes --port, --host, --providers, --concurrency and --s3-endpoint', async () => {
    const { program: cli, started } = program();
    await cli.parseAsync([
      'node',
      'tbd',
      'sampler',
      '--port',
      '0',
      '--host',
      '0.0.0.0',
      '--providers',
      'CUDA,cpu',
      '--concurrency',
      '2',
      '--s3-endpoint',
      'http://127.0.0.1:4568',
    ]);
    expect(started[0]?.config).toEqual({
      port: 0,
      host: '0.0.0.0',
      providers: ['cuda', 'cpu'],
      maxConcurrency: 2,
    });
    expect(started[0]?.env?.AWS_ENDPOINT_URL_S3).toBe('http://127.0.0.1:4568');
  });

  it.each([
    [['--port', '70000'], /--port takes an integer from 0 to 65535/],
    [['--providers', 'tpu'], /--providers takes a list of cuda and cpu/],
  ])('refuses %j', async (flags, message) => {
    const { program: cli, started } = program();
    await expect(cli.parseAsync(['node', 'tbd', 'sampler', ...flags])).rejects.toThrow(message);
    expect(started).toHaveLength(0);
  });
});
