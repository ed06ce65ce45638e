/**
 * Shared pieces of the fault-injection tests: tiny media (so a real draw takes a second or two),
 * a local stack on free loopback ports with instant ASL retries, and what every test asserts about
 * a finished job (its status record, its outgoing files, its inputs untouched).
 */
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { expect } from 'vitest';
import type { RunDraw } from '../../../containers/gpu-sampler/src/server/draw-runner.js';
import {
  type RunningSampler,
  startSampler,
} from '../../../containers/gpu-sampler/src/server/start-sampler.js';
import { type JobStatus, JobStatusSchema } from '../../../core/contracts/job-status.js';
import {
  type LocalStack,
  type LocalStackOptions,
  startLocalStack,
} from '../../../local/stack/local-stack.js';
import { samplerLog } from '../../../local/stack/stack-log.js';
import { portraitResized } from '../../fixtures/images/portrait-images.js';
import {
  EXAMPLES,
  type MemoryStackLog,
  memoryStackLog,
  type StackClient,
  stackClient,
  waitFor,
} from '../../local/stack/stack-fixtures.js';

/** Every ASL retry at once: the tests count attempts, they do not wait for backoff. */
export const INSTANT_RETRIES = { Think: 0, Draw: 0, Publish: 0, RecordFailure: 0 } as const;

/** Seconds of speech in the tiny clip. */
export const TINY_AUDIO_SEC = 1.5;

/** Draw options of the tiny job: 128 px, 4 steps. */
export const TINY_OPTIONS = { size: 128, steps: 4, seed: 7, fps: 25 } as const;

/** The outgoing files of a job that succeeded, sorted. */
export const OUTGOING_SUCCESS = ['plan.json', 'preview.png', 'result.json', 'video.mp4'] as const;

/** The draw outputs the sampler publishes under jobs/<id>/draw/, sorted. */
export const DRAW_OUTPUTS = ['motion.json', 'preview.png', 'video.mp4'] as const;

let media: Promise<{ portrait: Uint8Array; speech: Uint8Array }> | undefined;

/** The example portrait at 384 px (its face ~69×78 px, above the 64 px minimum) and 1.5 s of speech. */
export function tinyMedia(): Promise<{ portrait: Uint8Array; speech: Uint8Array }> {
  media ??= (async () => {
    const portrait = new Uint8Array(await portraitResized(384, 384));
    const wav = new Uint8Array(await readFile(new URL('speech-surprise-16k.wav', EXAMPLES)));
    return { portrait, speech: headOfWav(wav, TINY_AUDIO_SEC) };
  })();
  return media;
}

/** The first `seconds` of a PCM WAV (fmt and data chunks kept, others dropped). */
export function headOfWav(wav: Uint8Array, seconds: number): Uint8Array {
  const view = new DataView(wav.buffer, wav.byteOffset, wav.byteLength);
  let fmt: Uint8Array | undefined;
  let data: Uint8Array | undefined;
  for (let at = 12; at + 8 <= wav.byteLength; ) {
    const id = new TextDecoder().decode(wav.subarray(at, at + 4));
    const size = view.getUint32(at + 4, true);
    if (id === 'fmt ') fmt = wav.subarray(at + 8, at + 8 + size);
    if (id === 'data') data = wav.subarray(at + 8, at + 8 + size);
    at += 8 + size + (size % 2);
  }
  if (!fmt || !data) throw new Error('not a PCM WAV: no fmt or data chunk');
  const format = new DataView(fmt.buffer, fmt.byteOffset, fmt.byteLength);
  const byteRate = format.getUint32(8, true);
  const blockAlign = format.getUint16(12, true);
  const bytes = Math.min(data.byteLength, Math.floor((seconds * byteRate) / blockAlign) * blockAlign);
  const out = new Uint8Array(12 + 8 + fmt.byteLength + 8 + bytes);
  const outView = new DataView(out.buffer);
  const ascii = (text: string, at: number) => out.set(new TextEncoder().encode(text), at);
  ascii('RIFF', 0);
  outView.setUint32(4, out.byteLength - 8, true);
  ascii('WAVE', 8);
  ascii('fmt ', 12);
  outView.setUint32(16, fmt.byteLength, true);
  out.set(fmt, 20);
  const dataAt = 20 + fmt.byteLength;
  ascii('data', dataAt);
  outView.setUint32(dataAt + 4, bytes, true);
  out.set(data.subarray(0, bytes), dataAt + 8);
  return out;
}

export interface TinyJob {
  readonly name: string;
  /** ETag and bytes of each uploaded input, by key. */
  readonly inputs: ReadonlyMap<string, { etag: string; bytes: Uint8Array }>;
}

/** Uploads the tiny portrait and speech, then job.json (last: it starts the job). */
export async function dropTinyJob(
  s3: StackClient,
  name: string,
  emotion = 'surprised at first, then delighted',
): Promise<TinyJob> {
  const { portrait, speech } = await tinyMedia();
  const manifest = JSON.stringify({
    portrait: 'portrait.png',
    audio: 'speech.wav',
    emotion,
    options: TINY_OPTIONS,
  });
  const inputs = new Map<string, { etag: string; bytes: Uint8Array }>();
  for (const [file, bytes, type] of [
    ['portrait.png', portrait, 'image/png'],
    ['speech.wav', speech, 'audio/wav'],
    ['job.json', new TextEncoder().encode(manifest), 'application/json'],
  ] as const) {
    const key = `incoming/${name}/${file}`;
    inputs.set(key, { etag: await s3.put(key, bytes, type), bytes });
  }
  return { name, inputs };
}

