/**
 * What the API's handlers run on: ports (object store, presigner, key pager, reasoner, tenant
 * directory), a clock and a random source for ids, and the settings. `apiDeps` fills in the
 * defaults; functions/api/handler.ts (Lambda) and local/api/mount-api.ts (tbd serve) build it
 * from their own adapters.
 */

import { randomBytes } from 'node:crypto';
import type { Logger } from '@aws-lambda-powertools/logger';
import { JobStore } from '../shared/job-store.js';
import type { ObjectStore } from '../shared/object-store.js';
import { createLogger } from '../shared/powertools.js';
import type { ReasonerFor } from '../think/reasoner-for.js';
import { ApiJobStore } from './api-job-store.js';
import { API_CORS_DEFAULTS } from './http-route.js';
import { type KeyPager, listPageOf } from './key-pager.js';
import type { Presigner } from './presigner.js';
import type { Previewer } from './previewer.js';
import type { TenantOfKey } from './tenancy.js';
import { UsageLedger } from './usage-ledger.js';

export const API_DEFAULTS = {
  /** Lifetime of the presigned upload forms, in seconds. @default 900 */
  uploadExpiresSec: 900,
  /** Lifetime of the presigned download URLs, in seconds. @default 3600 */
  downloadExpiresSec: 3600,
  /** Status reads in flight when listing jobs. @default 8 */
  readConcurrency: 8,
  /** Powertools service name of the API's log lines. @default 'api' */
  serviceName: 'api',
} as const;

export interface ApiSettings {
  /** @default API_DEFAULTS.uploadExpiresSec */
  readonly uploadExpiresSec: number;
  /** @default API_DEFAULTS.downloadExpiresSec */
  readonly downloadExpiresSec: number;
  /** Origins allowed by CORS. @default API_CORS_DEFAULTS.origins */
  readonly corsOrigins: readonly string[];
}

export interface ApiDepsInput {
  /** The pipeline bucket. */
  readonly objects: ObjectStore;
  readonly presigner: Presigner;
  readonly reasonerFor: ReasonerFor;
  /** API key id -> tenant. */
  readonly tenantOf: TenantOfKey;
  /** @default listPageOf(objects) (lists everything: give S3 deployments s3KeyPager) */
  readonly pager?: KeyPager;
  /** @default () => new Date() */
  readonly clock?: () => Date;
  /** @default crypto.randomBytes */
  readonly random?: (bytes: number) => Uint8Array;
  readonly settings?: Partial<ApiSettings>;
  /** @default createLogger('api') */
  readonly logger?: Logger;
  /** Renders POST /v1/preview. @default none: the route answers 501 */
  readonly previewer?: Previewer;
}

export interface ApiDeps {
  readonly objects: ObjectStore;
  readonly presigner: Presigner;
  readonly reasonerFor: ReasonerFor;
  readonly tenantOf: TenantOfKey;
  readonly clock: () => Date;
  readonly random: (bytes: number) => Uint8Array;
  readonly settings: ApiSettings;
  readonly logger: Logger;
  /** The API's job records. */
  readonly records: ApiJobStore;
  /** The pipeline's status records. */
  readonly jobs: JobStore;
  readonly usage: UsageLedger;
  readonly previewer: Previewer | undefined;
}

export function apiDeps(input: ApiDepsInput): ApiDeps {
  return {
    objects: input.objects,
    presigner: input.presigner,
    reasonerFor: input.reasonerFor,
    tenantOf: input.tenantOf,
    clock: input.clock ?? (() => new Date()),
    random: input.random ?? randomBytes,
    settings: {
      uploadExpiresSec: input.settings?.uploadExpiresSec ?? API_DEFAULTS.uploadExpiresSec,
      downloadExpiresSec: input.settings?.downloadExpiresSec ?? API_DEFAULTS.downloadExpiresSec,
      corsOrigins: input.settings?.corsOrigins ?? API_CORS_DEFAULTS.origins,
    },
    logger: input.logger ?? createLogger(API_DEFAULTS.serviceName),
    records: new ApiJobStore(input.objects, input.pager ?? listPageOf(input.objects)),
    jobs: new JobStore(input.objects),
    usage: new UsageLedger(input.objects),
    previewer: input.previewer,
  };
}
