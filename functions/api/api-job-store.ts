/**
 * The API's job records (`tenants/<tenant>/api-jobs/<id>.json`, core/contracts/api-job-record.ts)
 * over the object store: created once (`If-None-Match: *`), updated optimistically (`If-Match`),
 * paged newest first (ids sort that way, job-ids.ts).
 *
 * A record is only ever looked up under the caller's own tenant prefix: another tenant's id is
 * not found, never forbidden, so ids reveal nothing.
 */

import { API_JOB_ID_PATTERN } from '../../core/contracts/api.js';
import {
  type ApiJobRecord,
  ApiJobRecordSchema,
  apiJobKey,
  apiJobsPrefix,
} from '../../core/contracts/api-job-record.js';
import { getJson, type ObjectStore, putJson } from '../shared/object-store.js';
import { ObjectNotFoundError } from '../shared/pipeline-errors.js';
import type { KeyPager } from './key-pager.js';

export interface StoredRecord {
  readonly record: ApiJobRecord;
  readonly etag: string;
}

export interface RecordPage {
  readonly ids: readonly string[];
  /** The last id of the page when more follow. */
  readonly nextAfter: string | undefined;
}

export class ApiJobStore {
  readonly #objects: ObjectStore;
  readonly #pager: KeyPager;

  constructor(objects: ObjectStore, pager: KeyPager) {
    this.#objects = objects;
    this.#pager = pager;
  }

  async create(record: ApiJobRecord): Promise<void> {
    await putJson(this.#objects, apiJobKey(record.tenant, record.id), record, { ifNoneMatch: '*' });
  }

  /** The tenant's record, or undefined (also for a malformed id: nothing to look up). */
  async read(tenant: string, id: string): Promise<StoredRecord | undefined> {
    if (!API_JOB_ID_PATTERN.test(id)) return undefined;
    try {
      const { value, etag } = await getJson(this.#objects, apiJobKey(tenant, id), ApiJobRecordSchema);
      return { record: value, etag };
    } catch (error) {
      if (error instanceof ObjectNotFoundError) return undefined;
      throw error;
    }
  }

  /** Writes `record` if the stored one still has `etag` (PreconditionFailedError otherwise). */
  async update(record: ApiJobRecord, etag: string): Promise<void> {
    await putJson(this.#objects, apiJobKey(record.tenant, record.id), record, { ifMatch: etag });
  }

  /** Ids of the tenant's jobs, newest first, after `after` (exclusive). */
  async page(tenant: string, options: { after?: string; limit: number }): Promise<RecordPage> {
    const prefix = apiJobsPrefix(tenant);
    const page = await this.#pager(prefix, {
      startAfter: options.after === undefined ? undefined : apiJobKey(tenant, options.after),
      limit: options.limit,
    });
    const all = page.keys.map((key) => key.slice(prefix.length).replace(/\.json$/, ''));
    const ids = all.filter((id) => API_JOB_ID_PATTERN.test(id));
    return { ids, nextAfter: page.truncated ? all.at(-1) : undefined };
  }

  /** Every id of the tenant's jobs after `startAfterId` (exclusive), newest first, page by page. */
  async *idsAfter(tenant: string, startAfterId: string, pageSize = 1000): AsyncGenerator<string> {
    let after: string | undefined = startAfterId;
    while (after !== undefined) {
      const prefix = apiJobsPrefix(tenant);
      const page = await this.#pager(prefix, { startAfter: apiJobKey(tenant, after), limit: pageSize });
      const ids = page.keys.map((key) => key.slice(prefix.length).replace(/\.json$/, ''));
      for (const id of ids) if (API_JOB_ID_PATTERN.test(id)) yield id;
      after = page.truncated ? ids.at(-1) : undefined;
    }
  }
}
