/**
 * The local stand-in for Step Functions' execution history: `jobs/<jobId>/local-execution.json`,
 * written by the local starter before an execution runs. It keeps what a restart needs to run
 * the job again (the execution's name and input) and how many times it was run, and it makes
 * execution names unique across restarts, as Step Functions does (a second start of the same
 * name starts nothing).
 *
 *   { schemaVersion: 1, name, executionId, input: PipelineInput, runs, startedAt, updatedAt }
 */
import { z } from 'zod';
import { workPrefix } from '../../core/jobs/job-keys.js';
import { PipelineInputSchema } from '../../core/jobs/pipeline-input.js';
import { getJson, type ObjectStore, putJson } from '../../functions/shared/object-store.js';
import { ObjectNotFoundError } from '../../functions/shared/pipeline-errors.js';

/** File name under `jobs/<jobId>/`. */
export const EXECUTION_RECORD_FILE = 'local-execution.json';

export const ExecutionRecordSchema = z.object({
  schemaVersion: z.literal(1),
  /** The execution name: the job id. */
  name: z.string().min(1),
  executionId: z.string().min(1),
  input: PipelineInputSchema,
  /** Times the execution was run: 1 when started, +1 per resume. */
  runs: z.number().int().min(1),
  startedAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
});

export type ExecutionRecord = z.infer<typeof ExecutionRecordSchema>;

export function executionRecordKey(jobId: string): string {
  return `${workPrefix(jobId)}${EXECUTION_RECORD_FILE}`;
}

/** The ARN-shaped id of a local execution (the same as `localContext().Execution.Id`). */
export function localExecutionId(name: string): string {
  return `arn:aws:states:us-east-1:000000000000:execution:tbd-local-pipeline:${name}`;
}

export class ExecutionRecords {
  readonly #objects: ObjectStore;

  constructor(objects: ObjectStore) {
    this.#objects = objects;
  }

  async exists(name: string): Promise<boolean> {
    return (await this.#objects.head(executionRecordKey(name))) !== undefined;
  }

  /** The record, or undefined; a malformed one throws StorageError naming the key. */
  async read(name: string): Promise<ExecutionRecord | undefined> {
    try {
      return (await getJson(this.#objects, executionRecordKey(name), ExecutionRecordSchema)).value;
    } catch (error) {
      if (error instanceof ObjectNotFoundError) return undefined;
      throw error;
    }
  }

  async write(record: ExecutionRecord): Promise<void> {
    await putJson(this.#objects, executionRecordKey(record.name), ExecutionRecordSchema.parse(record));
  }
}
