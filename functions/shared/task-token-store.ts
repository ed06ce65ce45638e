/**
 * Pending task tokens of the Draw state, one object per SageMaker inference:
 * `jobs/_tokens/<inferenceId>.json`. draw-submit writes it *before* InvokeEndpointAsync, so a
 * notification can never arrive for a token not yet stored; draw-callback (SNS) and its
 * heartbeat sweep read it, answer Step Functions and delete it.
 *
 * Keyed by inference id because that is all a SageMaker notification identifies; the inference
 * id is derived from the token (`inferenceIdFor`), so a retried draw-submit invocation with the
 * same token finds its record and does not submit the inference twice.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { JOB_LAYOUT, tokenKey } from '../../core/jobs/job-keys.js';
import { getJson, type ObjectStore, putJson } from './object-store.js';
import { ObjectNotFoundError } from './pipeline-errors.js';

export const TaskTokenRecordSchema = z.object({
  schemaVersion: z.literal(1),
  inferenceId: z.string().min(1),
  jobId: z.string().min(1),
  taskToken: z.string().min(1),
  /** The DrawRequest's key (the inference's InputLocation). */
  requestKey: z.string(),
  submittedAt: z.iso.datetime({ offset: true }),
  /** After this the sweep fails the task (the request's TTL and invocation timeout are over). */
  expiresAt: z.iso.datetime({ offset: true }),
  /** Set once InvokeEndpointAsync returned. */
  outputLocation: z.string().optional(),
  failureLocation: z.string().optional(),
});

export type TaskTokenRecord = z.infer<typeof TaskTokenRecordSchema>;

/** `tbd-` + 32 hex of SHA-256(token): stable per task attempt, within SageMaker's 64 characters. */
export function inferenceIdFor(taskToken: string): string {
  return `tbd-${createHash('sha256').update(taskToken).digest('hex').slice(0, 32)}`;
}

export class TaskTokenStore {
  readonly #objects: ObjectStore;

  constructor(objects: ObjectStore) {
    this.#objects = objects;
  }

  async put(record: TaskTokenRecord): Promise<void> {
    await putJson(this.#objects, tokenKey(record.inferenceId), record);
  }

  async get(inferenceId: string): Promise<TaskTokenRecord | undefined> {
    try {
      return (await getJson(this.#objects, tokenKey(inferenceId), TaskTokenRecordSchema)).value;
    } catch (error) {
      if (error instanceof ObjectNotFoundError) return undefined;
      throw error;
    }
  }

  async delete(inferenceId: string): Promise<void> {
    await this.#objects.delete(tokenKey(inferenceId));
  }

  /** Inference ids of every pending record. */
  async list(): Promise<string[]> {
    const keys = await this.#objects.list(JOB_LAYOUT.tokens);
    return keys.filter((key) => key.endsWith('.json')).map((key) => key.slice(JOB_LAYOUT.tokens.length, -5));
  }
}
