/**
 * Lambda entries of publish (one bundle, two functions):
 * - `handler`         the Publish state
 * - `failureHandler`  the RecordFailure state (Catch path)
 *
 * Environment: `BUCKET_NAME` (required), the pipeline bucket.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { z } from 'zod';
import { JobStore } from '../shared/job-store.js';
import { readEnv } from '../shared/read-env.js';
import { S3ObjectStore } from '../shared/s3-object-store.js';
import { createPublishFailureHandler } from './publish-failure-handler.js';
import { createPublishHandler } from './publish-handler.js';

const env = readEnv(z.object({ BUCKET_NAME: z.string().min(1) }), 'publish');

const jobs = new JobStore(new S3ObjectStore({ client: new S3Client({}), bucket: env.BUCKET_NAME }));

export const handler = createPublishHandler({ jobs });
export const failureHandler = createPublishFailureHandler({ jobs });
