/**
 * The publish Lambda (the Publish state), as a factory over its ports. See publish-job.ts for
 * the steps and why result.json is written last.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { UsageRecorder } from '../../core/usage/usage-recorder.js';
import { UsageLedger } from '../api/usage-ledger.js';
import type { JobStore } from '../shared/job-store.js';
import { createLogger, createMetrics } from '../shared/powertools.js';
import { parsePublishEvent } from './publish-event.js';
import { type PublishLimits, type PublishResult, publishJob } from './publish-job.js';

export const PUBLISH_SERVICE = 'publish';

export interface PublishHandlerDeps {
  readonly jobs: JobStore;
  readonly limits?: PublishLimits;
  /** Metering of tenant jobs. @default a UsageLedger over the job store's objects */
  readonly usage?: UsageRecorder;
  readonly logger?: Logger;
  readonly metrics?: Metrics;
}

export function createPublishHandler(deps: PublishHandlerDeps) {
  const logger = deps.logger ?? createLogger(PUBLISH_SERVICE);
  const metrics = deps.metrics ?? createMetrics(PUBLISH_SERVICE);
  const usage = deps.usage ?? new UsageLedger(deps.jobs.objects);

  const publish = async (event: unknown): Promise<PublishResult> => {
    const input = parsePublishEvent(event);
    logger.appendKeys({ jobId: input.jobId });
    const result = await publishJob(input, deps.jobs, deps.limits, usage);
    metrics.addMetric('JobsSucceeded', MetricUnit.Count, 1);
    metrics.addMetric('VideoSeconds', MetricUnit.Seconds, result.durationSec);
    logger.info('job published', { ...result });
    return result;
  };

  return middy(publish)
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics));
}
