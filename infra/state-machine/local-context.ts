/**
 * What the local stack needs besides the handlers to run the definition with
 * aws-local-stepfunctions: ARNs that pass its validation (the Tasks are overridden, nothing is
 * called) and a Context Object with `Task.Token`, which the Draw state's Parameters read
 * (`$$.Task.Token`) and which that library does not provide.
 */
import { PIPELINE_DEFAULTS, type PipelineSubstitutions } from './pipeline-states.js';

/** Placeholder token in local runs: the local Draw handler answers synchronously. */
export const LOCAL_TASK_TOKEN = 'local-no-task-token';

const localArn = (name: string): string => `arn:aws:lambda:us-east-1:000000000000:function:tbd-local-${name}`;

export const LOCAL_SUBSTITUTIONS: PipelineSubstitutions = {
  ThinkFunctionArn: localArn('think'),
  DrawSubmitFunctionArn: localArn('draw-submit'),
  PublishFunctionArn: localArn('publish'),
  PublishFailureFunctionArn: localArn('publish-failure'),
  ...PIPELINE_DEFAULTS,
};

export interface LocalExecution {
  /** The execution name: the job id. */
  readonly name: string;
  readonly input: unknown;
  /** @default new Date() */
  readonly startTime?: Date;
}

/** The Context Object for one local execution (`run(input, { context })`). */
export function localContext(execution: LocalExecution) {
  return {
    Execution: {
      Id: `arn:aws:states:us-east-1:000000000000:execution:tbd-local-pipeline:${execution.name}`,
      Name: execution.name,
      Input: execution.input as never,
      StartTime: (execution.startTime ?? new Date()).toISOString(),
    },
    StateMachine: {
      Id: 'arn:aws:states:us-east-1:000000000000:stateMachine:tbd-local-pipeline',
      Name: 'tbd-local-pipeline',
    },
    Task: { Token: LOCAL_TASK_TOKEN },
  };
}
