/**
 * The local stack's log: one human-readable line per event on stdout, greppable `key=value`
 * fields after the message (values with spaces are JSON-quoted):
 *
 *   2025-11-24T02:50:01.482Z INFO  job drawing name=astro id=astro-5c0f1e8a2b3c4d5e6f7a8b9c
 *
 * Every job stage gets one line (`job queued|thinking|drawing|publishing|succeeded|failed`, see
 * job-log.ts). The handlers' own Powertools loggers stay at ERROR in the stack (their JSON
 * would repeat these lines); the sampler server's JSON log is routed here (info as debug).
 */
import type { Log } from '../../containers/gpu-sampler/src/server/log.js';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const RANK: Readonly<Record<LogLevel, number>> = { debug: 0, info: 1, warn: 2, error: 3, silent: 4 };

export type LogFields = Readonly<Record<string, unknown>>;

/** The stack's logging port (the sampler server's `Log` shape, so it can be shared). */
export type StackLog = Log;

export interface StackLogOptions {
  /** @default 'info' */
  readonly level?: LogLevel;
  /** Where lines go. @default process.stdout */
  readonly write?: (line: string) => void;
  /** @default () => new Date() */
  readonly clock?: () => Date;
}

function formatValue(value: unknown): string {
  if (value instanceof Error) return JSON.stringify(`${value.name}: ${value.message}`);
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  if (text === undefined) return 'undefined';
  return /^[^\s"=]+$/.test(text) ? text : JSON.stringify(text);
}

/** `message k=v k="v w"`, fields with undefined values left out. */
export function formatLine(message: string, fields: LogFields = {}): string {
  const pairs = Object.entries(fields)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${formatValue(value)}`);
  return pairs.length > 0 ? `${message} ${pairs.join(' ')}` : message;
}

export function createStackLog(options: StackLogOptions = {}): StackLog {
  const threshold = RANK[options.level ?? 'info'];
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const clock = options.clock ?? (() => new Date());
  const at = (level: Exclude<LogLevel, 'silent'>) => (message: string, fields?: LogFields) => {
    if (RANK[level] < threshold) return;
    write(`${clock().toISOString()} ${level.toUpperCase().padEnd(5)} ${formatLine(message, fields)}`);
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/**
 * The sampler server's log inside the stack: its info and warn lines (a refused request, a job
 * failed for its input) are detail, as the job's own `job failed` line says it all; its errors
 * (its own faults) are not.
 */
export function samplerLog(log: StackLog): Log {
  const prefixed = (message: string) => `sampler: ${message}`;
  return {
    debug: (message, fields) => log.debug(prefixed(message), fields),
    info: (message, fields) => log.debug(prefixed(message), fields),
    warn: (message, fields) => log.debug(prefixed(message), withoutStack(fields)),
    error: (message, fields) => log.error(prefixed(message), withoutStack(fields)),
  };
}

function withoutStack(fields: LogFields | undefined): LogFields | undefined {
  if (!fields || !('stack' in fields) || process.env.TBD_DEBUG) return fields;
  const { stack: _stack, ...rest } = fields;
  return rest;
}
