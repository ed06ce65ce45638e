/**
 * `tbd sampler [--port 8080]`: the GPU sampler container's server, run natively (CPU unless
 * `--providers cuda,cpu` finds CUDA): the same GET /ping and POST /invocations, the same S3 I/O,
 * JSON log lines on stdout. Ctrl-C (or SIGTERM) drains it like SageMaker's SIGTERM does.
 *
 * Environment variables configure it as they do the container (SAGEMAKER_BIND_TO_PORT,
 * TBD_MAX_CONCURRENCY, TBD_REQUEST_TIMEOUT_SEC, ...); the flags below win over them. For the
 * local stack's s3rver, pass `--s3-endpoint http://127.0.0.1:<port>`.
 *
 * Exit codes: 0 drained after a signal; 1 could not start or load the models; 2 bad flag or
 * variable.
 */
import { type Command, InvalidArgumentError, Option } from 'commander';
import type { ExecutionProvider } from '../../../containers/gpu-sampler/src/denoiser/create-session.js';
import { ServerConfigError } from '../../../containers/gpu-sampler/src/server/errors.js';
import type {
  StartSamplerOptions,
  startSampler as startSamplerFn,
} from '../../../containers/gpu-sampler/src/server/start-sampler.js';
import { parseIntOption } from '../option-parsers.js';
import { EXIT_CODES, reportError } from '../usage-error.js';

export const SAMPLER_CLI_DEFAULTS = {
  /** SageMaker's port. @default 8080 */
  port: 8080,
  /** Loopback only: a local tool should not listen on every interface. @default '127.0.0.1' */
  host: '127.0.0.1',
} as const;

interface SamplerCliOptions {
  readonly port: number;
  readonly host: string;
  readonly s3Endpoint?: string;
  readonly providers?: ExecutionProvider[];
  readonly concurrency?: number;
}

export interface SamplerCommandDeps {
  /** @default the real startSampler, imported when the command runs */
  readonly startSampler?: typeof startSamplerFn;
}

export function registerSampler(program: Command, deps: SamplerCommandDeps = {}): void {
  program
    .command('sampler')
    .description('run the GPU sampler server natively: GET /ping, POST /invocations (the SageMaker contract)')
    .addOption(
      new Option('-p, --port <port>', 'port to listen on (0: any free port)')
        .argParser(parseIntOption('--port', 0, 65535))
        .env('SAGEMAKER_BIND_TO_PORT')
        .default(SAMPLER_CLI_DEFAULTS.port),
    )
    .addOption(
      new Option('--host <address>', 'interface to listen on')
        .env('TBD_HOST')
        .default(SAMPLER_CLI_DEFAULTS.host),
    )
    .addOption(
      new Option('--s3-endpoint <url>', 'S3 API to read inputs from and write outputs to (e.g. s3rver)').env(
        'AWS_ENDPOINT_URL_S3',
      ),
    )
    .addOption(
      new Option(
        '--providers <list>',
        'ONNX execution providers in order of preference, e.g. cuda,cpu',
      ).argParser(parseProviders),
    )
    .addOption(
      new Option('--concurrency <n>', 'jobs drawn at once (the rest queue)').argParser(
        parseIntOption('--concurrency', 1, 64),
      ),
    )
    .action(async (options: SamplerCliOptions) => {
      const code = await runSampler(options, deps);
      if (code !== EXIT_CODES.ok) process.exit(code);
    });
}

async function runSampler(options: SamplerCliOptions, deps: SamplerCommandDeps): Promise<number> {
  const start =
    deps.startSampler ??
    (await import('../../../containers/gpu-sampler/src/server/start-sampler.js')).startSampler;
  const env = { ...process.env, ...(options.s3Endpoint ? { AWS_ENDPOINT_URL_S3: options.s3Endpoint } : {}) };
  const settings: StartSamplerOptions = {
    env,
    config: {
      port: options.port,
      host: options.host,
      ...(options.providers ? { providers: options.providers } : {}),
      ...(options.concurrency ? { maxConcurrency: options.concurrency } : {}),
    },
    ownsProcess: true,
  };
  try {
    await start(settings);
    return EXIT_CODES.ok; // serving until a signal drains it and exits
  } catch (error) {
    const code = reportError('sampler', error);
    return error instanceof ServerConfigError ? EXIT_CODES.badInput : code;
  }
}

function parseProviders(value: string): ExecutionProvider[] {
  const providers = value.split(',').map((p) => p.trim().toLowerCase());
  const bad = providers.filter((p) => p !== 'cuda' && p !== 'cpu');
  if (providers.length === 0 || bad.length > 0) {
    throw new InvalidArgumentError(
      `--providers takes a list of cuda and cpu, e.g. "cuda,cpu", got "${value}"`,
    );
  }
  return providers as ExecutionProvider[];
}
