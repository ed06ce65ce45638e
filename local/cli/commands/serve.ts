/**
 * `tbd serve [--data-dir .tbd] [--s3-port 4569] [--api-port 3000] [--sampler-port 8080]`: the
 * local stack (local/stack/local-stack.ts), in the foreground until Ctrl-C.
 *
 * On start it prints one machine-readable line, then the endpoints for people:
 *
 *   tbd serve ready s3=http://127.0.0.1:4569 bucket=tbd api=http://127.0.0.1:3000 sampler=http://127.0.0.1:8080
 *
 * then one log line per job stage. Ctrl-C (SIGINT) or SIGTERM stops it: running jobs get
 * `--stop-grace` seconds, then are interrupted and resume on the next start. A second signal
 * (a second or more after the first) exits at once; nothing is lost either: the next start
 * resumes what was running.
 *
 * Exit codes: 0 stopped by a signal; 1 could not start (a port in use, the data dir locked);
 * 2 bad flag.
 */
import { type Command, Option } from 'commander';
import type { LocalStack, LocalStackOptions } from '../../stack/local-stack.js';
import { LOCAL_STACK_DEFAULTS } from '../../stack/stack-defaults.js';
import { createStackLog, LOG_LEVELS, type LogLevel } from '../../stack/stack-log.js';
import { parseIntOption, parsePositiveNumber } from '../option-parsers.js';
import { EXIT_CODES, reportError } from '../usage-error.js';

interface ServeCliOptions {
  readonly dataDir: string;
  readonly s3Port: number;
  readonly apiPort: number;
  readonly samplerPort: number;
  readonly reasoner?: 'facs' | 'bedrock';
  readonly stopGrace: number;
  readonly logLevel: LogLevel;
}

export interface ServeCommandDeps {
  /** @default the real startLocalStack, imported when the command runs */
  readonly startLocalStack?: (options: LocalStackOptions) => Promise<LocalStack>;
  /** @default process.stdout */
  readonly out?: NodeJS.WritableStream;
  /** Install SIGINT/SIGTERM handlers that stop the stack and exit. @default true */
  readonly ownsProcess?: boolean;
}

const port = (flag: string) => parseIntOption(flag, 0, 65535);

export function registerServe(program: Command, deps: ServeCommandDeps = {}): void {
  program
    .command('serve')
    .description(
      'run the local stack: an S3 API (s3rver), the pipeline on every job.json dropped under incoming/, the sampler, an API port',
    )
    .addOption(
      new Option('--data-dir <dir>', 'where the S3 objects are kept (<dir>/s3)').default(
        LOCAL_STACK_DEFAULTS.dataDir,
      ),
    )
    .addOption(
      new Option('--s3-port <port>', 'port of the S3 API (0: any free port)')
        .argParser(port('--s3-port'))
        .default(LOCAL_STACK_DEFAULTS.s3Port),
    )
    .addOption(
      new Option('--api-port <port>', 'port of the HTTP API (0: any free port)')
        .argParser(port('--api-port'))
        .default(LOCAL_STACK_DEFAULTS.apiPort),
    )
    .addOption(
      new Option('--sampler-port <port>', 'port of the sampler server (0: any free port)')
        .argParser(port('--sampler-port'))
        .default(LOCAL_STACK_DEFAULTS.samplerPort),
    )
    .addOption(
      new Option(
        '--reasoner <name>',
        'Think reasoner for jobs that do not choose one (default: env TBD_REASONER, else facs)',
      ).choices(['facs', 'bedrock']),
    )
    .addOption(
      new Option('--stop-grace <seconds>', 'on Ctrl-C, how long running jobs may take to finish')
        .argParser(parsePositiveNumber('--stop-grace', 3600))
        .default(LOCAL_STACK_DEFAULTS.stopGraceMs / 1000),
    )
    .addOption(new Option('--log-level <level>', 'lowest level logged').choices(LOG_LEVELS).default('info'))
    .action(async (options: ServeCliOptions) => {
      const code = await runServe(options, deps);
      if (code !== EXIT_CODES.ok) process.exit(code);
    });
}

