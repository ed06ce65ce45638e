/** `tbd serve`: its flags and their defaults (a contract), and what it prints when ready. */
import { Command } from 'commander';
import { describe, expect, it, vi } from 'vitest';
import { readyText, registerServe } from '../../../local/cli/commands/serve.js';
import type { LocalStack, LocalStackOptions } from '../../../local/stack/local-stack.js';

const FAKE_STACK: LocalStack = {
  s3Endpoint: 'http://127.0.0.1:4569',
  bucket: 'tbd',
  region: 'us-east-1',
  credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  apiUrl: 'http://127.0.0.1:3000',
  samplerUrl: 'http://127.0.0.1:8080',
  dataDir: '/work/.tbd',
  recovery: { resumed: [], failed: [], ingested: [] },
  samplerReady: Promise.resolve(),
  executions: () => [],
  idle: async () => {},
  stop: async () => {},
};

function program() {
  const started: LocalStackOptions[] = [];
  let printed = '';
  const command = new Command().exitOverride().configureOutput({ writeErr: () => {} });
  registerServe(command, {
    startLocalStack: vi.fn(async (options: LocalStackOptions) => {
      started.push(options);
      return FAKE_STACK;
    }),
    out: {
      write: (text: string) => {
        printed += text;
        return true;
      },
    } as NodeJS.WritableStream,
    ownsProcess: false,
  });
  for (const sub of command.commands) sub.exitOverride().configureOutput({ writeErr: () => {} });
  return { command, started, printed: () => printed };
}

describe('tbd serve', () => {
  it('defaults to --data-dir .tbd --s3-port 4569 --api-port 3000 --sampler-port 8080', async () => {
    const { command, started, printed } = program();
    await command.parseAsync(['node', 'tbd', 'serve']);
    expect(started[0]).toMatchObject({
      dataDir: '.tbd',
      s3Port: 4569,
      apiPort: 3000,
      samplerPort: 8080,
      stopGraceMs: 15_000,
    });
    expect(started[0]?.reasoner).toBeUndefined();
    expect(printed().split('\n')[0]).toBe(
      'tbd serve ready s3=http://127.0.0.1:4569 bucket=tbd api=http://127.0.0.1:3000 sampler=http://127.0.0.1:8080',
    );
  });

  it('passes the flags on; 0 asks for a free port', async () => {
    const { command, started } = program();
    await command.parseAsync([
      'node',
      'tbd',
      'serve',
      '--data-dir',
      '/tmp/x',
      '--s3-port',
      '0',
      '--api-port',
      '0',
      '--sampler-port',
      '0',
      '--reasoner',
      'bedrock',
      '--stop-grace',
      '2.5',
    ]);
    expect(started[0]).toMatchObject({
      dataDir: '/tmp/x',
      s3Port: 0,
      apiPort: 0,
      samplerPort: 0,
      reasoner: 'bedrock',
      stopGraceMs: 2500,
    });
  });

  it.each([
    [['--s3-port', '70000'], /--s3-port takes an integer from 0 to 65535/],
    [['--reasoner', 'gpt'], /Allowed choices are facs, bedrock/],
  ])('refuses %j', async (flags, message) => {
    const { command, started } = program();
    await expect(command.parseAsync(['node', 'tbd', 'serve', ...flags])).rejects.toThrow(message);
    expect(started).toHaveLength(0);
  });

  it('prints the endpoints, the key pair and an aws s3 cp example', () => {
    const text = readyText(FAKE_STACK);
    expect(text).toContain('keys       S3RVER / S3RVER');
    expect(text).toContain('aws --endpoint-url http://127.0.0.1:4569 s3 cp');
    expect(text).toContain('s3://tbd/incoming/my-job/');
  });
});
