/**
 * publish-failure, the RecordFailure state on the Catch path: moves the status to `failed` (the
 * stage the job was in is kept in `error.stage`), then writes `outgoing/<name>/error.json`
 * `{ jobId, name, error: { name, message, stage }, failedAt }`.
 *
 * The status comes first: it is what a user polling the job reads, so the job shows as failed,
 * with its reason, as soon as one write gets through (a storage outage may let the status record
 * through before the outgoing folder). A repeated run (the state's Retry) finds the status failed
 * already, keeps its error and writes what is missing; nothing else is written.
 *
 * A job whose status already says `succeeded` is left alone (a failure reported after the
 * output was published changes nothing the user sees).
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { JobError } from '../../core/contracts/job-status.js';
import type { JobStore } from '../shared/job-store.js';
import { createLogger, createMetrics } from '../shared/powertools.js';
import { describeFailure } from './failure-cause.js';
import { parsePublishFailureEvent } from './publish-event.js';

export const PUBLISH_FAILURE_SERVICE = 'publish-failure';

export interface PublishFailureDeps {
  readonly jobs: JobStore;
  readonly logger?: Logger;
  readonly metrics?: Metrics;
}

export type PublishFailureResult =
  | { readonly jobId: string; readonly errorKey: string; readonly error: JobError }
  | { readonly jobId: string; readonly ignored: string };

export function createPublishFailureHandler(deps: PublishFailureDeps) {
  const logger = deps.logger ?? createLogger(PUBLISH_FAILURE_SERVICE);
  const metrics = deps.metrics ?? createMetrics(PUBLISH_FAILURE_SERVICE);

  const recordFailure = async (event: unknown): Promise<PublishFailureResult> => {
    const input = parsePublishFailureEvent(event);
    logger.appendKeys({ jobId: input.jobId });
    const current = await deps.jobs.readStatus(input.jobId);
    if (current?.status.stage === 'succeeded') {
      logger.warn('failure reported for a published job: ignored', { error: input.error.Error });
      return { jobId: input.jobId, ignored: 'the job already succeeded' };
    }
    // A repeated RecordFailure keeps the stage recorded the first time.
    const stage = current?.status.stage === 'failed' ? current.status.error?.stage : current?.status.stage;
    const error: JobError = { ...describeFailure(input.error), stage: stage ?? 'queued' };
    if (current) await deps.jobs.transition(input.jobId, 'failed', { error });
    const { key } = await deps.jobs.writeErrorRecord(input.job, input.jobId, error);
    metrics.addMetric('JobsFailed', MetricUnit.Count, 1);
    logger.warn('job failed', { error });
    return { jobId: input.jobId, errorKey: key, error };
  };

  return middy(recordFailure)
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics));
}
