/**
 * `AsyncInference` over SageMaker's InvokeEndpointAsync. Throttling, 5xx and SageMaker's
 * `ServiceUnavailable` / `InternalFailure` become TransientError (the Draw state retries them);
 * other refusals (a missing endpoint, validation) are an InferenceError.
 */
import { InvokeEndpointAsyncCommand, type SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { TransientError } from '../shared/pipeline-errors.js';
import type { AsyncInference, AsyncInferenceReceipt, AsyncInferenceRequest } from './async-inference.js';
import { InferenceError } from './errors.js';

export const SAGEMAKER_INFERENCE_DEFAULTS = {
  /** How long a request may wait in the endpoint's queue (scale-up from zero included). @default 3600 */
  requestTtlSeconds: 3600,
  /** How long the container may work on one request. @default 900 */
  invocationTimeoutSeconds: 900,
} as const;

const TRANSIENT = new Set(['ServiceUnavailable', 'InternalFailure', 'ThrottlingException', 'TimeoutError']);

export interface SageMakerInferenceProps {
  readonly client: SageMakerRuntimeClient;
  readonly endpointName: string;
  /** @default SAGEMAKER_INFERENCE_DEFAULTS.requestTtlSeconds */
  readonly requestTtlSeconds?: number;
  /** @default SAGEMAKER_INFERENCE_DEFAULTS.invocationTimeoutSeconds */
  readonly invocationTimeoutSeconds?: number;
}

export class SageMakerInference implements AsyncInference {
  readonly #props: SageMakerInferenceProps;

  constructor(props: SageMakerInferenceProps) {
    this.#props = props;
  }

  /** Seconds after submission past which no answer can come any more. */
  get deadlineSeconds(): number {
    return (
      (this.#props.requestTtlSeconds ?? SAGEMAKER_INFERENCE_DEFAULTS.requestTtlSeconds) +
      (this.#props.invocationTimeoutSeconds ?? SAGEMAKER_INFERENCE_DEFAULTS.invocationTimeoutSeconds)
    );
  }

  async submit(request: AsyncInferenceRequest): Promise<AsyncInferenceReceipt> {
    try {
      const out = await this.#props.client.send(
        new InvokeEndpointAsyncCommand({
          EndpointName: this.#props.endpointName,
          InputLocation: request.inputLocation,
          InferenceId: request.inferenceId,
          ContentType: 'application/json',
          Accept: 'application/json',
          RequestTTLSeconds: this.#props.requestTtlSeconds ?? SAGEMAKER_INFERENCE_DEFAULTS.requestTtlSeconds,
          InvocationTimeoutSeconds:
            this.#props.invocationTimeoutSeconds ?? SAGEMAKER_INFERENCE_DEFAULTS.invocationTimeoutSeconds,
        }),
      );
      return {
        inferenceId: out.InferenceId ?? request.inferenceId,
        outputLocation: out.OutputLocation,
        failureLocation: out.FailureLocation,
      };
    } catch (error) {
      const err = error instanceof Error ? error : new Error(String(error));
      const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode ?? 0;
      const message = `InvokeEndpointAsync ${this.#props.endpointName}: ${err.name}: ${err.message}`;
      if (TRANSIENT.has(err.name) || status >= 500 || status === 429)
        throw new TransientError(message, { cause: err });
      throw new InferenceError(message, { cause: err });
    }
  }
}
