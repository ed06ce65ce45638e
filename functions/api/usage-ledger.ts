/**
 * Metering over the object store: the `UsageRecorder` the Publish step calls (one record per
 * job, `tenants/<tenant>/usage/<yyyy-mm>/<jobId>.json`, rewritten identically by a retried
 * publish) and the reader `GET /v1/usage` sums.
 *
 * Scale: the usage endpoint reads one small object per published job of the month (16 at a
 * time). That is fine for thousands of jobs a month per tenant; beyond, roll records up into a
 * monthly total (or move the ledger to DynamoDB counters keyed by job id) behind this same class.
 */
import type { JobResult } from '../../core/jobs/job-result.js';
import {
  type UsageRecord,
  UsageRecordSchema,
  usageKey,
  usagePrefix,
  usageRecordOf,
} from '../../core/usage/usage-record.js';
import type { UsageRecorder } from '../../core/usage/usage-recorder.js';
import { getJson, type ObjectStore, putJson } from '../shared/object-store.js';
import { boundedMap } from './bounded-map.js';

export const USAGE_LEDGER_DEFAULTS = {
  /** Record reads in flight when summing a period. @default 16 */
  readConcurrency: 16,
} as const;

export class UsageLedger implements UsageRecorder {
  readonly #objects: ObjectStore;

  constructor(objects: ObjectStore) {
    this.#objects = objects;
  }

  async record(result: JobResult, meteredAt: Date): Promise<void> {
    const record = usageRecordOf(result, meteredAt);
    if (!record) return;
    await putJson(this.#objects, usageKey(record.tenant, record.period, record.jobId), record);
  }

  /** Every record of the tenant's period. */
  async records(tenant: string, period: string): Promise<UsageRecord[]> {
    const keys = (await this.#objects.list(usagePrefix(tenant, period))).filter((key) =>
      key.endsWith('.json'),
    );
    return boundedMap(
      keys,
      USAGE_LEDGER_DEFAULTS.readConcurrency,
      async (key) => (await getJson(this.#objects, key, UsageRecordSchema)).value,
    );
  }
}
