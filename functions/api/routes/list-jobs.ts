/**
 * GET /v1/jobs?limit=&cursor=: the caller's jobs, newest first, one page of the tenant's job
 * index (tenants/<tenant>/api-jobs/, one S3 list request) joined with each job's status.
 */
import type { ListJobsQuery, ListJobsResponse } from '../../../core/contracts/api.js';
import { API_ROUTES } from '../../../core/contracts/api-routes.js';
import { API_DEFAULTS, type ApiDeps } from '../api-deps.js';
import { RequestValidationError } from '../api-errors.js';
import { boundedMap } from '../bounded-map.js';
import { httpRoute } from '../http-route.js';
import { decodeCursor, encodeCursor } from '../job-ids.js';
import { pipelineStatus, summaryOf } from '../job-view.js';
import { routeOptions } from './route-options.js';

export async function listJobs(
  tenant: string,
  query: ListJobsQuery,
  deps: ApiDeps,
): Promise<ListJobsResponse> {
  let after: string | undefined;
  if (query.cursor !== undefined) {
    after = decodeCursor(query.cursor);
    if (after === undefined)
      throw new RequestValidationError('query', [
        { path: 'cursor', message: 'is not a cursor this API returned (pass nextCursor back as it is)' },
      ]);
  }
  const page = await deps.records.page(tenant, { after, limit: query.limit });
  const jobs = await boundedMap(page.ids, API_DEFAULTS.readConcurrency, async (id) => {
    const stored = await deps.records.read(tenant, id);
    return stored && summaryOf(stored.record, await pipelineStatus(stored.record, deps));
  });
  return {
    jobs: jobs.filter((job) => job !== undefined),
    ...(page.nextAfter ? { nextCursor: encodeCursor(page.nextAfter) } : {}),
  };
}

export function listJobsHandler(deps: ApiDeps) {
  return httpRoute(API_ROUTES.listJobs, routeOptions(deps), async ({ tenant, query }) => ({
    body: await listJobs(tenant, query, deps),
  }));
}
