/**
 * The local stack (`tbd serve`): the whole pipeline on one machine, no cloud account.
 *
 *   client ──S3 API──> s3rver (127.0.0.1:<s3Port>, bucket tbd, objects in <dataDir>/s3)
 *                         │ 'event' (ObjectCreated on [tenants/<t>/]incoming/**\/job.json)
 *                         v
 *                      event queue (one at a time) ──> ingest handler
 *                                                        │ LocalStarter.start(name = jobId)
 *                                                        v
 *          aws-local-stepfunctions: pipeline.asl.json (the deployed definition)
 *          Think ──> Draw ──> Publish  (| RecordFailure), each Task a handler module in-process;
 *                     │ SamplerClient: POST /invocations
 *                     v
 *          sampler server (127.0.0.1:<samplerPort>, the container's server, in-process;
 *                          or an external one, `sampler: { url }`: see stack-sampler.ts)
 *
 *   API seam: node:http on 127.0.0.1:<apiPort>, GET /healthz (issue 8 mounts /v1 on it).
 *
 * Start: lock the data dir, start s3rver (creating the bucket) and the sampler (waiting for its
 * models: a failed load is logged, and draws then fail with the sampler's 503), the handlers, the
 * starter, the event queue and the API, then recover unfinished jobs (recover-jobs.ts) before
 * resolving.
 * Stop (idempotent): stop taking events (the item in hand finishes, the rest are found again by
 * the next start), give running jobs `stopGraceMs`, then abort them (they resume on the next
 * start), close the API, drain the sampler, stop s3rver, release the lock.
 */
import { join, resolve as resolvePath } from 'node:path';
import type { LogLevel as PowertoolsLogLevel } from '@aws-lambda-powertools/logger/types';
import type { S3Client } from '@aws-sdk/client-s3';
import { createIngestHandler } from '../../functions/ingest/ingest-handler.js';
import { JobStore } from '../../functions/shared/job-store.js';
import { toLocalTask } from '../../functions/shared/local-invoke.js';
import { S3ObjectStore } from '../../functions/shared/s3-object-store.js';
import type { ReasonerChoice } from '../../functions/think/reasoner-choices.js';
import {
  createReasonerFor,
  type ReasonerFor,
  reasonerConfigFromEnv,
} from '../../functions/think/reasoner-for.js';
import { S3PlanStore } from '../../functions/think/s3-plan-store.js';
import { type ApiServer, createApiServer, type HealthReport } from './api-server.js';
import { type DataDirLock, lockDataDir } from './data-dir-lock.js';
import { ExecutionRecords } from './execution-record.js';
import { createIngestIntake } from './ingest-intake.js';
import { type ExecutionInfo, LocalStarter } from './local-starter.js';
import { manifestNotification } from './manifest-events.js';
import { listManifestObjects, type RecoveryReport, recoverJobs } from './recover-jobs.js';
import { type S3Emulator, startS3Emulator } from './s3-emulator.js';
import { SamplerClient } from './sampler-client.js';
import { LOCAL_STACK_DEFAULTS } from './stack-defaults.js';
import { createStackLog, type StackLog } from './stack-log.js';
import { type StackSamplerOptions, startStackSampler } from './stack-sampler.js';
import { createTaskHandlers, localPowertools } from './task-handlers.js';

export { LOCAL_STACK_DEFAULTS };

/** What an API (issue 8) gets to build its routes, before the port opens. */
export interface LocalStackServices {
  readonly api: ApiServer;
  readonly s3Endpoint: string;
  readonly bucket: string;
  readonly region: string;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  /** A client of the local S3 API (the stack destroys it on stop). */
  readonly s3Client: S3Client;
  readonly jobs: JobStore;
  readonly reasonerFor: ReasonerFor;
  readonly dataDir: string;
  readonly log: StackLog;
}

