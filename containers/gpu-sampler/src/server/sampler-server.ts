/**
 * The SageMaker inference-container contract over node:http:
 *
 * - `GET /ping`: 200 once the models are loaded, 503 while loading, after a failed load and while
 *   shutting down (SageMaker routes traffic only to instances that answer 200).
 * - `POST /invocations`: a DrawRequest in, a DrawResult out (200), or a DrawErrorBody: 4xx for
 *   the caller's faults, naming the field; 5xx for ours.
 * - `GET /execution-parameters`: batch-transform hints (one record per request).
 *
 * The port is open at once; the models load behind it. `drain()` is the SIGTERM path: stop
 * accepting, refuse what has not started, give running jobs `drainGraceMs` to finish, abort the
 * rest (their outputs are rolled back), answer everyone, close.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { S3Client } from '@aws-sdk/client-s3';
import type { Denoiser } from '../../../../core/contracts/denoiser-model.js';
import { resolvesWithin } from '../../../../core/util/resolves-within.js';
import { type DrawJobDeps, type JobProgress, runDrawJob } from './draw-job.js';
import type { RunDraw } from './draw-runner.js';
import { toErrorResponse } from './error-response.js';
import {
  CallerGoneError,
  formatDuration,
  JobTimeoutError,
  RouteError,
  ServerDrainingError,
  ServerNotReadyError,
} from './errors.js';
import { readBody, sendJson } from './http-io.js';
import { JobQueue } from './job-queue.js';
import { errorFields, type Log, SILENT_LOG } from './log.js';
import { parseDrawRequest } from './parse-draw-request.js';
import { readServerConfig, type ServerConfig } from './server-config.js';

export interface SamplerServerDeps {
  readonly runDraw: RunDraw;
  /** The denoiser, or how to load it (after the port opens; /ping is 503 until it resolves). */
  readonly denoiser: Denoiser | (() => Promise<Denoiser>);
  /** More start-up work before /ping turns 200, e.g. loading the face model. */
  readonly warmUp?: () => Promise<void>;
  readonly s3: S3Client;
  /** @default SILENT_LOG */
  readonly log?: Log;
  /** Over SERVER_DEFAULTS; the environment is not read here (see readServerConfig). */
  readonly config?: Partial<ServerConfig>;
}

export type ServerState = 'loading' | 'ready' | 'failed' | 'draining' | 'closed';

export interface SamplerServer {
  readonly state: ServerState;
  readonly config: ServerConfig;
  /** Resolves once /ping answers 200; rejects when loading the models failed. */
  readonly ready: Promise<void>;
  listen(port?: number, host?: string): Promise<AddressInfo>;
  address(): AddressInfo | undefined;
  /** Jobs being handled (fetching, queued, drawing or publishing). */
  inFlight(): number;
  /** Graceful shutdown; idempotent. Resolves when every caller has its answer and the port is closed. */
  drain(): Promise<void>;
}

interface ActiveJob {
  readonly controller: AbortController;
  readonly progress: JobProgress;
  readonly done: Promise<void>;
}

/** Extra time after aborting for rollbacks and answers, before connections are cut. @default 5000 */
const ABORT_SETTLE_MS = 5000;

