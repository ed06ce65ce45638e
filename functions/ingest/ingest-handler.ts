/**
 * The ingest Lambda as a factory over its ports (job store, starter, logger, metrics), so tests
 * and the local stack inject their own. One invocation may carry several S3 records; each is
 * ingested on its own and reported in the result:
 *
 *   { results: [{ key, outcome: 'started' | 'duplicate' | 'rejected' | 'skipped', jobId?, ... }] }
 *
 * A refused manifest or medium is an outcome (`rejected`, with error.json written), never a
 * thrown error; storage or Step Functions outages are thrown so the event is delivered again.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { JobStore } from '../shared/job-store.js';
import { createLogger, createMetrics } from '../shared/powertools.js';
import type { MediaLimits } from './check-media.js';
import { parseIngestEvent } from './ingest-event.js';
import { type IngestOutcome, ingestJob } from './ingest-job.js';
import type { ExecutionStarter } from './starter.js';

export const INGEST_SERVICE = 'ingest';

export interface IngestHandlerDeps {
  readonly jobs: JobStore;
  readonly starter: ExecutionStarter;
  readonly mediaLimits?: MediaLimits;
  /** @default createLogger('ingest') */
  readonly logger?: Logger;
  /** @default createMetrics('ingest') */
  readonly metrics?: Metrics;
}

export interface IngestResult {
  readonly results: readonly IngestOutcome[];
}

const METRIC_BY_OUTCOME: Record<IngestOutcome['outcome'], string> = {
  started: 'JobsStarted',
  duplicate: 'DuplicateJobEvents',
  rejected: 'JobsRejected',
  skipped: 'IngestEventsSkipped',
};

export function createIngestHandler(deps: IngestHandlerDeps) {
  const logger = deps.logger ?? createLogger(INGEST_SERVICE);
  const metrics = deps.metrics ?? createMetrics(INGEST_SERVICE);

  const ingest = async (event: unknown): Promise<IngestResult> => {
    const results: IngestOutcome[] = [];
    for (const source of parseIngestEvent(event)) {
      const result = await ingestJob(source, deps);
      results.push(result);
      metrics.addMetric(METRIC_BY_OUTCOME[result.outcome], MetricUnit.Count, 1);
      if (result.outcome === 'rejected') logger.warn('job rejected', { ...result });
      else logger.info(`job ${result.outcome}`, { ...result });
    }
    return { results };
  };

  return middy(ingest)
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics));
}
