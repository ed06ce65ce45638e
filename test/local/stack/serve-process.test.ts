/**
 * `tbd serve` as a real process, started the way `npm run tbd -- serve` starts it
 * (`node --import tsx local/cli/main.ts serve`, one process):
 * the ready line with its endpoints, /healthz on the API port, and a clean stop on SIGINT.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const READY = /^tbd serve ready s3=(\S+) bucket=(\S+) api=(\S+) sampler=(\S+)$/;

let child: ChildProcess | undefined;
let dataDir: string | undefined;

afterAll(async () => {
  if (child?.pid && child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('tbd serve (process)', () => {
  it('prints its endpoints, answers /healthz and stops cleanly on SIGINT', async () => {
    // Prepare
    dataDir = await mkdtemp(join(tmpdir(), 'tbd-serve-proc-'));
    const args = ['local/cli/main.ts', 'serve', '--data-dir', dataDir];
    const ports = ['--s3-port', '0', '--api-port', '0', '--sampler-port', '0'];
    child = spawn(process.execPath, ['--import', 'tsx', ...args, ...ports], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1', TBD_REASONER: undefined },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so that the test can Ctrl-C it like a terminal does: SIGINT to the group.
      detached: true,
    });
    const proc = child;
    const lines: string[] = [];
    const errors: string[] = [];
    proc.stderr!.on('data', (chunk: Buffer) => errors.push(chunk.toString()));
    const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
    const ready = new Promise<RegExpExecArray>((resolve, reject) => {
      createInterface({ input: proc.stdout! }).on('line', (line) => {
        lines.push(line);
        const match = READY.exec(line);
        if (match) resolve(match);
      });
      void exited.then((code) =>
        reject(new Error(`tbd serve exited with ${code}: ${[...lines, ...errors].join('\n')}`)),
      );
    });

    // Act
    const [, s3, bucket, api, sampler] = await within(ready, 60_000, 'the ready line');
    const health = await fetch(`${api}/healthz`);
    const s3Reply = await fetch(`${s3}/`);
    process.kill(-proc.pid!, 'SIGINT');
    const code = await within(exited, 30_000, 'the process to exit');

    // Assess
    expect(bucket).toBe('tbd');
    expect([s3, api, sampler].every((url) => /^http:\/\/127\.0\.0\.1:\d+$/.test(url!))).toBe(true);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', bucket: 'tbd' });
    expect(s3Reply.status).toBe(200); // s3rver answers an unsigned ListBuckets
    expect(lines.join('\n')).toContain('keys       S3RVER / S3RVER');
    expect(code, [...lines, ...errors].join('\n')).toBe(0);
    expect(lines.some((line) => /INFO +stopped\b/.test(line))).toBe(true);
    expect(existsSync(join(dataDir, 'serve.pid'))).toBe(false);
    expect(existsSync(join(dataDir, 's3', 'tbd'))).toBe(true);
  }, 100_000);
});

async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
