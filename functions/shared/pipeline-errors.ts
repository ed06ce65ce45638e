/**
 * Errors shared by the pipeline's handlers. The state machine retries `TransientError` (with the
 * Lambda service's own transient errors) and sends everything else to the failure path, so an
 * adapter maps what it knows to be temporary (throttling, 5xx, dropped connections) onto it.
 *
 * - `TransientError`           retry later: the same call may well succeed
 * - `StorageError`             base of the object store's other failures (access denied, ...)
 *   - `ObjectNotFoundError`    no object at the key
 *   - `PreconditionFailedError` a conditional write lost (the object exists, or changed)
 */

export class TransientError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'TransientError';
  }
}

export class StorageError extends Error {
  readonly key: string | undefined;

  constructor(message: string, key?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'StorageError';
    this.key = key;
  }
}

export class ObjectNotFoundError extends StorageError {
  constructor(key: string, options?: ErrorOptions) {
    super(`no object at ${key}`, key, options);
    this.name = 'ObjectNotFoundError';
  }
}

export class PreconditionFailedError extends StorageError {
  constructor(key: string, condition: string, options?: ErrorOptions) {
    super(`conditional write of ${key} failed (${condition})`, key, options);
    this.name = 'PreconditionFailedError';
  }
}
