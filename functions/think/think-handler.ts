/**
 * The think Lambda, as a factory over its ports (reasoner, plan store, logger, metrics) so tests
 * inject in-memory fakes. The handler parses the event, runs one reasoner (or checks a given
 * plan), stores the plan and returns a small summary.
 *
 * The plan is written to `jobs/<jobId>/plan.json` and only its key goes back to Step Functions,
 * whose state payloads are limited to 256 KB: see plan-store.ts.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { ExpressionPlan } from '../../core/plan/expression-plan.js';
import { assertKnownActionUnits, parsePlan } from '../../core/plan/validate.js';
import { createLogger, createMetrics } from '../shared/powertools.js';
import type { PlanStore } from './plan-store.js';
import type { ReasonerFor } from './reasoner-for.js';
import { parseThinkEvent, type ThinkEvent, type ThinkResult } from './think-event.js';

export const THINK_SERVICE = 'think';

/** `plan.reasoner` of a plan supplied in the event. */
export const USER_REASONER = 'user';

export interface ThinkHandlerDeps {
  readonly reasonerFor: ReasonerFor;
  readonly store: PlanStore;
  /** @default createLogger('think') */
  readonly logger?: Logger;
  /** @default createMetrics('think') */
  readonly metrics?: Metrics;
}

export function createThinkHandler(deps: ThinkHandlerDeps) {
  const logger = deps.logger ?? createLogger(THINK_SERVICE);
  const metrics = deps.metrics ?? createMetrics(THINK_SERVICE);

  const think = async (event: unknown): Promise<ThinkResult> => {
    const input = parseThinkEvent(event);
    logger.appendKeys({ jobId: input.jobId });

    const { plan, expected } = await producePlan(input, deps.reasonerFor);
    const planKey = await deps.store.putPlan(input.jobId, plan);

    metrics.addMetric('PlansProduced', MetricUnit.Count, 1);
    if (plan.reasoner !== expected) {
      // A reasoner that fell back records it in plan.reasoner (see BedrockReasoner).
      metrics.addMetric('ReasonerFallbacks', MetricUnit.Count, 1);
      logger.warn('reasoner fell back', { expected, reasoner: plan.reasoner });
    }
    const result = summarize(input.jobId, planKey, plan);
    logger.info('plan stored', { ...result });
    return result;
  };

  return middy(think)
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics, { captureColdStartMetric: true }));
}

async function producePlan(
  input: ThinkEvent,
  reasonerFor: ReasonerFor,
): Promise<{ plan: ExpressionPlan; expected: string }> {
  const given = input.options?.plan;
  if (given !== undefined) {
    const plan = { ...parsePlan(given), reasoner: USER_REASONER };
    assertKnownActionUnits(plan);
    return { plan, expected: USER_REASONER };
  }
  const reasoner = reasonerFor({ reasoner: input.options?.reasoner, modelId: input.options?.modelId });
  return { plan: await reasoner.reason(input.emotion), expected: reasoner.id };
}

/** The state machine's view of the plan: its key and a few facts, bounded in size. */
export function summarize(jobId: string, planKey: string, plan: ExpressionPlan): ThinkResult {
  const aus = new Set(plan.segments.flatMap((segment) => segment.actionUnits.map((unit) => unit.au)));
  return {
    jobId,
    planKey,
    reasoner: plan.reasoner,
    segments: plan.segments.length,
    actionUnits: [...aus].sort((a, b) => a - b),
  };
}
