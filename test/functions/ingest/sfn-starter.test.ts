import 'aws-sdk-client-mock-vitest/extend';
import {
  ExecutionAlreadyExists,
  SFNClient,
  SFNServiceException,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { StarterError } from '../../../functions/ingest/errors.js';
import { executionArnOf, SfnStarter } from '../../../functions/ingest/sfn-starter.js';
import { TransientError } from '../../../functions/shared/pipeline-errors.js';

const SM = 'arn:aws:states:eu-west-1:123456789012:stateMachine:tbd-pipeline';
const sfn = mockClient(SFNClient);
const input = {
  jobId: 'clip-abc',
  job: { name: 'clip' },
  emotion: 'calm',
  portraitKey: 'incoming/clip/p.png',
  audioKey: 'incoming/clip/s.wav',
  thinkOptions: {},
  drawOptions: {},
};

function serviceError(name: string, status: number) {
  return new SFNServiceException({
    name,
    $fault: status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: status },
    message: name,
  });
}

describe('SfnStarter', () => {
  beforeEach(() => sfn.reset());

  it('starts an execution named after the job with the input as JSON', async () => {
    // Prepare
    sfn.on(StartExecutionCommand).resolves({ executionArn: `${SM}:x`, startDate: new Date() });
    const starter = new SfnStarter({ client: new SFNClient({ region: 'eu-west-1' }), stateMachineArn: SM });

    // Act
    const result = await starter.start({ name: 'clip-abc', input });

    // Assess
    expect(result).toEqual({ started: true, executionId: `${SM}:x` });
    expect(sfn).toHaveReceivedCommandWith(StartExecutionCommand, {
      stateMachineArn: SM,
      name: 'clip-abc',
      input: JSON.stringify(input),
    });
  });

  it('reports a duplicate name as not started', async () => {
    sfn.on(StartExecutionCommand).rejects(new ExecutionAlreadyExists({ message: 'exists', $metadata: {} }));
    const starter = new SfnStarter({ client: new SFNClient({ region: 'eu-west-1' }), stateMachineArn: SM });
    await expect(starter.start({ name: 'clip-abc', input })).resolves.toEqual({
      started: false,
      executionId: 'arn:aws:states:eu-west-1:123456789012:execution:tbd-pipeline:clip-abc',
    });
    expect(executionArnOf(SM, 'n')).toBe('arn:aws:states:eu-west-1:123456789012:execution:tbd-pipeline:n');
  });

  it('maps throttling to TransientError and other refusals to StarterError', async () => {
    const starter = new SfnStarter({
      client: new SFNClient({ region: 'eu-west-1', maxAttempts: 1 }),
      stateMachineArn: SM,
    });
    sfn.on(StartExecutionCommand).rejects(serviceError('ThrottlingException', 400));
    await expect(starter.start({ name: 'a', input })).rejects.toThrow(TransientError);
    sfn.on(StartExecutionCommand).rejects(serviceError('StateMachineDoesNotExist', 400));
    await expect(starter.start({ name: 'a', input })).rejects.toThrow(StarterError);
  });
});
