/**
 * POST /v1/preview { portrait (base64), plan? | emotion?, segment?, intensity?, size?, crop? }:
 * one PNG still of the portrait at the plan's apex (the web studio follows its AU sliders with
 * it). The renderer is a port (previewer.ts); without one the route answers 501.
 *
 *   1. the portrait's bytes (at most API_LIMITS.previewPortraitMaxBytes, else 400 on `portrait`)
 *   2. the plan: as given (known AUs only, else 400 on `plan`), or thought from `emotion` with the
 *      reasoner the API uses for /v1/think, or none (the neutral face); a `segment` the plan does
 *      not have is a 400 on `segment`
 *   3. render: an unusable portrait (no face, unreadable) is a 422 named after the domain error,
 *      on `portrait`
 *   4. the PNG, and the face box, the source size, the segment and the timings in headers
 */
import { API_LIMITS, PREVIEW_HEADERS, type PreviewRequest } from '../../../core/contracts/api.js';
import { API_ROUTES } from '../../../core/contracts/api-routes.js';
import { PlanError } from '../../../core/plan/errors.js';
import type { ExpressionPlan } from '../../../core/plan/expression-plan.js';
import { assertKnownActionUnits } from '../../../core/plan/validate.js';
import type { ApiDeps } from '../api-deps.js';
import { NotImplementedError, RequestValidationError, UnusableInputError } from '../api-errors.js';
import { httpRoute, type RouteOutput } from '../http-route.js';
import { PREVIEW_INPUT_ERRORS, type PreviewerOutput } from '../previewer.js';
import { routeOptions } from './route-options.js';

function invalid(path: string, message: string): RequestValidationError {
  return new RequestValidationError('body', [{ path, message }]);
}

async function planOf(request: PreviewRequest, deps: ApiDeps): Promise<ExpressionPlan | undefined> {
  if (request.plan) {
    try {
      assertKnownActionUnits(request.plan);
    } catch (error) {
      if (error instanceof PlanError) throw invalid('plan', error.message);
      throw error;
    }
    return request.plan;
  }
  if (request.emotion === undefined) return undefined;
  const reasoner = deps.reasonerFor(request.reasoner ? { reasoner: request.reasoner } : {});
  return reasoner.reason(request.emotion);
}

export async function preview(request: PreviewRequest, deps: ApiDeps): Promise<PreviewerOutput> {
  const previewer = deps.previewer;
  if (!previewer) throw new NotImplementedError('POST /v1/preview');

  // 1. The portrait.
  const portrait = Buffer.from(request.portrait, 'base64');
  if (portrait.length > API_LIMITS.previewPortraitMaxBytes)
    throw invalid(
      'portrait',
      `is ${portrait.length} bytes, over the ${API_LIMITS.previewPortraitMaxBytes}-byte limit`,
    );

  // 2. The plan.
  const plan = await planOf(request, deps);
  if (request.segment !== undefined) {
    const count = plan?.segments.length ?? 0;
    if (request.segment >= count)
      throw invalid(
        'segment',
        plan
          ? `the plan has ${count} segment${count === 1 ? '' : 's'} (0..${count - 1})`
          : 'needs a plan or an emotion',
      );
  }

  // 3. Render.
  try {
    return await previewer.render({
      portrait: new Uint8Array(portrait.buffer, portrait.byteOffset, portrait.byteLength),
      ...(plan ? { plan } : {}),
      ...(request.segment !== undefined ? { segment: request.segment } : {}),
      ...(request.intensity !== undefined ? { intensity: request.intensity } : {}),
      ...(request.size !== undefined ? { size: request.size } : {}),
      ...(request.crop ? { crop: request.crop } : {}),
    });
  } catch (error) {
    if (error instanceof Error && PREVIEW_INPUT_ERRORS.has(error.name))
      throw new UnusableInputError('portrait', error);
    throw error;
  }
}

/** 4. The PNG and what comes with it. */
export function previewOutput(image: PreviewerOutput): RouteOutput {
  const box = image.sourceBox;
  const round = (n: number) => Math.round(n * 10) / 10;
  const timing = Object.entries(image.timings)
    .filter(([name]) => name !== 'totalMs')
    .map(([name, ms]) => `${name.replace(/Ms$/, '')};dur=${ms.toFixed(1)}`)
    .join(', ');
  return {
    body: image.png,
    headers: {
      'Content-Type': 'image/png',
      [PREVIEW_HEADERS.faceBox]: [box.x, box.y, box.width, box.height].map(round).join(','),
      [PREVIEW_HEADERS.sourceSize]: `${image.source.width},${image.source.height}`,
      [PREVIEW_HEADERS.segment]: String(image.segment),
      [PREVIEW_HEADERS.cache]: image.cache,
      [PREVIEW_HEADERS.timing]: timing,
      'Access-Control-Expose-Headers': Object.values(PREVIEW_HEADERS).join(', '),
    },
  };
}

export function previewHandler(deps: ApiDeps) {
  return httpRoute(API_ROUTES.preview, routeOptions(deps), async ({ body }) =>
    previewOutput(await preview(body, deps)),
  );
}
