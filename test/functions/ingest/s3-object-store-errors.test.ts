/**
 * Error mapping of the S3 adapter, against a mocked client answering like S3 proper.
 */
import 'aws-sdk-client-mock-vitest/extend';
import {
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import {
  PreconditionFailedError,
  StorageError,
  TransientError,
} from '../../../functions/shared/pipeline-errors.js';
import { S3ObjectStore, toStorageError } from '../../../functions/shared/s3-object-store.js';

function serviceError(name: string, status: number) {
  return new S3ServiceException({
    name,
    $fault: status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: status },
    message: name,
  });
}

describe('S3ObjectStore error mapping (S3 proper)', () => {
  const s3 = mockClient(S3Client);
  const store = new S3ObjectStore({
    client: new S3Client({ region: 'us-east-1', maxAttempts: 1 }),
    bucket: 'tbd',
  });

  it('sends conditional writes and maps 412 to PreconditionFailedError', async () => {
    s3.reset();
    s3.on(PutObjectCommand).rejects(serviceError('PreconditionFailed', 412));
    await expect(store.put('k', 'v', { ifNoneMatch: '*' })).rejects.toThrow(PreconditionFailedError);
    expect(s3).toHaveReceivedCommandWith(PutObjectCommand, { Bucket: 'tbd', Key: 'k', IfNoneMatch: '*' });
  });

  it('maps 404, throttling, 5xx and access errors', async () => {
    s3.reset();
    s3.on(HeadObjectCommand).rejects(serviceError('NotFound', 404));
    s3.on(GetObjectCommand).rejects(serviceError('SlowDown', 503));
    expect(await store.head('k')).toBeUndefined();
    await expect(store.get('k')).rejects.toThrow(TransientError);
    expect(toStorageError(serviceError('AccessDenied', 403), 'GetObject', 'k')).toBeInstanceOf(StorageError);
    expect(toStorageError(serviceError('ConditionalRequestConflict', 409), 'PutObject', 'k')).toBeInstanceOf(
      PreconditionFailedError,
    );
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    expect(toStorageError(reset, 'GetObject', 'k')).toBeInstanceOf(TransientError);
  });
});
