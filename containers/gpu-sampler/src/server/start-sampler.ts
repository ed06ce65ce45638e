/**
 * The composition root shared by the container entry (`serve`) and `tbd sampler`: configuration
 * from the environment, the JSON log, the S3 client, the denoiser and the pipeline, the server;
 * with `ownsProcess`, SIGTERM/SIGINT drain and exit (a second signal exits at once) and a failed
 * model load exits with status 1, so that the platform replaces the instance.
 */
import type { AddressInfo } from 'node:net';
import type { S3Client } from '@aws-sdk/client-s3';
import { createS3Client } from '../storage/create-s3-client.js';
import type { RunDraw } from './draw-runner.js';
import { loadDenoiser } from './load-denoiser.js';
import { createJsonLog, errorFields, type Log } from './log.js';
import { createSamplerServer, type SamplerServer } from './sampler-server.js';
import { readServerConfig, type ServerConfig } from './server-config.js';

export interface StartSamplerOptions {
  /** @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** Over the environment (e.g. the CLI's --port). */
  readonly config?: Partial<ServerConfig>;
  /** @default the Draw pipeline (pipeline/run-draw.ts) */
  readonly runDraw?: RunDraw;
  /** @default Powertools JSON lines on stdout */
  readonly log?: Log;
  /** @default createS3Client(env) */
  readonly s3?: S3Client;
  /** Install signal handlers and exit the process when drained or when loading fails. @default false */
  readonly ownsProcess?: boolean;
}

export interface RunningSampler {
  readonly server: SamplerServer;
  readonly address: AddressInfo;
  readonly log: Log;
  /** Drain and close (what SIGTERM does). */
  stop(): Promise<void>;
}

export async function startSampler(options: StartSamplerOptions = {}): Promise<RunningSampler> {
  const env = options.env ?? process.env;
  const config = readServerConfig(env, options.config);
  const log = options.log ?? createJsonLog(config.serviceName);
  const s3 = options.s3 ?? createS3Client(env);
  const runDraw = options.runDraw ?? (await importPipeline());
  const server = createSamplerServer({
    runDraw,
    denoiser: () => loadDenoiser({ providers: config.providers, log, env }),
    warmUp: warmUpFaceModel,
    s3,
    log,
    config,
  });
  log.info('starting', {
    node: process.version,
    pid: process.pid,
    maxConcurrency: config.maxConcurrency,
    maxQueue: config.maxQueue,
    requestTimeoutSec: config.requestTimeoutMs / 1000,
    drainGraceSec: config.drainGraceMs / 1000,
    providers: config.providers,
  });
  const address = await server.listen();
  const stop = async (): Promise<void> => {
    await server.drain();
    if (!options.s3) s3.destroy();
  };
  if (options.ownsProcess) ownProcess(server, stop, log);
  return { server, address, log, stop };
}

async function importPipeline(): Promise<RunDraw> {
  const { runDraw } = await import('../pipeline/run-draw.js');
  return runDraw;
}

/** The face mesh model (wasm) takes seconds to load: load it before /ping says ready. */
async function warmUpFaceModel(): Promise<void> {
  const { getHuman } = await import('../face/human-loader.js');
  await getHuman();
}

function ownProcess(server: SamplerServer, stop: () => Promise<void>, log: Log): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) {
      log.warn('second signal: exiting without waiting', { signal });
      process.exit(1);
    }
    stopping = true;
    log.info('signal received: draining', { signal });
    stop().then(
      () => {
        log.info('exit', { code: 0 });
        process.exit(0);
      },
      (error: unknown) => {
        log.error('shutdown failed', errorFields(error, true));
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  server.ready.catch(() => {
    log.error('exit: the models could not be loaded', { code: 1 });
    void server.drain().finally(() => process.exit(1));
  });
}
