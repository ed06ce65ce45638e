/**
 * The server's settings: defaults in one place, overridden by environment variables (the
 * SageMaker way) and then by explicit options (the `tbd sampler` way). A bad variable stops the
 * server at start with the variable's name and what it accepts.
 */
import { z } from 'zod';
import type { ExecutionProvider } from '../denoiser/create-session.js';
import { ServerConfigError } from './errors.js';

export const SERVER_DEFAULTS = {
  /** SageMaker's port; env `SAGEMAKER_BIND_TO_PORT`. @default 8080 */
  port: 8080,
  /** All interfaces, as SageMaker requires; env `TBD_HOST`. @default '0.0.0.0' */
  host: '0.0.0.0',
  /** Jobs drawing at once (one per GPU); env `TBD_MAX_CONCURRENCY`. @default 1 */
  maxConcurrency: 1,
  /** Jobs waiting for a slot before new ones get 503; env `TBD_MAX_QUEUE`. @default 16 */
  maxQueue: 16,
  /** Largest request body; env `TBD_MAX_BODY_BYTES`. @default 1 MiB */
  maxBodyBytes: 1024 * 1024,
  /** Limit of one request, queueing included; env `TBD_REQUEST_TIMEOUT_SEC`. @default 900 s (15 min) */
  requestTimeoutMs: 15 * 60 * 1000,
  /** On SIGTERM, how long a running job may finish before it is aborted; env `TBD_DRAIN_GRACE_SEC`. @default 25 s */
  drainGraceMs: 25 * 1000,
  /** Largest portrait object; env `TBD_MAX_PORTRAIT_BYTES`. @default 40 MB */
  maxPortraitBytes: 40 * 1000 * 1000,
  /** Largest audio object (a minute of 48 kHz stereo float WAV is 23 MB); env `TBD_MAX_AUDIO_BYTES`. @default 64 MB */
  maxAudioBytes: 64 * 1000 * 1000,
  /** Largest plan object; env `TBD_MAX_PLAN_BYTES`. @default 1 MB */
  maxPlanBytes: 1000 * 1000,
  /** ONNX execution providers in order of preference; env `TBD_PROVIDERS` ("cuda,cpu"). @default ['cpu'] */
  providers: ['cpu'] as readonly ExecutionProvider[],
  /**
   * Least time between two writes of a job's progress document within one stage (a change of
   * stage is written at once); env `TBD_PROGRESS_INTERVAL_SEC`. @default 1 s
   */
  progressIntervalMs: 1000,
  /** Where each job's scratch directory is made; env `TBD_WORK_DIR`. @default os.tmpdir() */
  workDir: undefined as string | undefined,
  /** The `service` key of every log line; env `POWERTOOLS_SERVICE_NAME`. @default 'gpu-sampler' */
  serviceName: 'gpu-sampler',
} as const;

type Widen<T> = T extends number ? number : T extends string ? string : T;

export type ServerConfig = {
  -readonly [K in keyof typeof SERVER_DEFAULTS]: Widen<(typeof SERVER_DEFAULTS)[K]>;
};

const int = (min: number, max = Number.MAX_SAFE_INTEGER) => z.coerce.number().int().min(min).max(max);
const seconds = z.coerce
  .number()
  .positive()
  .transform((s) => Math.round(s * 1000));
const providers = z
  .string()
  .transform((s) => s.split(',').map((p) => p.trim().toLowerCase()))
  .pipe(z.array(z.enum(['cuda', 'cpu'])).min(1));

/** Environment variable -> config key and parser. */
const ENV_FIELDS = {
  SAGEMAKER_BIND_TO_PORT: ['port', int(0, 65535)],
  TBD_HOST: ['host', z.string().min(1)],
  TBD_MAX_CONCURRENCY: ['maxConcurrency', int(1, 64)],
  TBD_MAX_QUEUE: ['maxQueue', int(0)],
  TBD_MAX_BODY_BYTES: ['maxBodyBytes', int(1)],
  TBD_REQUEST_TIMEOUT_SEC: ['requestTimeoutMs', seconds],
  TBD_DRAIN_GRACE_SEC: [
    'drainGraceMs',
    z.coerce
      .number()
      .min(0)
      .transform((s) => Math.round(s * 1000)),
  ],
  TBD_MAX_PORTRAIT_BYTES: ['maxPortraitBytes', int(1)],
  TBD_MAX_AUDIO_BYTES: ['maxAudioBytes', int(1)],
  TBD_MAX_PLAN_BYTES: ['maxPlanBytes', int(1)],
  TBD_PROVIDERS: ['providers', providers],
  TBD_PROGRESS_INTERVAL_SEC: ['progressIntervalMs', seconds],
  TBD_WORK_DIR: ['workDir', z.string().min(1)],
  POWERTOOLS_SERVICE_NAME: ['serviceName', z.string().min(1)],
} as const satisfies Record<string, readonly [keyof ServerConfig, z.ZodType]>;

export const SERVER_ENV_VARIABLES = Object.keys(ENV_FIELDS) as (keyof typeof ENV_FIELDS)[];

/**
 * Defaults, then the environment, then `overrides`.
 * @throws ServerConfigError naming every bad variable
 */
export function readServerConfig(
  env: NodeJS.ProcessEnv = process.env,
  overrides: Partial<ServerConfig> = {},
): ServerConfig {
  const config: ServerConfig = { ...SERVER_DEFAULTS, providers: [...SERVER_DEFAULTS.providers] };
  const problems: string[] = [];
  for (const [name, [key, schema]] of Object.entries(ENV_FIELDS)) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    const parsed = (schema as z.ZodType).safeParse(raw);
    if (parsed.success) (config as Record<string, unknown>)[key] = parsed.data;
    else
      problems.push(
        `${name}=${JSON.stringify(raw)}: ${parsed.error.issues.map((i) => i.message).join(', ')}`,
      );
  }
  if (problems.length > 0) throw new ServerConfigError(problems);
  for (const [key, value] of Object.entries(overrides)) {
    if (value !== undefined) (config as Record<string, unknown>)[key] = value;
  }
  return config;
}
