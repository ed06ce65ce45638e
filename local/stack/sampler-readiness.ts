/**
 * Waits for a sampler that the stack does not run itself (`startLocalStack({ sampler: { url } })`:
 * the container, or `tbd sampler`) to answer `GET /ping` with 200, as SageMaker does before it
 * routes traffic to an instance. The Draw task waits here before each call, so a sampler that is
 * restarting (port closed, then 503 while its models load) gets the job once it is back, and one
 * that stays away fails the attempt with a `TransientError` (the Draw state's Retry, then
 * error.json), never a job that waits forever.
 */
import { request as httpRequest } from 'node:http';
import { TransientError } from '../../functions/shared/pipeline-errors.js';
import { SamplerCallError } from './errors.js';

export const SAMPLER_READINESS_DEFAULTS = {
  /** How long one Draw attempt waits for the sampler to be ready. @default 60000 */
  timeoutMs: 60_000,
  /** Pause between pings. @default 250 */
  intervalMs: 250,
  /** Limit of one ping. @default 2000 */
  pingTimeoutMs: 2_000,
} as const;

export interface SamplerReadinessOptions {
  /** @default SAMPLER_READINESS_DEFAULTS.timeoutMs */
  readonly timeoutMs?: number;
  /** @default SAMPLER_READINESS_DEFAULTS.intervalMs */
  readonly intervalMs?: number;
  /** Stops the wait (the stack stopping): rejects with SamplerCallError. */
  readonly signal?: AbortSignal;
}

/**
 * Resolves once `GET <url>/ping` answers 200.
 * @throws TransientError when it has not within `timeoutMs` (the message says what it last saw)
 */
export async function waitForSampler(url: string, options: SamplerReadinessOptions = {}): Promise<void> {
  const timeoutMs = options.timeoutMs ?? SAMPLER_READINESS_DEFAULTS.timeoutMs;
  const intervalMs = options.intervalMs ?? SAMPLER_READINESS_DEFAULTS.intervalMs;
  const { signal } = options;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (signal?.aborted) throw new SamplerCallError(`the wait for the sampler at ${url} was cut off`);
    const seen = await ping(`${url}/ping`);
    if (seen === 200) return;
    if (Date.now() >= deadline) {
      const last = typeof seen === 'number' ? `GET /ping answered HTTP ${seen}` : seen;
      throw new TransientError(
        `the sampler at ${url} was not ready within ${formatSeconds(timeoutMs)} (${last})`,
      );
    }
    await pause(Math.min(intervalMs, deadline - Date.now()), signal);
  }
}

/** The status of one ping, or what went wrong ("connect ECONNREFUSED 127.0.0.1:8080"). */
function ping(target: string): Promise<number | string> {
  return new Promise((resolve) => {
    const req = httpRequest(
      target,
      { method: 'GET', timeout: SAMPLER_READINESS_DEFAULTS.pingTimeoutMs, agent: false },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('timeout', () => req.destroy(new Error('no answer to GET /ping')));
    req.on('error', (error) => resolve(error.message));
    req.end();
  });
}

function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

function formatSeconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}
