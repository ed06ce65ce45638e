import 'aws-sdk-client-mock-vitest/extend';
import {
  InvokeEndpointAsyncCommand,
  SageMakerRuntimeClient,
  SageMakerRuntimeServiceException,
} from '@aws-sdk/client-sagemaker-runtime';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { InferenceError } from '../../../functions/draw-submit/errors.js';
import { SageMakerInference } from '../../../functions/draw-submit/sagemaker-inference.js';
import { TransientError } from '../../../functions/shared/pipeline-errors.js';

const sm = mockClient(SageMakerRuntimeClient);

function serviceError(name: string, status: number) {
  return new SageMakerRuntimeServiceException({
    name,
    $fault: status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: status },
    message: name,
  });
}

describe('SageMakerInference', () => {
  beforeEach(() => sm.reset());
  const inference = new SageMakerInference({
    client: new SageMakerRuntimeClient({ region: 'us-east-1', maxAttempts: 1 }),
    endpointName: 'tbd-sampler',
    requestTtlSeconds: 1800,
  });

  it('submits the stored request by location with our inference id and limits', async () => {
    // Prepare
    sm.on(InvokeEndpointAsyncCommand).resolves({
      InferenceId: 'tbd-1',
      OutputLocation: 's3://tbd/async/out/1.out',
    });

    // Act
    const receipt = await inference.submit({
      inferenceId: 'tbd-1',
      inputLocation: 's3://tbd/jobs/j/draw-request.json',
    });

    // Assess
    expect(receipt).toEqual({
      inferenceId: 'tbd-1',
      outputLocation: 's3://tbd/async/out/1.out',
      failureLocation: undefined,
    });
    expect(sm).toHaveReceivedCommandWith(InvokeEndpointAsyncCommand, {
      EndpointName: 'tbd-sampler',
      InputLocation: 's3://tbd/jobs/j/draw-request.json',
      InferenceId: 'tbd-1',
      ContentType: 'application/json',
      RequestTTLSeconds: 1800,
      InvocationTimeoutSeconds: 900,
    });
    expect(inference.deadlineSeconds).toBe(2700);
  });

  it('maps service outages to TransientError and refusals to InferenceError', async () => {
    sm.on(InvokeEndpointAsyncCommand).rejects(serviceError('ServiceUnavailable', 503));
    await expect(inference.submit({ inferenceId: 'a', inputLocation: 's3://tbd/k' })).rejects.toThrow(
      TransientError,
    );
    sm.on(InvokeEndpointAsyncCommand).rejects(serviceError('ValidationError', 400));
    await expect(inference.submit({ inferenceId: 'a', inputLocation: 's3://tbd/k' })).rejects.toThrow(
      InferenceError,
    );
  });
});
