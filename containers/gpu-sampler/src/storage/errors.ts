/**
 * Named errors of the S3 adapter. Step Functions Retry/Catch and the HTTP layer match on `name`.
 *
 * - `StorageError`          base of everything below
 *   - `S3UriError`          a string is not an `s3://bucket/key` URI (client fault)
 *   - `ObjectNotFoundError` no such key or bucket (client fault)
 *   - `ObjectTooLargeError` the object is over the size limit of what it is used for (client fault)
 *   - `ObjectAccessError`   S3 refused access (403): the bucket is not ours to read or write
 *   - `ObjectReadError`     any other failure to read (network, throttling, 5xx): retryable
 *   - `ObjectWriteError`    any failure to write: retryable
 *
 * `label` says what the object is for ("portrait", "audio", "plan", "video.mp4"); it is the
 * request field at fault for the client errors.
 */

export class StorageError extends Error {
  /** What the object is for, e.g. "portrait". */
  readonly label: string | undefined;

  constructor(message: string, options?: { cause?: unknown; label?: string }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'StorageError';
    this.label = options?.label;
  }
}

export class S3UriError extends StorageError {
  constructor(uri: string, detail: string, options?: { label?: string }) {
    super(`${options?.label ?? 'S3 URI'} "${uri}" ${detail}; expected s3://<bucket>/<key>`, options);
    this.name = 'S3UriError';
  }
}

export class ObjectNotFoundError extends StorageError {
  readonly uri: string;

  constructor(uri: string, what: 'key' | 'bucket', options?: { cause?: unknown; label?: string }) {
    super(
      `${options?.label ?? 'object'} ${uri} does not exist${what === 'bucket' ? ' (no such bucket)' : ''}`,
      options,
    );
    this.name = 'ObjectNotFoundError';
    this.uri = uri;
  }
}

export class ObjectTooLargeError extends StorageError {
  readonly uri: string;
  readonly bytes: number;
  readonly limitBytes: number;

  constructor(uri: string, bytes: number, limitBytes: number, options?: { label?: string }) {
    super(
      `${options?.label ?? 'object'} ${uri} is ${describeBytes(bytes)}, over the ${describeBytes(limitBytes)} limit`,
      options,
    );
    this.name = 'ObjectTooLargeError';
    this.uri = uri;
    this.bytes = bytes;
    this.limitBytes = limitBytes;
  }
}

export class ObjectAccessError extends StorageError {
  readonly uri: string;

  constructor(uri: string, action: 'read' | 'write', options?: { cause?: unknown; label?: string }) {
    super(`access denied: cannot ${action} ${options?.label ?? 'object'} ${uri}`, options);
    this.name = 'ObjectAccessError';
    this.uri = uri;
  }
}

export class ObjectReadError extends StorageError {
  readonly uri: string;

  constructor(uri: string, detail: string, options?: { cause?: unknown; label?: string }) {
    super(`cannot read ${options?.label ?? 'object'} ${uri}: ${detail}`, options);
    this.name = 'ObjectReadError';
    this.uri = uri;
  }
}

export class ObjectWriteError extends StorageError {
  readonly uri: string;

  constructor(uri: string, detail: string, options?: { cause?: unknown; label?: string }) {
    super(`cannot write ${options?.label ?? 'object'} ${uri}: ${detail}`, options);
    this.name = 'ObjectWriteError';
    this.uri = uri;
  }
}

/** "1.5 MB" (decimal units, as S3's console shows them) or "512 bytes". */
export function describeBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} bytes`;
  if (bytes < 1e6) return `${(bytes / 1e3).toFixed(1)} kB`;
  if (bytes < 1e9) return `${(bytes / 1e6).toFixed(1)} MB`;
  return `${(bytes / 1e9).toFixed(2)} GB`;
}
