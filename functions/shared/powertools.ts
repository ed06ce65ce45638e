/**
 * Powertools Logger and Metrics shared by the Lambda handlers, created once per execution
 * environment. `POWERTOOLS_SERVICE_NAME`, `POWERTOOLS_METRICS_NAMESPACE` and `POWERTOOLS_LOG_LEVEL`
 * override the defaults below, as Powertools documents.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';

export const POWERTOOLS_DEFAULTS = {
  /** CloudWatch namespace of every metric of the pipeline. @default 'ThinkBeforeDraw' */
  namespace: 'ThinkBeforeDraw',
} as const;

/** A Logger for one function; the service name becomes the `service` key of every line. */
export function createLogger(serviceName: string): Logger {
  return new Logger({ serviceName });
}

/** A Metrics instance (EMF) for one function, in the pipeline's namespace. */
export function createMetrics(serviceName: string): Metrics {
  return new Metrics({ namespace: POWERTOOLS_DEFAULTS.namespace, serviceName });
}
