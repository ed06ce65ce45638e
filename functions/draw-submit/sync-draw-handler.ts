/**
 * The Draw state's task where task tokens do not exist (aws-local-stepfunctions): the same
 * preparation as draw-submit, then a synchronous call to the sampler, whose DrawResult is the
 * task's result. That is exactly what draw-callback sends with SendTaskSuccess in AWS, so the
 * definition's ResultSelector and ResultPath see the same object in both worlds.
 *
 * `draw` is the port to the sampler (the local stack: `POST /invocations` on the sampler server).
 * It throws errors whose `name` the definition matches: map the server's error body with
 * `drawFailure` + `RemoteDrawError` (functions/shared/draw-failure.ts).
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { DrawRequest, DrawResult } from '../../core/contracts/draw-request.js';
import { parseDrawResult } from '../shared/draw-failure.js';
import type { JobStore } from '../shared/job-store.js';
import { createLogger, createMetrics } from '../shared/powertools.js';
import { parseDrawSubmitEvent } from './draw-submit-event.js';
import { prepareDraw } from './prepare-draw.js';

export const SYNC_DRAW_SERVICE = 'draw';

export interface SyncDrawDeps {
  readonly jobs: JobStore;
  readonly draw: (request: DrawRequest) => Promise<unknown>;
  readonly logger?: Logger;
  readonly metrics?: Metrics;
}

export function createSyncDrawHandler(deps: SyncDrawDeps) {
  const logger = deps.logger ?? createLogger(SYNC_DRAW_SERVICE);
  const metrics = deps.metrics ?? createMetrics(SYNC_DRAW_SERVICE);

  const drawNow = async (event: unknown): Promise<DrawResult> => {
    const input = parseDrawSubmitEvent(event);
    logger.appendKeys({ jobId: input.jobId });
    const { request } = await prepareDraw(input, deps.jobs);
    const result = parseDrawResult(await deps.draw(request));
    metrics.addMetric('DrawsCompleted', MetricUnit.Count, 1);
    logger.info('drawn', { durationSec: result.durationSec, frames: result.frames });
    return result;
  };

  return middy(drawNow)
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics));
}
