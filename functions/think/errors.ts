/**
 * Named errors of the think function. Step Functions' Retry/Catch match on `error.name`, so the
 * names are part of the contract: rename none of them.
 *
 * - `ThinkError`               base of everything below
 * - `ThinkInputError`          the Lambda event does not match the schema (lists the fields)
 * - `BedrockReasonerError`     base of the Bedrock adapter's errors
 *   - `BedrockUnavailableError` the Converse call failed (throttling, timeout, service, access)
 *   - `BedrockOutputError`      the model's tool input stayed invalid after the repair turn
 */

/** One problem in an untrusted input, with a dotted path ("options.reasoner"). */
export interface FieldIssue {
  readonly path: string;
  readonly message: string;
}

export class ThinkError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ThinkError';
  }
}

export class ThinkInputError extends ThinkError {
  readonly issues: readonly FieldIssue[];

  constructor(issues: readonly FieldIssue[], options?: ErrorOptions) {
    const fields = issues.map((issue) => `${issue.path || '(event)'}: ${issue.message}`).join('; ');
    super(`invalid think event: ${fields}`, options);
    this.name = 'ThinkInputError';
    this.issues = issues;
  }
}

export class BedrockReasonerError extends ThinkError {
  readonly modelId: string;

  constructor(message: string, modelId: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'BedrockReasonerError';
    this.modelId = modelId;
  }
}

/** Why a Converse call failed, coarse enough to alarm on. */
export type BedrockFailureKind = 'throttled' | 'timeout' | 'service' | 'access' | 'configuration' | 'network';

export class BedrockUnavailableError extends BedrockReasonerError {
  readonly kind: BedrockFailureKind;
  /** What failed, e.g. "ThrottlingException: Rate exceeded". */
  readonly detail: string;

  constructor(kind: BedrockFailureKind, detail: string, modelId: string, options?: ErrorOptions) {
    super(`Bedrock model ${modelId} unavailable (${kind}): ${detail}`, modelId, options);
    this.name = 'BedrockUnavailableError';
    this.kind = kind;
    this.detail = detail;
  }
}

export class BedrockOutputError extends BedrockReasonerError {
  /** Validation messages of the last attempt. */
  readonly issues: readonly string[];

  constructor(issues: readonly string[], modelId: string, options?: ErrorOptions) {
    super(`Bedrock model ${modelId} returned an invalid plan: ${issues.join('; ')}`, modelId, options);
    this.name = 'BedrockOutputError';
    this.issues = issues;
  }
}