export interface LocalStackOptions {
  /** @default LOCAL_STACK_DEFAULTS.dataDir (resolved against the working directory) */
  readonly dataDir?: string;
  /** 0: a free port. @default LOCAL_STACK_DEFAULTS.s3Port */
  readonly s3Port?: number;
  /** 0: a free port. @default LOCAL_STACK_DEFAULTS.apiPort */
  readonly apiPort?: number;
  /** 0: a free port. @default LOCAL_STACK_DEFAULTS.samplerPort */
  readonly samplerPort?: number;
  /** @default env TBD_REASONER, else LOCAL_STACK_DEFAULTS.reasoner */
  readonly reasoner?: ReasonerChoice;
  /** @default LOCAL_STACK_DEFAULTS.stopGraceMs */
  readonly stopGraceMs?: number;
  /** @default LOCAL_STACK_DEFAULTS.maxConcurrentJobs */
  readonly maxConcurrentJobs?: number;
  /** @default a stack log on stdout at info */
  readonly log?: StackLog;
  /** Level of the handlers' Powertools loggers. @default 'ERROR' */
  readonly handlerLogLevel?: PowertoolsLogLevel;
  /** Mounts API routes (issue 8) on the API server. */
  readonly api?: (services: LocalStackServices) => void | Promise<void>;
  /**
   * The sampler the Draw task calls: the in-process server (`{ runDraw?, config? }`: its Draw
   * pipeline and settings over the environment's), or an external one (`{ url, readyTimeoutMs? }`:
   * the container, `tbd sampler`), see stack-sampler.ts. @default the in-process server
   */
  readonly sampler?: StackSamplerOptions;
  /**
   * The Think stage's reasoner port, e.g. a Bedrock reasoner over a client of your own.
   * @default createReasonerFor(reasonerConfigFromEnv(env)) with `reasoner`
   */
  readonly reasonerFor?: ReasonerFor;
  /**
   * The S3 endpoint of the stack's own clients (the handlers, the in-process sampler, recovery):
   * a proxy in front of the S3 API that passes requests on unchanged (traffic capture, fault
   * injection). Clients of the stack still get `s3Endpoint`. @default the S3 API's endpoint
   */
  readonly s3ClientEndpoint?: string;
  /** Retry intervals per state in milliseconds (tests: 0). @default the definition's */
  readonly retryIntervalOverrides?: Readonly<Record<string, number>>;
  /** Environment for the reasoner and the sampler's settings. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
}

export interface LocalStack {
  /** e.g. `http://127.0.0.1:4569`. */
  readonly s3Endpoint: string;
  readonly bucket: string;
  readonly region: string;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  /** e.g. `http://127.0.0.1:3000`. */
  readonly apiUrl: string;
  /** e.g. `http://127.0.0.1:8080`. */
  readonly samplerUrl: string;
  /** Absolute. */
  readonly dataDir: string;
  /** What the start recovered. */
  readonly recovery: RecoveryReport;
  /** Settled before the stack resolves; rejected when the sampler's models failed to load. */
  readonly samplerReady: Promise<void>;
  /** Executions of this process (one per job id). */
  executions(): ExecutionInfo[];
  /** Resolves when no event waits and no execution waits or runs. */
  idle(): Promise<void>;
  /** See the module comment; `graceMs` overrides stopGraceMs. Idempotent. */
  stop(options?: { graceMs?: number }): Promise<void>;
}

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const env = options.env ?? process.env;
  // EMF metrics have no CloudWatch to go to here: off unless asked for.
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  const log = options.log ?? createStackLog();
  const host = LOCAL_STACK_DEFAULTS.host;
  const bucket = LOCAL_STACK_DEFAULTS.bucket;
  const dataDir = resolvePath(options.dataDir ?? LOCAL_STACK_DEFAULTS.dataDir);
  const cleanups: (() => Promise<void>)[] = [];
  const undo = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  };

  try {
    const lock: DataDirLock = await lockDataDir(dataDir);
    cleanups.push(() => lock.release());

    const s3: S3Emulator = await startS3Emulator({
      directory: join(dataDir, 's3'),
      port: options.s3Port ?? LOCAL_STACK_DEFAULTS.s3Port,
      host,
      bucket,
    });
    cleanups.push(() => s3.stop());
    const client = s3.createClient(options.s3ClientEndpoint);
    const jobs = new JobStore(new S3ObjectStore({ client, bucket }));
    const records = new ExecutionRecords(jobs.objects);

    const sampler = await startStackSampler({
      options: options.sampler,
      env,
      host,
      port: options.samplerPort ?? LOCAL_STACK_DEFAULTS.samplerPort,
      s3: () => s3.createClient(options.s3ClientEndpoint),
      log,
    });
    cleanups.push(() => sampler.stop());
    const samplerUrl = sampler.url;
    const samplerReady = sampler.ready;
    // Ready means ready to draw: the models load before the stack says so. Loading also blocks the
    // event loop for a while, which is better done before anyone is told to send work.
    await samplerReady.then(
      () => log.info(sampler.external ? 'external sampler' : 'sampler ready', { url: samplerUrl }),
      (error: unknown) => log.error('sampler failed to load its models: draws will fail', { error }),
    );
    const samplerClient = new SamplerClient({
      url: samplerUrl,
      beforeCall: (signal) => sampler.beforeCall(signal),
    });

    const reasonerFor =
      options.reasonerFor ??
      createReasonerFor(
        reasonerConfigFromEnv({
          ...env,
          TBD_REASONER: options.reasoner ?? (env.TBD_REASONER || LOCAL_STACK_DEFAULTS.reasoner),
        }),
      );
    const handlers = createTaskHandlers({
      jobs,
      plans: new S3PlanStore({ client, bucket }),
      reasonerFor,
      draw: (request) => samplerClient.draw(request),
      logLevel: options.handlerLogLevel,
    });
    const starter = new LocalStarter({
      handlers,
      jobs,
      records,
      log,
      maxConcurrent: options.maxConcurrentJobs ?? LOCAL_STACK_DEFAULTS.maxConcurrentJobs,
      retryIntervalOverrides: options.retryIntervalOverrides,
    });
    cleanups.push(async () => {
      await starter.stop({ graceMs: 0, onGraceExpired: () => samplerClient.abortAll() });
    });

    const ingest = toLocalTask(
      createIngestHandler({ jobs, starter, ...localPowertools('ingest', options.handlerLogLevel) }),
      'tbd-local-ingest',
    );
    const queue = createIngestIntake({ ingest, starter, log });
    const unsubscribe = s3.onEvent((event) => {
      const notification = manifestNotification(event, bucket);
      if (notification) queue.push(notification);
    });
    cleanups.push(async () => {
      unsubscribe();
      await queue.close();
    });

    let stopping = false;
    const health = (): HealthReport => ({
      status: stopping ? 'stopping' : 'ok',
      s3: s3.endpoint,
      bucket,
      sampler: sampler.state(),
      jobs: { waiting: starter.waiting, running: starter.running },
      events: { pending: queue.pending },
    });
    const api = createApiServer({ health, log });
    await options.api?.({
      api,
      s3Endpoint: s3.endpoint,
      bucket,
      region: s3.region,
      credentials: s3.credentials,
      s3Client: s3.createClient(),
      jobs,
      reasonerFor,
      dataDir,
      log,
    });
    await api.listen(options.apiPort ?? LOCAL_STACK_DEFAULTS.apiPort, host);
    cleanups.push(() => api.close());

    const recovery = await recoverJobs({
      jobs,
      records,
      resume: (record) => starter.resume(record),
      ingest: (key) => queue.submit({ key }),
      listManifests: () => listManifestObjects(client, bucket),
      log,
    });
    if (recovery.resumed.length + recovery.failed.length + recovery.ingested.length > 0)
      log.info('recovered unfinished jobs', {
        resumed: recovery.resumed.length,
        failed: recovery.failed.length,
        ingested: recovery.ingested.length,
      });

    let stopped: Promise<void> | undefined;
    const stop = async (graceMs: number): Promise<void> => {
      stopping = true;
      log.info('stopping');
      unsubscribe();
      const { dropped } = await queue.close();
      if (dropped > 0) log.info('job.json events left for the next start', { dropped });
      const { interrupted } = await starter.stop({
        graceMs,
        onGraceExpired: () => samplerClient.abortAll(),
      });
      await api.close();
      await sampler.stop();
      await s3.stop();
      await lock.release();
      log.info('stopped', { interrupted: interrupted.length });
    };

    return {
      s3Endpoint: s3.endpoint,
      bucket,
      region: s3.region,
      credentials: s3.credentials,
      apiUrl: api.url!,
      samplerUrl,
      dataDir,
      recovery,
      samplerReady,
      executions: () => starter.executions(),
      async idle() {
        for (;;) {
          await queue.idle();
          await starter.idle();
          if (queue.pending === 0 && starter.waiting === 0 && starter.running === 0) return;
        }
      },
      stop(stopOptions = {}) {
        stopped ??= stop(stopOptions.graceMs ?? options.stopGraceMs ?? LOCAL_STACK_DEFAULTS.stopGraceMs);
        return stopped;
      },
    };
  } catch (error) {
    await undo();
    throw error;
  }
}
