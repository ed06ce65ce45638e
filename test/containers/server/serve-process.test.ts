/**
 * The entry point as a real process, started exactly as the Dockerfile's ENTRYPOINT starts it
 * (`node --import tsx containers/gpu-sampler/src/serve.ts serve`), with SageMaker's environment
 * pointed at s3rver, driven over HTTP, and stopped with a real SIGTERM during a job.
 *
 * Not through the `tsx` CLI: it runs the script in a child process and relays signals, and when
 * the child does not acknowledge a relayed SIGTERM within 30 ms (an event loop busy drawing a
 * frame cannot) it SIGKILLs the child, so no drain happens. The `tsx` CLI case is covered for
 * the idle server only.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type RunningS3rver, startS3rver } from '../../helpers/s3rver.js';
import { drawRequest, get, post, samplePlan } from './fakes.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SERVE = 'containers/gpu-sampler/src/serve.ts';
/** The Dockerfile's ENTRYPOINT, with the node running these tests. */
const NODE_ENTRY = [process.execPath, '--import', 'tsx', SERVE];
const TSX_ENTRY = [`${ROOT}node_modules/.bin/tsx`, SERVE];

interface ServeProcess {
  readonly child: ChildProcess;
  /** Parsed JSON log lines (stdout and stderr, in `stream`) so far. */
  readonly lines: Record<string, unknown>[];
  /** Resolves with the first line whose message is `message`. */
  waitFor(message: string): Promise<Record<string, unknown>>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function spawnServe(
  env: Record<string, string>,
  args: string[] = ['serve'],
  entry = NODE_ENTRY,
): ServeProcess {
  const [command, ...prefix] = entry;
  const child = spawn(command!, [...prefix, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Record<string, unknown>[] = [];
  const waiters: { message: string; resolve: (line: Record<string, unknown>) => void }[] = [];
  for (const [stream, name] of [
    [child.stdout!, 'stdout'],
    [child.stderr!, 'stderr'],
  ] as const) {
    createInterface({ input: stream }).on('line', (text) => {
      let line: Record<string, unknown>;
      try {
        line = { ...(JSON.parse(text) as Record<string, unknown>), stream: name };
      } catch {
        line = { message: '(not JSON)', text, stream: name };
      }
      lines.push(line);
      for (const w of waiters.filter((w) => w.message === line.message)) w.resolve(line);
    });
  }
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    lines,
    exited,
    waitFor: (message) => {
      const seen = lines.find((l) => l.message === message);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve) => waiters.push({ message, resolve }));
    },
  };
}

let s3: RunningS3rver;
let running: ServeProcess | undefined;

beforeAll(async () => {
  s3 = await startS3rver();
  const portrait = await readFile(`${ROOT}examples/portrait-astronaut.png`);
  const speech = await readFile(`${ROOT}examples/speech-news-16k.wav`);
  const plan = JSON.stringify(await samplePlan());
  for (const jobId of ['term-finish', 'term-abort']) {
    await s3.put(`incoming/${jobId}/portrait.png`, portrait, 'image/png');
    await s3.put(`incoming/${jobId}/speech.wav`, speech, 'audio/wav');
    await s3.put(`jobs/${jobId}/plan.json`, plan, 'application/json');
  }
});
afterEach(() => {
  if (running && running.child.exitCode === null) running.child.kill('SIGKILL');
  running = undefined;
});
afterAll(async () => {
  await s3?.stop();
});

async function startServe(
  extraEnv: Record<string, string>,
  entry = NODE_ENTRY,
): Promise<{ base: string; serve: ServeProcess }> {
  const serve = spawnServe(
    { ...s3.env, SAGEMAKER_BIND_TO_PORT: '0', TBD_HOST: '127.0.0.1', ...extraEnv },
    ['serve'],
    entry,
  );
  running = serve;
  const listening = await serve.waitFor('listening');
  const base = `http://127.0.0.1:${listening.port as number}`;
  await serve.waitFor('ready');
  return { base, serve };
}

describe('serve as a process', () => {
  it('finishes the running job on SIGTERM within the grace period, then exits 0', async () => {
    // Prepare
    const { base, serve } = await startServe({ TBD_DRAIN_GRACE_SEC: '60' });
    expect((await get(base, '/ping')).status).toBe(200);

    // Act
    const reply = post(base, drawRequest('term-finish', s3.bucket, { options: { steps: 6, size: 192 } }));
    await serve.waitFor('job started');
    serve.child.kill('SIGTERM');
    const [answer, exit] = await Promise.all([reply, serve.exited]);

    // Assess
    expect(answer.status, JSON.stringify(answer.json)).toBe(200);
    const video = await s3.get('outgoing/term-finish/video.mp4');
    expect(new TextDecoder().decode(video!.subarray(4, 8))).toBe('ftyp');
    expect(exit).toEqual({ code: 0, signal: null });
    const messages = serve.lines.map((l) => l.message);
    expect(messages).toEqual(expect.arrayContaining(['signal received: draining', 'drained', 'exit']));
    expect(messages.indexOf('job succeeded')).toBeLessThan(messages.indexOf('drained'));
    // One JSON object per line on stdout (Node 20 prints the AWS SDK's version warning on stderr).
    expect(serve.lines.filter((l) => l.stream === 'stdout' && l.message === '(not JSON)')).toEqual([]);
  }, 120_000);

  it('aborts the running job cleanly when the grace period is over: 503, nothing written, exit 0', async () => {
    // Prepare
    const { base, serve } = await startServe({ TBD_DRAIN_GRACE_SEC: '0' });

    // Act
    const reply = post(base, drawRequest('term-abort', s3.bucket, { options: { steps: 6, size: 192 } }));
    await serve.waitFor('job started');
    serve.child.kill('SIGTERM');
    const [answer, exit] = await Promise.all([reply, serve.exited]);

    // Assess
    expect(answer.status).toBe(503);
    expect(answer.json.error.name).toBe('ServerDrainingError');
    expect(await s3.list('outgoing/term-abort/')).toEqual([]);
    expect(exit.code).toBe(0);
  }, 120_000);

  it('drains and exits 0 on SIGTERM when started through the tsx CLI while idle', async () => {
    const { base, serve } = await startServe({}, TSX_ENTRY);
    expect((await get(base, '/ping')).status).toBe(200);
    serve.child.kill('SIGTERM');
    expect(await serve.exited).toEqual({ code: 0, signal: null });
    expect(serve.lines.map((l) => l.message)).toEqual(expect.arrayContaining(['drained', 'exit']));
  }, 60_000);

  it('refuses a command other than serve with exit status 2', async () => {
    const serve = spawnServe({}, ['train']);
    running = serve;
    expect((await serve.exited).code).toBe(2);
    expect(serve.lines[0]?.text).toMatch(/only runs "serve"/);
  }, 60_000);

  it('exits 1 with a JSON line naming a bad variable', async () => {
    const serve = spawnServe({ ...s3.env, TBD_MAX_CONCURRENCY: 'lots' });
    running = serve;
    expect((await serve.exited).code).toBe(1);
    const line = await serve.waitFor('cannot start');
    expect(line).toMatchObject({ level: 'ERROR', errorName: 'ServerConfigError' });
    expect(line.errorMessage).toMatch(/TBD_MAX_CONCURRENCY="lots"/);
  }, 60_000);
});
