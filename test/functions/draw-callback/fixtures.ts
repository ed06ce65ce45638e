/**
 * Draw-callback test doubles: recorded Step Functions callbacks, pending token records, SageMaker
 * notifications wrapped by SNS, and an in-memory URI reader.
 */

import type { CallbackOutcome, TaskCallbacks } from '../../../functions/draw-callback/task-callbacks.js';
import type { UriReader } from '../../../functions/draw-callback/uri-reader.js';
import { MemoryObjectStore } from '../../../functions/shared/memory-object-store.js';
import { TaskTokenStore } from '../../../functions/shared/task-token-store.js';

export type Sent =
  | { kind: 'success'; token: string; output: unknown }
  | { kind: 'failure'; token: string; error: string; cause: string }
  | { kind: 'heartbeat'; token: string };

export class RecordingCallbacks implements TaskCallbacks {
  readonly sent: Sent[] = [];
  /** Tokens whose task no longer waits. */
  readonly closed = new Set<string>();

  async success(token: string, output: unknown): Promise<CallbackOutcome> {
    this.sent.push({ kind: 'success', token, output });
    return this.closed.has(token) ? 'closed' : 'sent';
  }

  async failure(token: string, error: string, cause: string): Promise<CallbackOutcome> {
    this.sent.push({ kind: 'failure', token, error, cause });
    return this.closed.has(token) ? 'closed' : 'sent';
  }

  async heartbeat(token: string): Promise<CallbackOutcome> {
    this.sent.push({ kind: 'heartbeat', token });
    return this.closed.has(token) ? 'closed' : 'sent';
  }
}

/** Objects by URI. */
export class UriObjects {
  readonly objects = new Map<string, Uint8Array>();

  put(uri: string, value: unknown): void {
    this.objects.set(
      uri,
      new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value)),
    );
  }

  readonly read: UriReader = async (uri) => this.objects.get(uri);
}

export const SUBMITTED = new Date('2025-03-01T12:00:00.000Z');

export async function pendingTokens(...ids: string[]): Promise<TaskTokenStore> {
  const tokens = new TaskTokenStore(new MemoryObjectStore('tbd'));
  for (const id of ids) {
    await tokens.put({
      schemaVersion: 1,
      inferenceId: id,
      jobId: `job-${id}`,
      taskToken: `token-${id}`,
      requestKey: `jobs/job-${id}/draw-request.json`,
      submittedAt: SUBMITTED.toISOString(),
      expiresAt: new Date(SUBMITTED.getTime() + 3_600_000).toISOString(),
      outputLocation: `s3://tbd/async/out/${id}.out`,
      failureLocation: `s3://tbd/async/failed/${id}.out`,
    });
  }
  return tokens;
}

export function completed(id: string) {
  return {
    awsRegion: 'us-east-1',
    eventTime: '2025-03-01T12:05:00.000Z',
    receivedTime: '2025-03-01T12:00:00.000Z',
    invocationStatus: 'Completed',
    requestParameters: {
      contentType: 'application/json',
      endpointName: 'tbd-sampler',
      inputLocation: 's3://tbd/x',
    },
    responseParameters: { contentType: 'application/json', outputLocation: `s3://tbd/async/out/${id}.out` },
    inferenceId: id,
    eventVersion: '1.0',
    eventSource: 'aws:sagemaker',
    eventName: 'InferenceResult',
  };
}

export function failed(id: string, failureLocation?: string) {
  return {
    awsRegion: 'us-east-1',
    eventTime: '2025-03-01T12:05:00.000Z',
    invocationStatus: 'Failed',
    failureReason: 'ClientError: Received server error (422) from model. See the SageMaker Endpoint logs.',
    responseParameters: failureLocation ? { contentType: 'application/json', failureLocation } : {},
    inferenceId: id,
    eventVersion: '1.0',
    eventSource: 'aws:sagemaker',
    eventName: 'InferenceResult',
  };
}

/** The notifications as SNS delivers them to Lambda. */
export function snsEvent(...messages: unknown[]) {
  return {
    Records: messages.map((message, i) => ({
      EventSource: 'aws:sns',
      EventVersion: '1.0',
      Sns: { Type: 'Notification', MessageId: `m-${i}`, Message: JSON.stringify(message) },
    })),
  };
}
