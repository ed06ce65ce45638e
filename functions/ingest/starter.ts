/**
 * The port that starts a pipeline execution. In AWS: StartExecution (sfn-starter.ts). Locally:
 * the local stack's starter running the same definition with aws-local-stepfunctions.
 *
 * Contract: `name` is the job id, and starting a name a second time starts nothing and resolves
 * `{ started: false }` (Step Functions refuses a duplicate execution name: one more idempotency
 * guard besides the status record).
 */
import type { PipelineInput } from '../../core/jobs/pipeline-input.js';

export interface StartRequest {
  /** The execution name: the job id. */
  readonly name: string;
  readonly input: PipelineInput;
}

export interface StartResult {
  readonly started: boolean;
  /** The execution's ARN in AWS, an id locally. */
  readonly executionId: string;
}

export interface ExecutionStarter {
  start(request: StartRequest): Promise<StartResult>;
}
