/**
 * The local stack the catalogue runs against (what `tbd serve` runs, in-process on free ports):
 * the real handlers and definition, the real sampler with the real Draw pipeline behind a gate
 * (draw-gate.ts), the `/v1` API with one key for the tenant `acme`, and an S3 client as a user
 * would configure it. Plus the checks every case ends with: no stack trace in what users see, the
 * stack still answers and logged no fault, the inputs are as uploaded.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { JobStatusSchema } from '../../core/contracts/job-status.js';
import { KNOWN_AUS } from '../../core/facs/action-units.js';
import { mountApi } from '../../local/api/mount-api.js';
import { type LocalStack, startLocalStack } from '../../local/stack/local-stack.js';
import {
  type MemoryStackLog,
  memoryStackLog,
  type StackClient,
  stackClient,
  waitFor,
} from '../local/stack/stack-fixtures.js';
import { JOB_OPTIONS } from './bad-input-case.js';
import { portraits, speech } from './bad-media.js';
import { createDrawGate, type DrawGate, type HeldDraw } from './draw-gate.js';

export const TENANT = 'acme';
export const API_KEY = 'tbd_reliability-acme-key-0123456789abcdef';

export interface ReliabilityStack {
  readonly stack: LocalStack;
  readonly s3: StackClient;
  readonly log: MemoryStackLog;
  readonly gate: DrawGate;
  stop(): Promise<void>;
}

export async function startReliabilityStack(options: { api?: boolean } = {}): Promise<ReliabilityStack> {
  const dataDir = await mkdtemp(join(tmpdir(), 'tbd-reliability-'));
  await writeFile(
    join(dataDir, 'api-keys.json'),
    JSON.stringify({ keys: [{ id: 'acme-1', tenant: TENANT, key: API_KEY }] }),
  );
  const log = memoryStackLog();
  const gate = createDrawGate();
  const stack = await startLocalStack({
    dataDir,
    s3Port: 0,
    apiPort: 0,
    samplerPort: 0,
    log,
    sampler: { runDraw: gate.runDraw },
    ...(options.api ? { api: mountApi } : {}),
  });
  await stack.samplerReady;
  const s3 = stackClient(stack.s3Endpoint, stack.bucket);
  return {
    stack,
    s3,
    log,
    gate,
    async stop() {
      s3.destroy();
      await stack.stop({ graceMs: 0 });
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The text of a JSON object, or undefined when there is none. s3rver (unlike S3) rewrites an
 * object in place, so a read racing a write can come back short or fail: such reads are tried
 * again until the bytes parse, for at most `settleMs`.
 */
