/** Errors of the denoiser adapter; Step Functions Retry/Catch match on `name`. */

export class DenoiserError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DenoiserError';
  }
}

/** model.json is missing, unreadable, invalid, or does not match its ONNX file. */
export class ModelSpecError extends DenoiserError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ModelSpecError';
  }
}

/** A denoise call's arrays do not match the batch shape or the model's channels. */
export class ModelInputError extends DenoiserError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ModelInputError';
  }
}
