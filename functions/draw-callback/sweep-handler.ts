/**
 * The heartbeat sweep of pending draws, run on a schedule (every minute or two). It gives the
 * Draw state's HeartbeatSeconds a meaning and recovers lost notifications. For each token record:
 *
 *   output present      -> answer success (a lost or late SNS notification)
 *   failure body present -> answer failure
 *   past `expiresAt`    -> answer DrawExpiredError (the request's TTL and timeout are over)
 *   otherwise           -> SendTaskHeartbeat; a closed task (timed out, answered) drops the record
 *
 * So the Draw task waits as long as the inference may still answer (up to TimeoutSeconds), but
 * fails within HeartbeatSeconds if the sweep itself stops running. One bad record is logged and
 * skipped; it never stops the sweep.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { createLogger, createMetrics } from '../shared/powertools.js';
import type { TaskTokenRecord, TaskTokenStore } from '../shared/task-token-store.js';
import { answerTask } from './answer-task.js';
import type { TaskCallbacks } from './task-callbacks.js';
import type { UriReader } from './uri-reader.js';

export const DRAW_SWEEP_SERVICE = 'draw-sweep';

export interface DrawSweepDeps {
  readonly tokens: TaskTokenStore;
  readonly callbacks: TaskCallbacks;
  readonly read: UriReader;
  /** @default () => new Date() */
  readonly clock?: () => Date;
  readonly logger?: Logger;
  readonly metrics?: Metrics;
}

export type SweepAction = 'completed' | 'failed' | 'expired' | 'heartbeat' | 'closed' | 'error';

export interface SweepResult {
  readonly actions: Readonly<Record<string, SweepAction>>;
}

export function createDrawSweepHandler(deps: DrawSweepDeps) {
  const logger = deps.logger ?? createLogger(DRAW_SWEEP_SERVICE);
  const metrics = deps.metrics ?? createMetrics(DRAW_SWEEP_SERVICE);
  const clock = deps.clock ?? (() => new Date());

  const sweepOne = async (record: TaskTokenRecord): Promise<SweepAction> => {
    const output = record.outputLocation ? await deps.read(record.outputLocation) : undefined;
    if (output)
      return (await answerTask(record, { kind: 'completed', output }, deps)).sent === 'success'
        ? 'completed'
        : 'failed';
    const failure = record.failureLocation ? await deps.read(record.failureLocation) : undefined;
    if (failure) {
      await answerTask(record, { kind: 'failed', body: failure }, deps);
      return 'failed';
    }
    if (clock().getTime() > Date.parse(record.expiresAt)) {
      await answerTask(record, { kind: 'expired' }, deps);
      return 'expired';
    }
    if ((await deps.callbacks.heartbeat(record.taskToken)) === 'sent') return 'heartbeat';
    await deps.tokens.delete(record.inferenceId);
    return 'closed';
  };

  const sweep = async (): Promise<SweepResult> => {
    const actions: Record<string, SweepAction> = {};
    for (const inferenceId of await deps.tokens.list()) {
      try {
        const record = await deps.tokens.get(inferenceId);
        if (record) actions[inferenceId] = await sweepOne(record);
      } catch (error) {
        actions[inferenceId] = 'error';
        logger.error('sweep of a pending draw failed', { inferenceId, error });
      }
    }
    for (const action of Object.values(actions))
      metrics.addMetric(`DrawSweep_${action}`, MetricUnit.Count, 1);
    logger.info('sweep done', { pending: Object.keys(actions).length });
    return { actions };
  };

  return middy(sweep)
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics));
}
