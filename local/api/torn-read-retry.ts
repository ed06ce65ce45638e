/**
 * The API's object store for the local S3 API, with torn reads retried.
 *
 * s3rver 3.7 rewrites an object in place (truncates the file, then writes it), so a GET racing a
 * PUT of the same key can end short of its Content-Length: the SDK fails with `aborted`
 * (ECONNRESET), which the object store reports as a TransientError, and GET /v1/jobs or
 * GET /v1/jobs/{id} answered 503 while the pipeline updated a status record (seen under load:
 * test/load). S3 replaces objects atomically, so only `tbd serve` needs this: a read that fails
 * with a TransientError is tried again, `attempts` times in all, `delayMs` times the attempt
 * apart. (Bytes half old, half new parse as no JSON: functions/api/job-view.ts retries those.)
 */
import type { ObjectStore } from '../../functions/shared/object-store.js';
import { TransientError } from '../../functions/shared/pipeline-errors.js';

export const TORN_READ_DEFAULTS = {
  /** Reads of one object before its TransientError is passed on. @default 3 */
  attempts: 3,
  /** Pause before a retry, times the attempt number, in ms. @default 50 */
  delayMs: 50,
} as const;

export interface TornReadOptions {
  /** @default TORN_READ_DEFAULTS.attempts */
  readonly attempts?: number;
  /** @default TORN_READ_DEFAULTS.delayMs */
  readonly delayMs?: number;
}

export function retryTornReads(objects: ObjectStore, options: TornReadOptions = {}): ObjectStore {
  const attempts = Math.max(1, options.attempts ?? TORN_READ_DEFAULTS.attempts);
  const delayMs = options.delayMs ?? TORN_READ_DEFAULTS.delayMs;
  return {
    bucket: objects.bucket,
    head: (key) => objects.head(key),
    async get(key, range) {
      for (let attempt = 1; ; attempt++) {
        try {
          return await objects.get(key, range);
        } catch (error) {
          if (!(error instanceof TransientError) || attempt >= attempts) throw error;
          await new Promise((resolve) => setTimeout(resolve, delayMs * attempt));
        }
      }
    },
    put: (key, body, putOptions) => objects.put(key, body, putOptions),
    copy: (sourceKey, targetKey) => objects.copy(sourceKey, targetKey),
    delete: (key) => objects.delete(key),
    list: (prefix) => objects.list(prefix),
  };
}