async function runServe(options: ServeCliOptions, deps: ServeCommandDeps): Promise<number> {
  const out = deps.out ?? process.stdout;
  const start = deps.startLocalStack ?? (await import('../../stack/local-stack.js')).startLocalStack;
  const { mountApi } = await import('../../api/mount-api.js');
  const { mountStudio } = await import('../../studio/serve-studio.js');
  const log = createStackLog({ level: options.logLevel, write: (line) => out.write(`${line}\n`) });
  let stack: LocalStack;
  try {
    stack = await start({
      dataDir: options.dataDir,
      s3Port: options.s3Port,
      apiPort: options.apiPort,
      samplerPort: options.samplerPort,
      reasoner: options.reasoner,
      stopGraceMs: Math.round(options.stopGrace * 1000),
      log,
      // The API at /v1, then the web studio at / (it reads the key file mountApi creates).
      api: async (services) => {
        await mountApi(services);
        await mountStudio(services);
      },
    });
  } catch (error) {
    return reportError('serve', error);
  }
  out.write(readyText(stack));
  if (deps.ownsProcess ?? true) ownProcess(stack, log);
  return EXIT_CODES.ok; // serving until a signal stops it
}

/** The ready line, then the endpoints and how to drop a job. */
export function readyText(stack: LocalStack): string {
  const { accessKeyId, secretAccessKey } = stack.credentials;
  return [
    `tbd serve ready s3=${stack.s3Endpoint} bucket=${stack.bucket} api=${stack.apiUrl} sampler=${stack.samplerUrl}`,
    `  S3 API     ${stack.s3Endpoint}  (path-style, region ${stack.region})`,
    `  bucket     ${stack.bucket}  (objects in ${stack.dataDir}/s3)`,
    `  keys       ${accessKeyId} / ${secretAccessKey}`,
    `  API        ${stack.apiUrl}  (GET /healthz)`,
    `  API /v1    ${stack.apiUrl}/v1  (x-api-key from ${stack.dataDir}/api-keys.json; GET /v1/openapi.json)`,
    `  studio     ${stack.apiUrl}/  (open it in a browser: the web studio, with the local key)`,
    `  sampler    ${stack.samplerUrl}  (POST /invocations)`,
    '  drop a job: the media first, job.json last (writing it starts the job):',
    `    export AWS_ACCESS_KEY_ID=${accessKeyId} AWS_SECRET_ACCESS_KEY=${secretAccessKey} AWS_REGION=${stack.region}`,
    '    export AWS_REQUEST_CHECKSUM_CALCULATION=when_required',
    `    aws --endpoint-url ${stack.s3Endpoint} s3 cp ./my-job/ s3://${stack.bucket}/incoming/my-job/ --recursive --exclude job.json`,
    `    aws --endpoint-url ${stack.s3Endpoint} s3 cp ./my-job/job.json s3://${stack.bucket}/incoming/my-job/job.json`,
    `  results in s3://${stack.bucket}/outgoing/<name>/ (video.mp4, plan.json, preview.png, result.json | error.json)`,
    '',
  ].join('\n');
}

/**
 * Ends the process once pending writes are out: the event loop drains by itself when everything
 * is closed; the unref'd timer covers a handle left open. (An immediate process.exit can drop the
 * IPC message by which tsx's child acknowledges a signal, and tsx then reports exit code 130.)
 */
function exitSoon(code: number): void {
  process.exitCode = code;
  setTimeout(() => process.exit(code), 500).unref();
}

/** SIGINT/SIGTERM: stop, then exit 0; a second signal a second later: exit at once. */
function ownProcess(stack: LocalStack, log: ReturnType<typeof createStackLog>): void {
  let firstAt: number | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (firstAt !== undefined) {
      // tsx relays a signal the terminal already sent: a repeat within a second is the same one.
      if (Date.now() - firstAt < 1000) return;
      log.warn('second signal: exiting now (unfinished jobs resume on the next start)', { signal });
      process.exit(130);
    }
    firstAt = Date.now();
    log.info('signal received', { signal });
    stack.stop().then(
      () => exitSoon(EXIT_CODES.ok),
      (error: unknown) => {
        log.error('stop failed', { error });
        exitSoon(EXIT_CODES.fault);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
