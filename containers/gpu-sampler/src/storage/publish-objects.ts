/**
 * Writes a set of outputs so that none of them is ever visible half-written, and the set is
 * visible whole or (after a failure) not at all.
 *
 * Why not a temporary key then CopyObject: a single PutObject is already atomic in S3 (a reader
 * sees the previous object or the complete new one, never a prefix of the bytes; a failed or
 * aborted PUT stores nothing), so a temporary copy adds no atomicity. It does add harm: the
 * `.partial-*` object is itself visible in listings and fires bucket notifications under the
 * output prefix, a crash between the steps leaves it behind, CopyObject stops at 5 GB, and every
 * byte is written twice. So each file is one PutObject carrying its Content-MD5 (S3 refuses a
 * body that does not match it), the files are written one at a time with the primary output last
 * (the commit point: whoever waits for `video.mp4` finds its companions already there), and if a
 * write fails or the job is aborted, the keys already written are deleted before the error is
 * rethrown.
 */
import { createHash } from 'node:crypto';
import { DeleteObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { ObjectAccessError, ObjectWriteError, StorageError } from './errors.js';
import { isAbort, s3Failure } from './s3-failure.js';
import { formatS3Uri, type S3Location } from './s3-uri.js';

export interface OutputObject {
  readonly location: S3Location;
  readonly body: Uint8Array;
  readonly contentType: string;
  /** What it is, for messages ("video.mp4"). */
  readonly label?: string;
}

export interface PublishOptions {
  /** Aborting stops the remaining writes and rolls back the ones done. */
  readonly signal?: AbortSignal;
  /** Told about rollback deletions that failed (the error is not raised: the write's error is). */
  readonly onRollbackFailure?: (uri: string, error: unknown) => void;
}

/**
 * Writes `objects` in order (put the commit point last).
 * @throws ObjectWriteError | ObjectAccessError, or the signal's reason; nothing stays written then
 */
export async function publishObjects(
  client: S3Client,
  objects: readonly OutputObject[],
  options: PublishOptions = {},
): Promise<void> {
  const { signal } = options;
  const attempted: S3Location[] = [];
  try {
    for (const object of objects) {
      signal?.throwIfAborted();
      attempted.push(object.location);
      await putObject(client, object, signal);
    }
    // An abort that lands after the last write still fails the job: roll back to stay consistent.
    signal?.throwIfAborted();
  } catch (error) {
    await rollback(client, attempted, options.onRollbackFailure);
    throw error;
  }
}

/**
 * One PutObject with its Content-MD5 (also the progress document's write, progress-writer.ts).
 * @throws ObjectWriteError | ObjectAccessError, or the signal's reason
 */
export async function putObject(client: S3Client, object: OutputObject, signal?: AbortSignal): Promise<void> {
  const { location, body, contentType, label } = object;
  try {
    await client.send(
      new PutObjectCommand({
        Bucket: location.bucket,
        Key: location.key,
        Body: body,
        ContentLength: body.byteLength,
        ContentType: contentType,
        ContentMD5: createHash('md5').update(body).digest('base64'),
      }),
      { abortSignal: signal },
    );
  } catch (error) {
    if (isAbort(error, signal)) throw signal?.reason ?? error;
    if (error instanceof StorageError) throw error;
    const uri = formatS3Uri(location);
    const failure = s3Failure(error);
    if (failure.code === 'AccessDenied' || failure.status === 403) {
      throw new ObjectAccessError(uri, 'write', { cause: error, label });
    }
    throw new ObjectWriteError(uri, `${failure.code}: ${failure.message}`, { cause: error, label });
  }
}

/** Deletes what may have been written (deleting a key that was never written is a no-op in S3). */
async function rollback(
  client: S3Client,
  locations: readonly S3Location[],
  onFailure?: (uri: string, error: unknown) => void,
): Promise<void> {
  await Promise.all(
    locations.map(async (location) => {
      try {
        await client.send(new DeleteObjectCommand({ Bucket: location.bucket, Key: location.key }));
      } catch (error) {
        onFailure?.(formatS3Uri(location), error);
      }
    }),
  );
}
