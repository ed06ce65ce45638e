/**
 * The metering port of the Publish step: called once result.json is written, with the published
 * result and the time the job first entered `publishing` (which decides the period). Adapters:
 * functions/api/usage-ledger.ts (the object store, `tenants/<t>/usage/<yyyy-mm>/<jobId>.json`).
 *
 * Contract: idempotent per job id (a retried publish records the same job again without counting
 * it twice); a job without a tenant records nothing.
 */
import type { JobResult } from '../jobs/job-result.js';

export interface UsageRecorder {
  record(result: JobResult, meteredAt: Date): Promise<void>;
}
