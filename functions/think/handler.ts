/**
 * Lambda entry of the think stage, wired with the real adapters.
 *
 * Environment:
 * - `BUCKET_NAME`       (required) bucket that receives `jobs/<jobId>/plan.json`
 * - `TBD_REASONER`      `bedrock` (default) or `facs`
 * - `BEDROCK_MODEL_ID`  model or inference-profile id (default BEDROCK_DEFAULTS.modelId)
 * - `AWS_REGION`        set by Lambda; the Bedrock and S3 clients' region
 *
 * Input `{ jobId, emotion, options?: { reasoner?, modelId?, plan? } }`; output
 * `{ jobId, planKey, reasoner, segments, actionUnits }`. The plan itself goes to S3 because Step
 * Functions' state payloads are limited to 256 KB (see plan-store.ts).
 */
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { S3Client } from '@aws-sdk/client-s3';
import { ThinkError } from './errors.js';
import { createReasonerFor, reasonerConfigFromEnv } from './reasoner-for.js';
import { S3PlanStore } from './s3-plan-store.js';
import { createThinkHandler } from './think-handler.js';

export { createThinkHandler } from './think-handler.js';

const bucket = process.env.BUCKET_NAME;
if (!bucket) throw new ThinkError('BUCKET_NAME is not set: the think function needs the pipeline bucket');

const config = reasonerConfigFromEnv();

export const handler = createThinkHandler({
  reasonerFor: createReasonerFor(
    config,
    new BedrockRuntimeClient(config.region ? { region: config.region } : {}),
  ),
  store: new S3PlanStore({ client: new S3Client({}), bucket }),
});
