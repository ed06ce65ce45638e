/**
 * `PlanStore` over S3 (or any S3 API, e.g. s3rver locally): one PutObject of the plan JSON,
 * through the pipeline's S3 object store, so a failed write is reported like every other one:
 * throttling, 5xx and dropped connections (once the SDK's own retries are spent) as
 * `TransientError`, which the Think state retries; anything else as a `StorageError`.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { ExpressionPlan } from '../../core/plan/expression-plan.js';
import { putJson } from '../shared/object-store.js';
import { S3ObjectStore } from '../shared/s3-object-store.js';
import { type PlanStore, planKey } from './plan-store.js';

export interface S3PlanStoreProps {
  readonly client: S3Client;
  /** Bucket of the pipeline (env `BUCKET_NAME` in the Lambda). */
  readonly bucket: string;
}

export class S3PlanStore implements PlanStore {
  readonly #objects: S3ObjectStore;

  constructor(props: S3PlanStoreProps) {
    this.#objects = new S3ObjectStore(props);
  }

  async putPlan(jobId: string, plan: ExpressionPlan): Promise<string> {
    const key = planKey(jobId);
    await putJson(this.#objects, key, plan);
    return key;
  }
}
