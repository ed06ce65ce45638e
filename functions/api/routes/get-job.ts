/** GET /v1/jobs/{id}: the job's record joined with its status, and download URLs once it succeeded (job-view.ts). */
import type { JobView } from '../../../core/contracts/api.js';
import { API_ROUTES } from '../../../core/contracts/api-routes.js';
import type { ApiDeps } from '../api-deps.js';
import { JobNotFoundError } from '../api-errors.js';
import { httpRoute } from '../http-route.js';
import { viewOf } from '../job-view.js';
import { routeOptions } from './route-options.js';

export async function getJob(tenant: string, id: string, deps: ApiDeps): Promise<JobView> {
  const stored = await deps.records.read(tenant, id);
  if (!stored) throw new JobNotFoundError(id);
  return viewOf(stored.record, deps);
}

export function getJobHandler(deps: ApiDeps) {
  return httpRoute(API_ROUTES.getJob, routeOptions(deps), async ({ tenant, params }) => ({
    body: await getJob(tenant, params.id ?? '', deps),
  }));
}
