/**
 * The server's logging port: one JSON line per event, with a message and flat fields. In the
 * container it is Powertools Logger (CloudWatch-friendly keys: level, message, timestamp,
 * service); tests pass an in-memory one.
 */
import { Logger } from '@aws-lambda-powertools/logger';

export type LogFields = Record<string, unknown>;

export interface Log {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

/** Powertools Logger for `serviceName`; `POWERTOOLS_LOG_LEVEL` sets the level (INFO by default). */
export function createJsonLog(serviceName: string): Log {
  const logger = new Logger({ serviceName });
  return {
    debug: (message, fields) => logger.debug(message, fields ?? {}),
    info: (message, fields) => logger.info(message, fields ?? {}),
    warn: (message, fields) => logger.warn(message, fields ?? {}),
    error: (message, fields) => logger.error(message, fields ?? {}),
  };
}

/** A Log that drops everything. */
export const SILENT_LOG: Log = { debug() {}, info() {}, warn() {}, error() {} };

/** The fields of an error worth logging: name, message, the stack for our own faults, the cause's name. */
export function errorFields(error: unknown, withStack: boolean): LogFields {
  if (!(error instanceof Error)) return { errorName: 'Error', errorMessage: String(error) };
  const cause = error.cause instanceof Error ? { cause: `${error.cause.name}: ${error.cause.message}` } : {};
  return {
    errorName: error.name,
    errorMessage: error.message,
    ...cause,
    ...(withStack && error.stack ? { stack: error.stack } : {}),
  };
}
