/**
 * Lambda entries of draw-callback, wired with the real adapters:
 * - `handler`       subscribed to the endpoint's SNS success and error topics
 * - `sweepHandler`  on a schedule (e.g. every minute): heartbeats and lost notifications
 *
 * Environment: `BUCKET_NAME` (required), the pipeline bucket holding jobs/_tokens/.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import { z } from 'zod';
import { readEnv } from '../shared/read-env.js';
import { S3ObjectStore } from '../shared/s3-object-store.js';
import { TaskTokenStore } from '../shared/task-token-store.js';
import { createDrawCallbackHandler } from './draw-callback-handler.js';
import { SfnTaskCallbacks } from './sfn-task-callbacks.js';
import { createDrawSweepHandler } from './sweep-handler.js';
import { createS3UriReader } from './uri-reader.js';

const env = readEnv(z.object({ BUCKET_NAME: z.string().min(1) }), 'draw-callback');

const s3 = new S3Client({});
const deps = {
  tokens: new TaskTokenStore(new S3ObjectStore({ client: s3, bucket: env.BUCKET_NAME })),
  callbacks: new SfnTaskCallbacks(new SFNClient({})),
  read: createS3UriReader(s3),
};

export const handler = createDrawCallbackHandler(deps);
export const sweepHandler = createDrawSweepHandler(deps);
