/**
 * draw-callback: subscribed to the sampler endpoint's SNS success and error topics. For each
 * notification: the stored token (jobs/_tokens/<inferenceId>.json) -> SendTaskSuccess with the
 * DrawResult read from `outputLocation`, or SendTaskFailure with the container's error (read from
 * `failureLocation` when present) or SageMaker's `failureReason`.
 *
 * A notification without a stored token (already answered by the sweep, or a redelivery) is
 * logged and ignored. A completed notification whose output cannot be read yet throws a
 * TransientError: Lambda retries the SNS delivery and the sweep would answer it too.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { TransientError } from '../shared/pipeline-errors.js';
import { createLogger, createMetrics } from '../shared/powertools.js';
import type { TaskTokenStore } from '../shared/task-token-store.js';
import { type Answered, answerTask, type DrawAnswer } from './answer-task.js';
import { type AsyncNotification, isCompleted, parseNotifications } from './notification.js';
import type { TaskCallbacks } from './task-callbacks.js';
import type { UriReader } from './uri-reader.js';

export const DRAW_CALLBACK_SERVICE = 'draw-callback';

export interface DrawCallbackDeps {
  readonly tokens: TaskTokenStore;
  readonly callbacks: TaskCallbacks;
  readonly read: UriReader;
  readonly logger?: Logger;
  readonly metrics?: Metrics;
}

export type CallbackResult = Answered | { readonly inferenceId: string; readonly ignored: string };

async function answerOf(notification: AsyncNotification, read: UriReader): Promise<DrawAnswer> {
  const response = notification.responseParameters ?? {};
  if (isCompleted(notification)) {
    const output = response.outputLocation ? await read(response.outputLocation) : undefined;
    if (!output) {
      throw new TransientError(
        `inference ${notification.inferenceId} completed but its output ${response.outputLocation ?? '(no location)'} is not readable yet`,
      );
    }
    return { kind: 'completed', output };
  }
  const body = response.failureLocation ? await read(response.failureLocation) : undefined;
  return { kind: 'failed', body, reason: notification.failureReason };
}

export function createDrawCallbackHandler(deps: DrawCallbackDeps) {
  const logger = deps.logger ?? createLogger(DRAW_CALLBACK_SERVICE);
  const metrics = deps.metrics ?? createMetrics(DRAW_CALLBACK_SERVICE);

  const callback = async (event: unknown): Promise<{ results: CallbackResult[] }> => {
    const results: CallbackResult[] = [];
    for (const notification of parseNotifications(event)) {
      const record = await deps.tokens.get(notification.inferenceId);
      if (!record) {
        logger.warn('no pending task for inference', { inferenceId: notification.inferenceId });
        results.push({ inferenceId: notification.inferenceId, ignored: 'no pending task' });
        continue;
      }
      const answered = await answerTask(record, await answerOf(notification, deps.read), deps);
      metrics.addMetric(answered.sent === 'success' ? 'DrawsSucceeded' : 'DrawsFailed', MetricUnit.Count, 1);
      logger.info('task answered', { ...answered });
      results.push(answered);
    }
    return { results };
  };

  return middy(callback)
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics));
}
