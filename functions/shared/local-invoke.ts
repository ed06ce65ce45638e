/**
 * Runs a Lambda handler in-process, as the local stack does for every Task of the state machine
 * (`aws-local-stepfunctions` calls `taskResourceLocalHandlers[state](input)` without a context).
 */

/** The fields of a Lambda context that middy and Powertools read. */
export interface LocalLambdaContext {
  readonly functionName: string;
  readonly functionVersion: string;
  readonly invokedFunctionArn: string;
  readonly memoryLimitInMB: string;
  readonly awsRequestId: string;
  readonly logGroupName: string;
  readonly logStreamName: string;
  callbackWaitsForEmptyEventLoop: boolean;
  getRemainingTimeInMillis(): number;
  done(): void;
  fail(): void;
  succeed(): void;
}

export const LOCAL_INVOKE_DEFAULTS = {
  /** Time left reported to the handler, in ms. @default 900000 (Lambda's 15-minute maximum) */
  remainingTimeMs: 900_000,
} as const;

let invocations = 0;

export function localLambdaContext(functionName: string): LocalLambdaContext {
  invocations += 1;
  return {
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: `local-${process.pid}-${invocations}`,
    logGroupName: `/local/${functionName}`,
    logStreamName: 'local',
    callbackWaitsForEmptyEventLoop: false,
    getRemainingTimeInMillis: () => LOCAL_INVOKE_DEFAULTS.remainingTimeMs,
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}

/** A handler `(event, context)` as a one-argument local task. */
export function toLocalTask<TResult>(
  handler: (event: never, context: never) => Promise<TResult>,
  functionName: string,
): (input: unknown) => Promise<TResult> {
  const call = handler as unknown as (event: unknown, context: LocalLambdaContext) => Promise<TResult>;
  return (input) => call(input, localLambdaContext(functionName));
}
