/**
 * The `/v1` API in the local stack: `startLocalStack({ api: mountApi })` (what `tbd serve` does).
 *
 *   keys       <data-dir>/api-keys.json, created with one key for tenant `local` on the first
 *              start; every start logs the keys' tenants and the file, the first one the key itself
 *   handlers   the Lambdas' own (functions/api/api-handlers.ts) over the local S3 API: the
 *              stack's bucket and client, so presigned URLs point at the local S3 endpoint; two
 *              s3rver quirks met: torn reads retried (torn-read-retry.ts), the job index paged
 *              with ListObjects V1 (marker-key-pager.ts)
 *   reasoner   the stack's (facs unless TBD_REASONER says otherwise)
 *   preview    POST /v1/preview renders with the Draw stage's PreviewRenderer, in this process
 *              (loaded on the first preview; its portrait cache is shared by every tenant: the
 *              key is the portrait's hash, so a tenant can only hit what it sends itself)
 *   uploads    s3rver gated by post-policy-gate.ts, so presigned POST conditions hold as in S3
 *   route      http-adapter.ts mounted at /v1
 */
import { API_DEFAULTS, type ApiSettings, apiDeps } from '../../functions/api/api-deps.js';
import { createApiHandlers } from '../../functions/api/api-handlers.js';
import type { Previewer } from '../../functions/api/previewer.js';
import { S3Presigner } from '../../functions/api/s3-presigner.js';
import { tenantDirectory } from '../../functions/api/tenancy.js';
import type { LocalStackServices } from '../stack/local-stack.js';
import { localPowertools } from '../stack/task-handlers.js';
import { loadApiKeys } from './api-keys-file.js';
import { createApiRoute } from './http-adapter.js';
import { markerKeyPager } from './marker-key-pager.js';
import { installPostPolicyGate } from './post-policy-gate.js';
import { retryTornReads } from './torn-read-retry.js';

export const API_PREFIX = '/v1';

export interface MountApiOptions {
  /** @default the API's defaults (functions/api/api-deps.ts) */
  readonly settings?: Partial<ApiSettings>;
  /** @default the Draw stage's PreviewRenderer (lazyPreviewer) */
  readonly previewer?: Previewer;
}

/** The Draw stage's PreviewRenderer, imported and created on the first preview. */
export function lazyPreviewer(): Previewer {
  let renderer: Promise<Previewer> | undefined;
  return {
    async render(input) {
      renderer ??= import('../../containers/gpu-sampler/src/pipeline/render-preview.js').then(
        ({ PreviewRenderer }) => new PreviewRenderer(),
      );
      return (await renderer).render(input);
    },
  };
}

export async function mountApi(services: LocalStackServices, options: MountApiOptions = {}): Promise<void> {
  const keys = await loadApiKeys(services.dataDir);
  if (keys.created) {
    const [entry] = keys.entries;
    services.log.info('created an API key', { tenant: entry?.tenant, key: entry?.key, file: keys.path });
  }
  const tenants = [...new Set(keys.entries.map((entry) => entry.tenant))];
  services.log.info('API keys', { tenants: tenants.join(','), file: keys.path });

  installPostPolicyGate({ credentials: [services.credentials] });

  const { bucket, s3Client } = services;
  const deps = apiDeps({
    objects: retryTornReads(services.jobs.objects),
    presigner: new S3Presigner({ client: s3Client, bucket }),
    pager: markerKeyPager(s3Client, bucket),
    reasonerFor: services.reasonerFor,
    tenantOf: tenantDirectory(keys.tenants),
    logger: localPowertools(API_DEFAULTS.serviceName).logger,
    previewer: options.previewer ?? lazyPreviewer(),
    ...(options.settings ? { settings: options.settings } : {}),
  });
  services.api.mount(
    API_PREFIX,
    createApiRoute({
      handlers: createApiHandlers(deps),
      keys,
      ...(options.settings?.corsOrigins ? { corsOrigins: options.settings.corsOrigins } : {}),
    }),
  );
}
