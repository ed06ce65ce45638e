/** The httpRoute options every route builds from the API's dependencies. */
import type { ApiDeps } from '../api-deps.js';
import type { HttpRouteOptions } from '../http-route.js';

export function routeOptions(deps: ApiDeps): HttpRouteOptions {
  return { tenantOf: deps.tenantOf, cors: { origins: deps.settings.corsOrigins }, logger: deps.logger };
}

/** Where to poll a job: its path under the API's base URL. */
export function statusPath(id: string): string {
  return `/v1/jobs/${id}`;
}
