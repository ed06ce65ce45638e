/**
 * The port to the GPU sampler's asynchronous endpoint: submit the DrawRequest stored at
 * `inputLocation`; the answer comes later through the endpoint's SNS topics (draw-callback).
 */

export interface AsyncInferenceRequest {
  /** Chosen by us (inferenceIdFor(token)), so the token is stored before the call. */
  readonly inferenceId: string;
  /** `s3://<bucket>/jobs/<jobId>/draw-request.json`. */
  readonly inputLocation: string;
}

export interface AsyncInferenceReceipt {
  readonly inferenceId: string;
  /** Where the DrawResult will be written. */
  readonly outputLocation?: string;
  /** Where the error body will be written, if the endpoint has a failure path. */
  readonly failureLocation?: string;
}

export interface AsyncInference {
  submit(request: AsyncInferenceRequest): Promise<AsyncInferenceReceipt>;
}
