/**
 * Test doubles for the sampler server: a scripted Draw runner that writes small output files, a
 * denoiser that only carries a spec, an in-memory log, request builders and an HTTP client.
 * Every helper returns fresh objects (clone per test).
 */
import { writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type {
  DrawDeps,
  DrawInputs,
  DrawOutputs,
  RunDraw,
} from '../../../containers/gpu-sampler/src/server/draw-runner.js';
import type { Log, LogFields } from '../../../containers/gpu-sampler/src/server/log.js';
import type { Denoiser, DenoiserModelSpec } from '../../../core/contracts/denoiser-model.js';
import type { DrawRequest } from '../../../core/contracts/draw-request.js';
import { FacsReasoner } from '../../../core/facs/facs-reasoner.js';
import type { ExpressionPlan } from '../../../core/plan/expression-plan.js';

export const FAKE_MODEL_ID = 'fake-model@1';

/** The bytes the fake runner writes as video.mp4: an ISO-BMFF `ftyp` box and a little more. */
export const FAKE_MP4 = new Uint8Array([
  0, 0, 0, 24, 0x66, 0x74, 0x79, 0x70, 0x69, 0x73, 0x6f, 0x6d, 0, 0, 2, 0, 0x69, 0x73, 0x6f, 0x6d, 0x6d, 0x70,
  0x34, 0x31, 0, 0, 0, 8, 0x66, 0x72, 0x65, 0x65,
]);
export const FAKE_PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
export const PNG_MAGIC = FAKE_PNG.slice(0, 8);

export function fakeDenoiser(): Denoiser {
  const spec: DenoiserModelSpec = {
    id: FAKE_MODEL_ID,
    onnx: 'fake.onnx',
    channels: ['au12'],
    condition: { channels: ['speech'], layout: 'fake' },
    sigma: { min: 0.01, max: 10, data: 1 },
    fps: 25,
    inputs: { x: 'x', sigma: 'sigma', cond: 'cond' },
    outputs: { x0: 'x0' },
  };
  return {
    spec,
    denoise: () => Promise.reject(new Error('the fake denoiser is not for denoising')),
  };
}

export interface FakeRunnerScript {
  /** How long drawing takes, ms. @default 0 */
  readonly delayMs?: number;
  /** Stop early when the signal fires (a well-behaved runner). @default true */
  readonly honourAbort?: boolean;
  /** Thrown after the delay instead of drawing. */
  readonly error?: Error;
  /** Overrides of what the runner returns. */
  readonly outputs?: Partial<DrawOutputs>;
}

export interface FakeRunner {
  readonly runDraw: RunDraw;
  readonly calls: { inputs: DrawInputs; outDir: string; deps: DrawDeps }[];
  /** Most runners seen drawing at the same time. */
  readonly maxConcurrent: () => number;
  /** Runners that have finished (settled), in order. */
  readonly finished: () => number;
  /** Resolves when the nth call starts. */
  readonly started: (n?: number) => Promise<void>;
}

export function fakeRunner(script: FakeRunnerScript = {}): FakeRunner {
  const calls: FakeRunner['calls'] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  let running = 0;
  let most = 0;
  let finished = 0;
  const runDraw: RunDraw = async (inputs, outDir, deps) => {
    calls.push({ inputs, outDir, deps });
    for (const w of waiters.filter((w) => calls.length >= w.n)) w.resolve();
    running += 1;
    most = Math.max(most, running);
    try {
      deps.onProgress?.('sample', 0, 2);
      await sleep(script.delayMs ?? 0, script.honourAbort === false ? undefined : deps.signal);
      deps.onProgress?.('render', 1, 2);
      if (script.error) throw script.error;
      const videoPath = join(outDir, 'out.mp4');
      const previewPath = join(outDir, 'preview.png');
      const motionPath = join(outDir, 'motion.json');
      await writeFile(videoPath, FAKE_MP4);
      await writeFile(previewPath, FAKE_PNG);
      await writeFile(motionPath, JSON.stringify({ frames: 50, fps: 25 }));
      const outputs: DrawOutputs = {
        videoPath,
        previewPath,
        motionPath,
        durationSec: 2,
        frames: 50,
        fps: 25,
        seed: inputs.options?.seed ?? 7,
        modelId: deps.denoiser.spec.id,
        timings: { motionMs: 3.4, renderMs: 5, encodeMs: 2 },
        ...script.outputs,
      };
      return outputs;
    } finally {
      running -= 1;
      finished += 1;
    }
  };
  return {
    runDraw,
    calls,
    maxConcurrent: () => most,
    finished: () => finished,
    started: (n = 1) =>
      calls.length >= n ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ n, resolve })),
  };
}

/** Resolves after `ms`, or rejects with the signal's reason when it fires first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}

export interface LogEvent {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly message: string;
  readonly fields: LogFields;
}

export function memoryLog(): Log & { readonly events: LogEvent[]; messages(): string[] } {
  const events: LogEvent[] = [];
  const at =
    (level: LogEvent['level']) =>
    (message: string, fields: LogFields = {}): void => {
      events.push({ level, message, fields });
    };
  return {
    events,
    messages: () => events.map((e) => e.message),
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
  };
}

let planCache: ExpressionPlan | undefined;

/** A real plan from the offline reasoner. */
export async function samplePlan(): Promise<ExpressionPlan> {
  planCache ??= await new FacsReasoner().reason('pleased at first, then quietly hurt');
  return structuredClone(planCache);
}

/** A DrawRequest for job `jobId` whose inputs live under `incoming/<jobId>/` in `bucket`. */
export function drawRequest(
  jobId: string,
  bucket = 'tbd',
  overrides: Partial<DrawRequest> = {},
): DrawRequest {
  return {
    jobId,
    portrait: `s3://${bucket}/incoming/${jobId}/portrait.png`,
    audio: `s3://${bucket}/incoming/${jobId}/speech.wav`,
    plan: `s3://${bucket}/jobs/${jobId}/plan.json`,
    output: `s3://${bucket}/outgoing/${jobId}/`,
    ...overrides,
  };
}

export interface HttpReply {
  readonly status: number;
  readonly headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: test assertions read arbitrary JSON
  readonly json: any;
}

/** `http://127.0.0.1:<port>` of a listening server. */
export function baseUrl(address: AddressInfo): string {
  return `http://127.0.0.1:${address.port}`;
}

export async function post(
  base: string,
  body: unknown,
  init: { raw?: string | Uint8Array; signal?: AbortSignal; path?: string } = {},
): Promise<HttpReply> {
  const res = await fetch(`${base}${init.path ?? '/invocations'}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: init.raw ?? JSON.stringify(body),
    signal: init.signal,
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? JSON.parse(text) : undefined };
}

export async function get(base: string, path: string): Promise<HttpReply> {
  const res = await fetch(`${base}${path}`);
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? JSON.parse(text) : undefined };
}