export function createSamplerServer(deps: SamplerServerDeps): SamplerServer {
  const config = readServerConfig({}, deps.config ?? {});
  const log = deps.log ?? SILENT_LOG;
  const queue = new JobQueue(config.maxConcurrency, config.maxQueue);
  const active = new Set<ActiveJob>();
  let state: ServerState = 'loading';
  let denoiser: Denoiser | undefined;
  let drained: Promise<void> | undefined;

  const ready = (async () => {
    const started = performance.now();
    denoiser = typeof deps.denoiser === 'function' ? await deps.denoiser() : deps.denoiser;
    await deps.warmUp?.();
    if (state === 'loading') state = 'ready';
    log.info('ready', { modelId: denoiser.spec.id, loadMs: Math.round(performance.now() - started) });
  })();
  ready.catch((error: unknown) => {
    if (state === 'loading') state = 'failed';
    log.error('model loading failed', errorFields(error, true));
  });

  const http: Server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      log.error('unhandled request failure', errorFields(error, true));
      sendJson(res, 500, toErrorResponse(error).body, { close: true });
    });
  });
  http.keepAliveTimeout = 65_000; // above the 60 s idle timeout of AWS load balancers and SageMaker's proxy

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const method = req.method ?? 'GET';
    const allow = ALLOWED_METHODS[path];
    if (!allow?.includes(method)) {
      req.resume();
      const error = new RouteError(method, path, allow ?? []);
      const headers: Record<string, string> = allow ? { allow: allow.join(', ') } : {};
      return sendJson(res, error.status, toErrorResponse(error).body, { headers });
    }
    if (path === '/ping') {
      const ok = state === 'ready';
      return sendJson(res, ok ? 200 : 503, { status: state });
    }
    if (path === '/execution-parameters') {
      return sendJson(res, 200, {
        MaxConcurrentTransforms: config.maxConcurrency,
        BatchStrategy: 'SINGLE_RECORD',
        MaxPayloadInMB: Math.max(1, Math.floor(config.maxBodyBytes / 1e6)),
      });
    }
    return invoke(req, res);
  }

  async function invoke(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestStarted = performance.now();
    let jobId: string | undefined;
    try {
      if (state === 'draining' || state === 'closed') throw new ServerDrainingError();
      if (state !== 'ready' || !denoiser) throw new ServerNotReadyError(state === 'failed');
      const request = parseDrawRequest(await readBody(req, config.maxBodyBytes));
      if (state !== 'ready') throw new ServerDrainingError();
      jobId = request.jobId;
      log.info('job accepted', { jobId, running: queue.running, queued: queue.queued });
      const result = await track(request.jobId, res, (signal, progress) =>
        runDrawJob(request, jobDeps(denoiser!), signal, progress),
      );
      log.info('job succeeded', { jobId, video: result.outputs.video, timings: result.timings });
      sendJson(res, 200, result);
    } catch (error) {
      const response = toErrorResponse(error, jobId);
      const fields = {
        jobId,
        status: response.status,
        ms: Math.round(performance.now() - requestStarted),
        ...errorFields(error, response.fault),
      };
      const message = jobId ? 'job failed' : 'request refused';
      if (response.fault) log.error(message, fields);
      else log.warn(message, fields);
      const close = state === 'draining' || response.status === 413;
      sendJson(res, response.status, response.body, {
        close,
        headers: response.status === 503 ? { 'retry-after': '30' } : {},
      });
    }
  }

  function jobDeps(loaded: Denoiser): DrawJobDeps {
    return {
      s3: deps.s3,
      runDraw: deps.runDraw,
      denoiser: loaded,
      queue,
      limits: config,
      workDir: config.workDir,
      log,
      progressIntervalMs: config.progressIntervalMs,
    };
  }

  /** Runs a job under its time limit, abandons it when the caller hangs up, and lets drain() see it. */
  async function track<T>(
    jobId: string,
    res: ServerResponse,
    job: (signal: AbortSignal, progress: JobProgress) => Promise<T>,
  ): Promise<T> {
    const controller = new AbortController();
    const progress: JobProgress = { stage: 'fetch' };
    const timer = setTimeout(
      () => controller.abort(new JobTimeoutError(jobId, config.requestTimeoutMs, progress.stage)),
      config.requestTimeoutMs,
    );
    const onClose = (): void => {
      if (!res.writableEnded) controller.abort(new CallerGoneError(jobId));
    };
    res.on('close', onClose);
    const running = job(controller.signal, progress);
    const entry: ActiveJob = {
      controller,
      progress,
      done: running.then(
        () => undefined,
        () => undefined,
      ),
    };
    active.add(entry);
    try {
      return await running;
    } finally {
      clearTimeout(timer);
      res.off('close', onClose);
      active.delete(entry);
    }
  }

  async function drain(): Promise<void> {
    const previous = state;
    state = 'draining';
    log.info('draining', { previous, inFlight: active.size, running: queue.running, queued: queue.queued });
    const closed = new Promise<void>((resolve) => http.close(() => resolve()));
    http.closeIdleConnections();
    for (const job of active) {
      if (job.progress.stage === 'fetch' || job.progress.stage === 'queue') {
        job.controller.abort(new ServerDrainingError('the job had not started drawing'));
      }
    }
    const settled = (): Promise<void> =>
      Promise.all([...active].map((job) => job.done)).then(() => undefined);
    const finished = await resolvesWithin(settled(), config.drainGraceMs);
    if (!finished) {
      const grace = formatDuration(config.drainGraceMs);
      log.warn('grace period over: aborting running jobs', {
        inFlight: active.size,
        graceMs: config.drainGraceMs,
      });
      for (const job of active) {
        job.controller.abort(new ServerDrainingError(`the job was aborted after the ${grace} grace period`));
      }
      await resolvesWithin(settled(), ABORT_SETTLE_MS);
    }
    http.closeAllConnections();
    await closed;
    state = 'closed';
    log.info('drained', { abortedAfterGrace: !finished });
  }

  return {
    get state() {
      return state;
    },
    config,
    ready,
    listen(port = config.port, host = config.host) {
      return new Promise<AddressInfo>((resolve, reject) => {
        http.once('error', reject);
        http.listen(port, host, () => {
          http.off('error', reject);
          const address = http.address() as AddressInfo;
          log.info('listening', { host: address.address, port: address.port, state });
          resolve(address);
        });
      });
    },
    address: () => (http.address() as AddressInfo | null) ?? undefined,
    inFlight: () => active.size,
    drain() {
      drained ??= drain();
      return drained;
    },
  };
}

const ALLOWED_METHODS: Record<string, readonly string[]> = {
  '/ping': ['GET', 'HEAD'],
  '/invocations': ['POST'],
  '/execution-parameters': ['GET'],
};
