/** GET /v1/openapi.json: the OpenAPI 3.1 document (openapi-document.ts), public and cacheable. */
import { API_ROUTES } from '../../../core/contracts/api-routes.js';
import type { ApiDeps } from '../api-deps.js';
import { httpRoute } from '../http-route.js';
import { openApiDocument } from '../openapi-document.js';
import { routeOptions } from './route-options.js';

let document: unknown;

export function getOpenApiHandler(deps: ApiDeps) {
  return httpRoute(API_ROUTES.getOpenApi, routeOptions(deps), async () => {
    document ??= openApiDocument();
    return { body: document, headers: { 'Cache-Control': 'public, max-age=300' } };
  });
}
