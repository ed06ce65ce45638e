/**
 * Names of the pipeline definition's states and placeholders: the keys of the local stack's
 * `taskResourceLocalHandlers`, and what the CDK stack substitutes.
 */

/** Task states, by role. */
export const PIPELINE_TASKS = {
  think: 'Think',
  draw: 'Draw',
  publish: 'Publish',
  recordFailure: 'RecordFailure',
} as const;

export type PipelineTask = (typeof PIPELINE_TASKS)[keyof typeof PIPELINE_TASKS];

/**
 * Error names the definition itself ends an execution with (its Fail states).
 * - `failureNotRecorded`: RecordFailure gave up (storage out past its Retry, or a non-transient
 *   error): the job failed, but its status record may still show the stage it was in. A reader
 *   finding the execution FAILED with this name shows the job as failed; the cause holds the
 *   job's error (`{"Error":…,"Cause":…}`) and the recording error.
 */
export const PIPELINE_ERRORS = {
  failureNotRecorded: 'FailureNotRecordedError',
} as const;

/** ARN placeholders (strings; may be left for CloudFormation's DefinitionSubstitutions). */
export const ARN_PLACEHOLDERS = [
  'ThinkFunctionArn',
  'DrawSubmitFunctionArn',
  'PublishFunctionArn',
  'PublishFailureFunctionArn',
] as const;

/** Numeric placeholders (whole-value: `"${DrawTimeoutSeconds}"` becomes a JSON number). */
export const NUMBER_PLACEHOLDERS = ['DrawTimeoutSeconds', 'DrawHeartbeatSeconds'] as const;

export type ArnPlaceholder = (typeof ARN_PLACEHOLDERS)[number];
export type NumberPlaceholder = (typeof NUMBER_PLACEHOLDERS)[number];

export type PipelineSubstitutions = { readonly [K in ArnPlaceholder]: string } & {
  readonly [K in NumberPlaceholder]: number;
};

export const PIPELINE_DEFAULTS = {
  /**
   * The Draw task's limit: the endpoint's queue TTL (3600) + invocation timeout (900) + slack
   * for scale-up from zero and the notification. @default 5400
   */
  DrawTimeoutSeconds: 5400,
  /** Without a heartbeat from the draw sweep for this long, the Draw task fails. @default 600 */
  DrawHeartbeatSeconds: 600,
} as const satisfies { readonly [K in NumberPlaceholder]: number };