export async function readJsonText(
  s3: StackClient,
  key: string,
  settleMs = 3000,
): Promise<string | undefined> {
  const deadline = Date.now() + settleMs;
  for (;;) {
    let problem: unknown;
    try {
      const bytes = await s3.get(key);
      if (bytes === undefined) return undefined;
      const text = new TextDecoder().decode(bytes);
      JSON.parse(text);
      return text;
    } catch (error) {
      problem = error;
    }
    if (Date.now() > deadline) throw problem;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Uploaded objects by key: what was sent and the ETag S3 answered. */
export type Inputs = Map<string, { readonly bytes: Uint8Array; readonly etag?: string }>;

/** Every input is still there, byte for byte (and with its ETag, when known). */
export async function expectInputsUntouched(s3: StackClient, inputs: Inputs): Promise<void> {
  for (const [key, { bytes, etag }] of inputs) {
    const stored = await s3.get(key);
    expect(stored, `input ${key} is gone`).toBeDefined();
    expect(Buffer.from(stored!).equals(Buffer.from(bytes)), `input ${key} changed`).toBe(true);
    if (etag !== undefined) expect(await s3.etag(key), `ETag of ${key}`).toBe(etag);
  }
}

/** No stack trace in text a user (or an operator reading the log line) sees. */
export function expectNoStackTrace(text: string, where: string): void {
  expect(text, `${where} holds a stack trace`).not.toContain('    at ');
  expect(text, `${where} holds a source position`).not.toMatch(/\.(?:ts|js|mjs|cjs):\d+:\d+/);
  expect(text, `${where} holds node internals`).not.toContain('node:internal');
}

/** The message matches every pattern: the field or file, what is wrong, what is accepted. */
export function expectSays(message: string, says: readonly RegExp[], where: string): void {
  expect(says.length, `${where}: a case must say what the message says`).toBeGreaterThan(0);
  for (const pattern of says) expect(message, where).toMatch(pattern);
}

/** The stack answers /healthz as healthy and has logged no fault (ERROR) so far. */
export async function expectStackAlive(rs: ReliabilityStack): Promise<void> {
  const reply = await fetch(`${rs.stack.apiUrl}/healthz`);
  expect(reply.status).toBe(200);
  expect(await reply.json()).toMatchObject({ status: 'ok', sampler: 'ready' });
  expect(rs.log.lines.filter((line) => / ERROR /.test(line))).toEqual([]);
}

/** Every `au` number anywhere in a plan (segments, regions, ...). */
export function actionUnitsIn(value: unknown): number[] {
  if (Array.isArray(value)) return value.flatMap(actionUnitsIn);
  if (value === null || typeof value !== 'object') return [];
  const own = 'au' in value && typeof value.au === 'number' ? [value.au] : [];
  return [...own, ...Object.values(value).flatMap(actionUnitsIn)];
}

/** A plan drew on the AU catalogue alone (whatever the emotion text asked for). */
export function expectCatalogueAusOnly(plan: unknown, expected: { withActionUnits?: boolean }): void {
  const units = actionUnitsIn(plan);
  if (expected.withActionUnits) expect(units.length, 'the plan has action units').toBeGreaterThan(0);
  expect(units.filter((au) => !KNOWN_AUS.has(au))).toEqual([]);
}

/** The status record of the job of a folder (file drop) or API job id (the job's `name`). */
export async function statusByName(s3: StackClient, name: string) {
  for (const key of await s3.list('jobs/')) {
    if (!key.endsWith('/status.json')) continue;
    const text = await readJsonText(s3, key);
    if (text === undefined) continue;
    const status = JobStatusSchema.parse(JSON.parse(text));
    if (status.name === name) return status;
  }
  return undefined;
}

/** Waits until ingest has recorded the job named `name`. */
export function waitForStatus(s3: StackClient, name: string) {
  return waitFor(`the status record of ${name}`, () => statusByName(s3, name), 20_000, 50);
}

/** Waits until the log has a `job duplicate` line of `jobId` `count` times (the log's tail if not). */
export async function waitForDuplicates(log: MemoryStackLog, jobId: string, count: number): Promise<void> {
  const seen = () =>
    log.lines.filter((line) => line.includes('job duplicate') && line.includes(jobId)).length;
  try {
    await waitFor(
      `${count} duplicate events of ${jobId}`,
      async () => (seen() >= count ? true : undefined),
      20_000,
      50,
    );
  } catch (error) {
    throw new Error(
      `${(error as Error).message}; the stack's log ends with:\n${log.lines.slice(-15).join('\n')}`,
    );
  }
}

/**
 * Drops a good job (`incoming/<folder>/`) and holds its draw: with one job at a time, every job
 * started later waits before its Draw stage until `release()`.
 */
export async function holdDrawsBehindJob(rs: ReliabilityStack, folder: string): Promise<HeldDraw> {
  const held = rs.gate.holdNext();
  await rs.s3.put(`incoming/${folder}/portrait.jpg`, await portraits.good.bytes());
  await rs.s3.put(`incoming/${folder}/audio.wav`, await speech.good.bytes());
  await rs.s3.put(
    `incoming/${folder}/job.json`,
    JSON.stringify({ portrait: 'portrait.jpg', audio: 'audio.wav', emotion: 'calm', options: JOB_OPTIONS }),
  );
  await held.started;
  return held;
}
