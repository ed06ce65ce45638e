/**
 * The sampler the stack's Draw task calls:
 *
 * - in-process (the default): the container's server (`startSampler`) on 127.0.0.1, started and
 *   stopped with the stack; a call waits for its models to load;
 * - external (`{ url }`): a sampler the stack does not run (the container, `tbd sampler` on
 *   another port or machine). The stack neither starts nor stops it; each call first waits for
 *   its `GET /ping` to answer 200 (sampler-readiness.ts), so a restart of that sampler delays a
 *   job instead of failing it, and one that stays away fails the attempt after `readyTimeoutMs`.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { RunDraw } from '../../containers/gpu-sampler/src/server/draw-runner.js';
import type { ServerConfig } from '../../containers/gpu-sampler/src/server/server-config.js';
import { startSampler } from '../../containers/gpu-sampler/src/server/start-sampler.js';
import { waitForSampler } from './sampler-readiness.js';
import { type StackLog, samplerLog } from './stack-log.js';

/** The in-process sampler: its Draw pipeline (tests, fault injection) and settings over the environment's. */
export interface InProcessSamplerOptions {
  readonly runDraw?: RunDraw;
  readonly config?: Partial<ServerConfig>;
  readonly url?: undefined;
}

/** A sampler the stack does not run. */
export interface ExternalSamplerOptions {
  /** Its base URL, e.g. `http://127.0.0.1:8080`. */
  readonly url: string;
  /** How long one Draw attempt waits for `GET /ping` to answer 200. @default SAMPLER_READINESS_DEFAULTS.timeoutMs */
  readonly readyTimeoutMs?: number;
}

export type StackSamplerOptions = InProcessSamplerOptions | ExternalSamplerOptions;

export interface StackSampler {
  /** Base URL, no trailing slash. */
  readonly url: string;
  /** True for a sampler the stack does not run. */
  readonly external: boolean;
  /** In-process: settles once the models are loaded (rejects when they failed); external: resolved. */
  readonly ready: Promise<void>;
  /** For /healthz: the server's state, or `external`. */
  state(): string;
  /** Awaited before each Draw call; `signal` cuts the wait (the stack stopping). */
  beforeCall(signal: AbortSignal): Promise<void>;
  /** Drains the in-process server; leaves an external one alone. */
  stop(): Promise<void>;
}

export interface StartStackSamplerOptions {
  readonly options: StackSamplerOptions | undefined;
  readonly env: NodeJS.ProcessEnv;
  readonly host: string;
  readonly port: number;
  /** The in-process sampler's S3 client (the stack destroys it). */
  readonly s3: () => S3Client;
  readonly log: StackLog;
}

export async function startStackSampler(start: StartStackSamplerOptions): Promise<StackSampler> {
  const { options } = start;
  if (options?.url !== undefined) {
    const url = options.url.replace(/\/+$/, '');
    const readyTimeoutMs = options.readyTimeoutMs;
    return {
      url,
      external: true,
      ready: Promise.resolve(),
      state: () => 'external',
      beforeCall: (signal) => waitForSampler(url, { timeoutMs: readyTimeoutMs, signal }),
      stop: async () => {},
    };
  }
  const sampler = await startSampler({
    env: start.env,
    config: { ...options?.config, host: start.host, port: start.port },
    s3: start.s3(),
    log: samplerLog(start.log),
    ...(options?.runDraw ? { runDraw: options.runDraw } : {}),
  });
  const ready = sampler.server.ready;
  return {
    url: `http://${start.host}:${sampler.address.port}`,
    external: false,
    ready,
    state: () => sampler.server.state,
    beforeCall: () => ready.catch(() => undefined),
    stop: () => sampler.stop(),
  };
}
