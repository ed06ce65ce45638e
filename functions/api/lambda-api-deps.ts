/**
 * The API's dependencies in Lambda, from the environment: what every `/v1` Lambda entry builds
 * its handlers on (handler.ts: the zip bundle of every route; preview-handler.ts: the container
 * image of POST /v1/preview, which adds the renderer).
 *
 * Environment:
 * - `BUCKET_NAME`      (required) the pipeline bucket
 * - `API_KEY_TENANTS`  (required) JSON `{ "<API Gateway key id>": "<tenant>" }` (tenancy.ts)
 * - `CORS_ORIGINS`     comma-separated origins allowed by CORS (default `*`)
 * - `TBD_REASONER`, `BEDROCK_MODEL_ID`, `AWS_REGION`: the reasoner of POST /v1/think and of
 *   POST /v1/preview's `emotion` (functions/think)
 */
import { S3Client } from '@aws-sdk/client-s3';
import { z } from 'zod';
import { readEnv } from '../shared/read-env.js';
import { S3ObjectStore } from '../shared/s3-object-store.js';
import { createReasonerFor, reasonerConfigFromEnv } from '../think/reasoner-for.js';
import { type ApiDeps, type ApiDepsInput, apiDeps } from './api-deps.js';
import { s3KeyPager } from './key-pager.js';
import { S3Presigner } from './s3-presigner.js';
import { ApiKeyTenantsSchema, tenantDirectory } from './tenancy.js';

const ApiEnvSchema = z.object({
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
});

/** What an entry adds to the environment's ports. */
export type LambdaApiExtras = Pick<ApiDepsInput, 'previewer'>;

/** @throws ConfigurationError naming the variable at fault (fails the cold start). */
export function lambdaApiDeps(extras: LambdaApiExtras = {}, env: NodeJS.ProcessEnv = process.env): ApiDeps {
  const config = readEnv(ApiEnvSchema, 'api', env);
  const client = new S3Client({});
  return apiDeps({
    objects: new S3ObjectStore({ client, bucket: config.BUCKET_NAME }),
    presigner: new S3Presigner({ client, bucket: config.BUCKET_NAME }),
    pager: s3KeyPager(client, config.BUCKET_NAME),
    reasonerFor: createReasonerFor(reasonerConfigFromEnv(env)),
    tenantOf: tenantDirectory(config.API_KEY_TENANTS),
    ...(config.CORS_ORIGINS?.length ? { settings: { corsOrigins: config.CORS_ORIGINS } } : {}),
    ...extras,
  });
}