export interface FaultStack {
  readonly stack: LocalStack;
  readonly s3: StackClient;
  readonly log: MemoryStackLog;
  /** Stops the stack and destroys the client. */
  close(): Promise<void>;
}

/** A local stack on free ports in `dataDir`, every ASL retry instant, its log kept. */
export async function startFaultStack(
  dataDir: string,
  options: Omit<LocalStackOptions, 'dataDir'> = {},
): Promise<FaultStack> {
  const log = memoryStackLog();
  const stack = await startLocalStack({
    s3Port: 0,
    apiPort: 0,
    samplerPort: 0,
    retryIntervalOverrides: INSTANT_RETRIES,
    log,
    ...options,
    dataDir,
  });
  const s3 = stackClient(stack.s3Endpoint, stack.bucket);
  return {
    stack,
    s3,
    log,
    async close() {
      s3.destroy();
      await stack.stop({ graceMs: 0 });
    },
  };
}

/** The status record of the job named `name`, or undefined. */
export async function statusOf(s3: StackClient, name: string): Promise<JobStatus | undefined> {
  for (const key of await s3.list('jobs/')) {
    if (!key.endsWith('/status.json')) continue;
    // s3rver writes files in place: a read racing a write may see a torn record, not yet a status
    const parsed = JobStatusSchema.safeParse(await s3.json(key).catch(() => undefined));
    if (parsed.success && parsed.data.name === name) return parsed.data;
  }
  return undefined;
}

/** Waits (bounded) for the job's status to be final (succeeded or failed), then for the stack to be idle. */
export async function finalStatusOf(fault: FaultStack, name: string, timeoutMs = 90_000): Promise<JobStatus> {
  await waitFor(
    `job ${name} to succeed or fail`,
    async () => {
      const stage = (await statusOf(fault.s3, name))?.stage;
      return stage === 'succeeded' || stage === 'failed' ? true : undefined;
    },
    timeoutMs,
    100,
  );
  await fault.stack.idle();
  return (await statusOf(fault.s3, name))!;
}

/** File names under `prefix` (the prefix stripped), sorted. */
export async function filesUnder(s3: StackClient, prefix: string): Promise<string[]> {
  return (await s3.list(prefix)).map((key) => key.slice(prefix.length));
}

export async function expectInputsUntouched(s3: StackClient, job: TinyJob): Promise<void> {
  for (const [key, { etag, bytes }] of job.inputs) {
    expect(await s3.etag(key), key).toBe(etag);
    expect(Buffer.from((await s3.get(key))!).equals(Buffer.from(bytes)), key).toBe(true);
  }
}

/** The `job retrying` lines of a job: `state` and `error` fields. */
export function retriesOf(log: MemoryStackLog, jobId: string): { state: string; error: string }[] {
  return log.lines
    .filter((line) => line.includes('job retrying') && line.includes(` id=${jobId}`))
    .map((line) => ({
      state: /\bstate=(\S+)/.exec(line)?.[1] ?? '',
      error: /\berror=("(?:[^"\\]|\\.)*"|\S+)/.exec(line)?.[1] ?? '',
    }));
}

let realRunDraw: Promise<RunDraw> | undefined;

/** The container's Draw pipeline (what the sampler runs by default). */
export function pipelineRunDraw(): Promise<RunDraw> {
  realRunDraw ??= import('../../../containers/gpu-sampler/src/pipeline/run-draw.js').then(
    (module) => module.runDraw,
  );
  return realRunDraw;
}

/** A Draw that only ends when aborted: the job is surely mid-draw while it runs. */
export const drawUntilAborted: RunDraw = (_inputs, _outDir, deps) =>
  new Promise((_resolve, reject) => {
    if (deps.signal?.aborted) reject(deps.signal.reason);
    deps.signal?.addEventListener('abort', () => reject(deps.signal?.reason), { once: true });
  });

/** A loopback port that was free a moment ago. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Resolves the first time `fire()` is called. */
export function latch(): { fired: Promise<void>; fire: () => void } {
  let fire!: () => void;
  const fired = new Promise<void>((resolve) => {
    fire = resolve;
  });
  return { fired, fire };
}

export interface ExternalSamplerOptions {
  /** The loopback port to listen on (a restart uses the same one). */
  readonly port: number;
  /** The stack's S3 API. */
  readonly s3Endpoint: string;
  readonly runDraw: RunDraw;
  /** Where its log lines go (prefixed `sampler:`, info as debug). */
  readonly log: MemoryStackLog;
  /** On stop, how long a running job may finish before it is aborted. @default 0 */
  readonly drainGraceMs?: number;
}

/** The container's sampler server, started the way `tbd sampler` starts it, outside the stack. */
export async function startExternalSampler(options: ExternalSamplerOptions): Promise<RunningSampler> {
  const s3 = stackClient(options.s3Endpoint);
  const sampler = await startSampler({
    env: {},
    config: { host: '127.0.0.1', port: options.port, drainGraceMs: options.drainGraceMs ?? 0 },
    s3: s3.client,
    log: samplerLog(options.log),
    runDraw: options.runDraw,
  });
  return {
    ...sampler,
    async stop() {
      await sampler.stop();
      s3.destroy();
    },
  };
}
