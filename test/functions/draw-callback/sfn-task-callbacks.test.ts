import 'aws-sdk-client-mock-vitest/extend';
import {
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  SFNClient,
  SFNServiceException,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SfnTaskCallbacks } from '../../../functions/draw-callback/sfn-task-callbacks.js';
import { TransientError } from '../../../functions/shared/pipeline-errors.js';

const sfn = mockClient(SFNClient);
const callbacks = new SfnTaskCallbacks(new SFNClient({ region: 'us-east-1', maxAttempts: 1 }));

describe('SfnTaskCallbacks', () => {
  beforeEach(() => sfn.reset());

  it('sends success with the output as JSON, failures bounded, heartbeats', async () => {
    // Prepare
    sfn.on(SendTaskSuccessCommand).resolves({});
    sfn.on(SendTaskFailureCommand).resolves({});
    sfn.on(SendTaskHeartbeatCommand).resolves({});

    // Act
    const outcomes = [
      await callbacks.success('t1', { seed: 7 }),
      await callbacks.failure('t2', 'E'.repeat(300), 'cause'),
      await callbacks.heartbeat('t3'),
    ];

    // Assess
    expect(outcomes).toEqual(['sent', 'sent', 'sent']);
    expect(sfn).toHaveReceivedCommandWith(SendTaskSuccessCommand, { taskToken: 't1', output: '{"seed":7}' });
    expect(sfn).toHaveReceivedCommandWith(SendTaskFailureCommand, {
      taskToken: 't2',
      error: 'E'.repeat(256),
      cause: 'cause',
    });
    expect(sfn).toHaveReceivedCommandWith(SendTaskHeartbeatCommand, { taskToken: 't3' });
  });

  it('reports a task that no longer waits as closed, and throttling as transient', async () => {
    sfn.on(SendTaskSuccessCommand).rejects(new TaskTimedOut({ message: 'Task Timed Out', $metadata: {} }));
    await expect(callbacks.success('t', {})).resolves.toBe('closed');
    sfn.on(SendTaskHeartbeatCommand).rejects(
      new SFNServiceException({
        name: 'ThrottlingException',
        $fault: 'client',
        $metadata: { httpStatusCode: 400 },
        message: 'slow',
      }),
    );
    await expect(callbacks.heartbeat('t')).rejects.toThrow(TransientError);
  });
});
