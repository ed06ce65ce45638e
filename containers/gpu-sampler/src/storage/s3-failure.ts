/** Reads the outcome of a failed S3 call: the error code and HTTP status the SDK attached. */

export interface S3Failure {
  /** S3's error code ("NoSuchKey", "AccessDenied", ...) or the error's name. */
  readonly code: string;
  readonly status: number | undefined;
  readonly message: string;
}

export function s3Failure(error: unknown): S3Failure {
  const e = error as {
    name?: unknown;
    Code?: unknown;
    message?: unknown;
    $metadata?: { httpStatusCode?: number };
  };
  const code = typeof e?.Code === 'string' ? e.Code : typeof e?.name === 'string' ? e.name : 'Error';
  const message = typeof e?.message === 'string' && e.message ? e.message : String(error);
  return { code, status: e?.$metadata?.httpStatusCode, message };
}

/** True when the SDK call ended because our AbortSignal fired. */
export function isAbort(error: unknown, signal?: AbortSignal): boolean {
  return signal?.aborted === true || (error as { name?: unknown })?.name === 'AbortError';
}
