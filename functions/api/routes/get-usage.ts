/**
 * GET /v1/usage?period=yyyy-mm: the caller's metered usage for a month (UTC; the current one by
 * default): the sums of the usage records publish wrote (video seconds, frames, sampler seconds,
 * jobs published) and the number of jobs created in the month, counted from the job index (ids
 * carry their creation time, job-ids.ts, so no record is read for that).
 */
import type { UsageQuery, UsageReport } from '../../../core/contracts/api.js';
import { API_ROUTES } from '../../../core/contracts/api-routes.js';
import { periodBounds, periodOf } from '../../../core/usage/usage-period.js';
import { sumUsage } from '../../../core/usage/usage-summary.js';
import type { ApiDeps } from '../api-deps.js';
import { httpRoute } from '../http-route.js';
import { createdAtOfJobId, startAfterCreatedBefore } from '../job-ids.js';
import { routeOptions } from './route-options.js';

async function jobsCreated(tenant: string, from: Date, to: Date, deps: ApiDeps): Promise<number> {
  let count = 0;
  for await (const id of deps.records.idsAfter(tenant, startAfterCreatedBefore(to))) {
    if (createdAtOfJobId(id) < from) break;
    count++;
  }
  return count;
}

export async function getUsage(tenant: string, query: UsageQuery, deps: ApiDeps): Promise<UsageReport> {
  const period = query.period ?? periodOf(deps.clock());
  const { from, to } = periodBounds(period);
  const [records, created] = await Promise.all([
    deps.usage.records(tenant, period),
    jobsCreated(tenant, from, to, deps),
  ]);
  const totals = sumUsage(records);
  return {
    period,
    from: from.toISOString(),
    to: to.toISOString(),
    videoSeconds: totals.videoSeconds,
    frames: totals.frames,
    samplerSeconds: totals.samplerSeconds,
    jobs: { created, succeeded: totals.jobs },
  };
}

export function getUsageHandler(deps: ApiDeps) {
  return httpRoute(API_ROUTES.getUsage, routeOptions(deps), async ({ tenant, query }) => ({
    body: await getUsage(tenant, query, deps),
  }));
}
