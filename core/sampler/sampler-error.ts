/**
 * Errors of the sampler module. Step Functions Retry/Catch match on `name`.
 */
export class SamplerError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SamplerError';
  }
}
