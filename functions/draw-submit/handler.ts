/**
 * Lambda entry of draw-submit, wired with the real adapters.
 *
 * Environment:
 * - `BUCKET_NAME`                  (required) the pipeline bucket
 * - `ENDPOINT_NAME`                (required) the sampler's asynchronous SageMaker endpoint
 * - `REQUEST_TTL_SECONDS`          queue time allowed (default 3600)
 * - `INVOCATION_TIMEOUT_SECONDS`   processing time allowed (default 900)
 */
import { S3Client } from '@aws-sdk/client-s3';
import { SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { z } from 'zod';
import { JobStore } from '../shared/job-store.js';
import { readEnv } from '../shared/read-env.js';
import { S3ObjectStore } from '../shared/s3-object-store.js';
import { TaskTokenStore } from '../shared/task-token-store.js';
import { createDrawSubmitHandler } from './draw-submit-handler.js';
import { SAGEMAKER_INFERENCE_DEFAULTS, SageMakerInference } from './sagemaker-inference.js';

const env = readEnv(
  z.object({
    BUCKET_NAME: z.string().min(1),
    ENDPOINT_NAME: z.string().min(1),
    REQUEST_TTL_SECONDS: z.coerce
      .number()
      .int()
      .min(60)
      .max(21_600)
      .default(SAGEMAKER_INFERENCE_DEFAULTS.requestTtlSeconds),
    INVOCATION_TIMEOUT_SECONDS: z.coerce
      .number()
      .int()
      .min(1)
      .max(3600)
      .default(SAGEMAKER_INFERENCE_DEFAULTS.invocationTimeoutSeconds),
  }),
  'draw-submit',
);

const objects = new S3ObjectStore({ client: new S3Client({}), bucket: env.BUCKET_NAME });
const inference = new SageMakerInference({
  client: new SageMakerRuntimeClient({}),
  endpointName: env.ENDPOINT_NAME,
  requestTtlSeconds: env.REQUEST_TTL_SECONDS,
  invocationTimeoutSeconds: env.INVOCATION_TIMEOUT_SECONDS,
});

export const handler = createDrawSubmitHandler({
  jobs: new JobStore(objects),
  tokens: new TaskTokenStore(objects),
  inference,
  deadlineSeconds: inference.deadlineSeconds,
});
