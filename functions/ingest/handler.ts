/**
 * Lambda entry of ingest, wired with the real adapters.
 *
 * Environment:
 * - `BUCKET_NAME`        (required) the pipeline bucket (incoming/, jobs/, outgoing/)
 * - `STATE_MACHINE_ARN`  (required) the pipeline state machine
 *
 * Triggered by S3 ObjectCreated on `incoming/**\/job.json` (or EventBridge, or `{ bucket?, key }`).
 */
import { S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import { z } from 'zod';
import { JobStore } from '../shared/job-store.js';
import { readEnv } from '../shared/read-env.js';
import { S3ObjectStore } from '../shared/s3-object-store.js';
import { createIngestHandler } from './ingest-handler.js';
import { SfnStarter } from './sfn-starter.js';

const env = readEnv(
  z.object({ BUCKET_NAME: z.string().min(1), STATE_MACHINE_ARN: z.string().startsWith('arn:') }),
  'ingest',
);

export const handler = createIngestHandler({
  jobs: new JobStore(new S3ObjectStore({ client: new S3Client({}), bucket: env.BUCKET_NAME })),
  starter: new SfnStarter({ client: new SFNClient({}), stateMachineArn: env.STATE_MACHINE_ARN }),
});
