/**
 * `PlanStore` over S3 (or any S3 API, e.g. s3rver locally): one PutObject of the plan JSON.
 */
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { ExpressionPlan } from '../../core/plan/expression-plan.js';
import { type PlanStore, planKey } from './plan-store.js';

export interface S3PlanStoreProps {
  readonly client: S3Client;
  /** Bucket of the pipeline (env `BUCKET_NAME` in the Lambda). */
  readonly bucket: string;
}

export class S3PlanStore implements PlanStore {
  readonly #client: S3Client;
  readonly #bucket: string;

  constructor(props: S3PlanStoreProps) {
    this.#client = props.client;
    this.#bucket = props.bucket;
  }

  async putPlan(jobId: string, plan: ExpressionPlan): Promise<string> {
    const key = planKey(jobId);
    await this.#client.send(
      new PutObjectCommand({
        Bucket: this.#bucket,
        Key: key,
        Body: `${JSON.stringify(plan, null, 2)}\n`,
        ContentType: 'application/json',
      }),
    );
    return key;
  }
}
