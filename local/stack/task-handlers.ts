/**
 * The pipeline's handler modules wired for the local stack: the same factories the Lambdas use,
 * over the local S3 API, one per Task state of the definition (the keys of
 * `taskResourceLocalHandlers`):
 *
 *   Think          createThinkHandler       reasoner: facs by default (see local-stack.ts)
 *   Draw           createSyncDrawHandler    the sampler server, synchronously (no task tokens)
 *   Publish        createPublishHandler
 *   RecordFailure  createPublishFailureHandler
 *
 * Each is wrapped with `toLocalTask` (a Lambda context, as middy and Powertools expect).
 * Powertools: loggers at `logLevel` (ERROR by default: the stack logs each stage itself); metrics
 * go nowhere unless POWERTOOLS_METRICS_DISABLED is "false" (see local-stack.ts).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { LogLevel } from '@aws-lambda-powertools/logger/types';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { DrawRequest } from '../../core/contracts/draw-request.js';
import { createSyncDrawHandler } from '../../functions/draw-submit/sync-draw-handler.js';
import { createPublishFailureHandler } from '../../functions/publish/publish-failure-handler.js';
import { createPublishHandler } from '../../functions/publish/publish-handler.js';
import type { JobStore } from '../../functions/shared/job-store.js';
import { toLocalTask } from '../../functions/shared/local-invoke.js';
import { POWERTOOLS_DEFAULTS } from '../../functions/shared/powertools.js';
import type { PlanStore } from '../../functions/think/plan-store.js';
import type { ReasonerFor } from '../../functions/think/reasoner-for.js';
import { createThinkHandler } from '../../functions/think/think-handler.js';
import { PIPELINE_TASKS } from '../../infra/state-machine/pipeline-states.js';
import type { TaskHandlers } from './local-starter.js';

export const TASK_HANDLER_DEFAULTS = {
  /** Level of the handlers' Powertools loggers. @default 'ERROR' */
  logLevel: 'ERROR',
} as const satisfies { logLevel: LogLevel };

export interface TaskHandlerDeps {
  readonly jobs: JobStore;
  readonly plans: PlanStore;
  readonly reasonerFor: ReasonerFor;
  /** The sampler (SamplerClient.draw). */
  readonly draw: (request: DrawRequest) => Promise<unknown>;
  /** @default TASK_HANDLER_DEFAULTS.logLevel */
  readonly logLevel?: LogLevel;
}

const SILENT = { debug() {}, info() {}, warn() {}, error() {} };

/** Logger and Metrics for one handler in the stack. */
export function localPowertools(serviceName: string, logLevel: LogLevel = TASK_HANDLER_DEFAULTS.logLevel) {
  return {
    logger: new Logger({ serviceName, logLevel }),
    // `logger`: where Metrics puts its own warnings ("no metrics to publish" after a failure).
    metrics: new Metrics({ namespace: POWERTOOLS_DEFAULTS.namespace, serviceName, logger: SILENT }),
  };
}

export function createTaskHandlers(deps: TaskHandlerDeps): TaskHandlers {
  const level = deps.logLevel ?? TASK_HANDLER_DEFAULTS.logLevel;
  const { jobs } = deps;
  const think = createThinkHandler({
    reasonerFor: deps.reasonerFor,
    store: deps.plans,
    ...localPowertools('think', level),
  });
  const draw = createSyncDrawHandler({ jobs, draw: deps.draw, ...localPowertools('draw', level) });
  const publish = createPublishHandler({ jobs, ...localPowertools('publish', level) });
  const recordFailure = createPublishFailureHandler({ jobs, ...localPowertools('publish-failure', level) });
  return {
    [PIPELINE_TASKS.think]: toLocalTask(think, 'tbd-local-think'),
    [PIPELINE_TASKS.draw]: toLocalTask(draw, 'tbd-local-draw'),
    [PIPELINE_TASKS.publish]: toLocalTask(publish, 'tbd-local-publish'),
    [PIPELINE_TASKS.recordFailure]: toLocalTask(recordFailure, 'tbd-local-publish-failure'),
  };
}
