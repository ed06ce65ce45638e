/**
 * The `progress` of GET /v1/jobs/{id}: the sampler's progress document,
 * `jobs/<jobId>/progress.json` (core/contracts/job-progress.ts), while the status record says the
 * job is `drawing`. The document is a hint, read best effort: missing (not written yet), torn or
 * unreadable, it is left out and the view is answered without it; in any other stage it is not
 * read at all (the sampler leaves it behind when the job moves on).
 */
import type { JobProgressView } from '../../core/contracts/api.js';
import { JobProgressSchema } from '../../core/contracts/job-progress.js';
import type { JobStatus } from '../../core/contracts/job-status.js';
import { progressKey } from '../../core/jobs/job-keys.js';
import { getJson } from '../shared/object-store.js';
import { ObjectNotFoundError } from '../shared/pipeline-errors.js';
import type { ApiDeps } from './api-deps.js';

/** The progress to show of a job in `status`, if any. Never throws. */
export async function progressOf(
  status: JobStatus | undefined,
  deps: Pick<ApiDeps, 'objects' | 'logger'>,
): Promise<JobProgressView | undefined> {
  if (status?.stage !== 'drawing') return undefined;
  const key = progressKey(status.jobId);
  try {
    const { value } = await getJson(deps.objects, key, JobProgressSchema);
    if (value.jobId !== status.jobId) return undefined;
    return { stage: value.stage, done: value.done, total: value.total, updatedAt: value.updatedAt };
  } catch (error) {
    if (!(error instanceof ObjectNotFoundError))
      deps.logger.warn('progress document not read: answered without it', { key, error });
    return undefined;
  }
}
