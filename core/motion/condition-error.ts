/**
 * Errors of the motion-condition builder. Step Functions Retry/Catch match on `name`.
 */
export class ConditionError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ConditionError';
  }
}
