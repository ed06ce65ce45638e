/**
 * Lambda entries of the `/v1` API: one exported handler per route (named by its operationId in
 * core/contracts/api-routes.ts), one bundle. infra/constructs/api.ts gives each route its own
 * function (and so its own role) from this file.
 *
 * Environment:
 * - `BUCKET_NAME`      (required) the pipeline bucket
 * - `API_KEY_TENANTS`  (required) JSON `{ "<API Gateway key id>": "<tenant>" }` (tenancy.ts)
 * - `CORS_ORIGINS`     comma-separated origins allowed by CORS (default `*`)
 * - `TBD_REASONER`, `BEDROCK_MODEL_ID`, `AWS_REGION`: POST /v1/think's reasoner (functions/think)
 */
import { S3Client } from '@aws-sdk/client-s3';
import { z } from 'zod';
import { readEnv } from '../shared/read-env.js';
import { S3ObjectStore } from '../shared/s3-object-store.js';
import { createReasonerFor, reasonerConfigFromEnv } from '../think/reasoner-for.js';
import { apiDeps } from './api-deps.js';
import { createApiHandlers } from './api-handlers.js';
import { s3KeyPager } from './key-pager.js';
import { S3Presigner } from './s3-presigner.js';
import { ApiKeyTenantsSchema, tenantDirectory } from './tenancy.js';

const env = readEnv(
  z.object({
    BUCKET_NAME: z.string().min(1),
    API_KEY_TENANTS: z
      .string()
      .transform((text, ctx) => {
        try {
          return JSON.parse(text) as unknown;
        } catch {
          ctx.addIssue({ code: 'custom', message: 'must be a JSON object { "<apiKeyId>": "<tenant>" }' });
          return z.NEVER;
        }
      })
      .pipe(ApiKeyTenantsSchema),
    CORS_ORIGINS: z
      .string()
      .optional()
      .transform((text) =>
        text
          ?.split(',')
          .map((origin) => origin.trim())
          .filter(Boolean),
      ),
  }),
  'api',
);

const client = new S3Client({});
const handlers = createApiHandlers(
  apiDeps({
    objects: new S3ObjectStore({ client, bucket: env.BUCKET_NAME }),
    presigner: new S3Presigner({ client, bucket: env.BUCKET_NAME }),
    pager: s3KeyPager(client, env.BUCKET_NAME),
    reasonerFor: createReasonerFor(reasonerConfigFromEnv()),
    tenantOf: tenantDirectory(env.API_KEY_TENANTS),
    ...(env.CORS_ORIGINS?.length ? { settings: { corsOrigins: env.CORS_ORIGINS } } : {}),
  }),
);

export const createJob = handlers.createJob;
export const listJobs = handlers.listJobs;
export const getJob = handlers.getJob;
export const startJob = handlers.startJob;
export const think = handlers.think;
/** 501 here: the Lambdas carry no renderer (human's face mesh, sharp); tbd serve has one. */
export const preview = handlers.preview;
export const getUsage = handlers.getUsage;
export const getOpenApi = handlers.getOpenApi;
