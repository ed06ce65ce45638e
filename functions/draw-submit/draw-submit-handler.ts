/**
 * draw-submit, the Draw state's task in AWS (`lambda:invoke.waitForTaskToken`):
 *
 *   1. parse the payload; store the DrawRequest at jobs/<jobId>/draw-request.json; status `drawing`
 *   2. inferenceId = inferenceIdFor(taskToken); store the token at jobs/_tokens/<inferenceId>.json
 *   3. InvokeEndpointAsync(InputLocation = the request, InferenceId); record the output location
 *
 * The token is stored before the call, so the SNS notification (draw-callback) always finds it.
 * A retried invocation with the same token finds the record with an output location and does not
 * submit twice. The return value is ignored by Step Functions: the state's result is what
 * draw-callback sends with SendTaskSuccess (a DrawResult).
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { JobStore } from '../shared/job-store.js';
import { createLogger, createMetrics } from '../shared/powertools.js';
import { formatS3Uri } from '../shared/s3-uri.js';
import { inferenceIdFor, type TaskTokenStore } from '../shared/task-token-store.js';
import type { AsyncInference } from './async-inference.js';
import { parseDrawSubmitEvent } from './draw-submit-event.js';
import { prepareDraw } from './prepare-draw.js';

export const DRAW_SUBMIT_SERVICE = 'draw-submit';

export const DRAW_SUBMIT_DEFAULTS = {
  /** Seconds after submission when the sweep gives up on an answer (queue TTL + invocation timeout). @default 4500 */
  deadlineSeconds: 4500,
} as const;

export interface DrawSubmitDeps {
  readonly jobs: JobStore;
  readonly tokens: TaskTokenStore;
  readonly inference: AsyncInference;
  /** @default DRAW_SUBMIT_DEFAULTS.deadlineSeconds */
  readonly deadlineSeconds?: number;
  readonly logger?: Logger;
  readonly metrics?: Metrics;
}

export interface DrawSubmitResult {
  readonly jobId: string;
  readonly inferenceId: string;
  readonly requestKey: string;
  readonly outputLocation?: string;
  /** False when a retried invocation found the inference already submitted. */
  readonly submitted: boolean;
}

export function createDrawSubmitHandler(deps: DrawSubmitDeps) {
  const logger = deps.logger ?? createLogger(DRAW_SUBMIT_SERVICE);
  const metrics = deps.metrics ?? createMetrics(DRAW_SUBMIT_SERVICE);
  const deadlineMs = (deps.deadlineSeconds ?? DRAW_SUBMIT_DEFAULTS.deadlineSeconds) * 1000;

  const submit = async (event: unknown): Promise<DrawSubmitResult> => {
    const input = parseDrawSubmitEvent(event);
    logger.appendKeys({ jobId: input.jobId });
    const inferenceId = inferenceIdFor(input.taskToken);
    const { requestKey } = await prepareDraw(input, deps.jobs);

    const existing = await deps.tokens.get(inferenceId);
    if (existing?.outputLocation) {
      logger.info('inference already submitted', { inferenceId });
      return {
        jobId: input.jobId,
        inferenceId,
        requestKey,
        outputLocation: existing.outputLocation,
        submitted: false,
      };
    }
    const now = deps.jobs.now();
    const record = {
      schemaVersion: 1 as const,
      inferenceId,
      jobId: input.jobId,
      taskToken: input.taskToken,
      requestKey,
      submittedAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + deadlineMs).toISOString(),
    };
    await deps.tokens.put(record);
    const receipt = await deps.inference.submit({
      inferenceId,
      inputLocation: formatS3Uri(deps.jobs.objects.bucket, requestKey),
    });
    await deps.tokens.put({
      ...record,
      outputLocation: receipt.outputLocation,
      failureLocation: receipt.failureLocation,
    });
    metrics.addMetric('DrawsSubmitted', MetricUnit.Count, 1);
    logger.info('inference submitted', { inferenceId, outputLocation: receipt.outputLocation });
    return {
      jobId: input.jobId,
      inferenceId,
      requestKey,
      outputLocation: receipt.outputLocation,
      submitted: true,
    };
  };

  return middy(submit)
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics));
}
