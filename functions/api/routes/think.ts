/**
 * POST /v1/think { emotion, reasoner? }: the Think stage alone, synchronously: the reasoner the
 * pipeline would use (the deployment's default, or the one asked for) turns the text into an
 * ExpressionPlan. A blank or over-long text is a 400 on `emotion`; Bedrock being unavailable a
 * 503, an unusable Bedrock answer a 502.
 */
import type { ThinkRequest } from '../../../core/contracts/api.js';
import { API_ROUTES } from '../../../core/contracts/api-routes.js';
import type { ExpressionPlan } from '../../../core/plan/expression-plan.js';
import type { ApiDeps } from '../api-deps.js';
import { httpRoute } from '../http-route.js';
import { routeOptions } from './route-options.js';

export async function think(request: ThinkRequest, deps: ApiDeps): Promise<ExpressionPlan> {
  const reasoner = deps.reasonerFor(request.reasoner ? { reasoner: request.reasoner } : {});
  return reasoner.reason(request.emotion);
}

export function thinkHandler(deps: ApiDeps) {
  return httpRoute(API_ROUTES.think, routeOptions(deps), async ({ body }) => ({
    body: await think(body, deps),
  }));
}
