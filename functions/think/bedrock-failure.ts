/**
 * Maps whatever a Converse call threw (SDK service exceptions, credential and region errors,
 * socket errors, our own timeout) onto a `BedrockUnavailableError` with a coarse kind.
 */
import { type BedrockFailureKind, BedrockUnavailableError } from './errors.js';

/** SDK error names (`error.name`) by kind; anything unlisted counts as a service error. */
const KIND_BY_NAME: Readonly<Record<string, BedrockFailureKind>> = {
  ThrottlingException: 'throttled',
  ServiceQuotaExceededException: 'throttled',
  TooManyRequestsException: 'throttled',
  ModelTimeoutException: 'timeout',
  TimeoutError: 'timeout',
  RequestTimeout: 'timeout',
  RequestTimeoutException: 'timeout',
  InternalServerException: 'service',
  ServiceUnavailableException: 'service',
  ModelNotReadyException: 'service',
  ModelErrorException: 'service',
  AccessDeniedException: 'access',
  UnrecognizedClientException: 'access',
  ExpiredTokenException: 'access',
  CredentialsProviderError: 'access',
  ValidationException: 'configuration',
  ResourceNotFoundException: 'configuration',
};

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EPIPE']);

const NETWORK_MESSAGE = new RegExp(`\\b(${[...NETWORK_CODES].join('|')})\\b`);

function kindOf(error: unknown): BedrockFailureKind {
  if (!(error instanceof Error)) return 'service';
  const byName = KIND_BY_NAME[error.name];
  if (byName) return byName;
  if (/region is missing/i.test(error.message)) return 'configuration';
  // Socket errors arrive wrapped ("The pending stream has been canceled (caused by: connect ECONNREFUSED …)").
  for (
    let cause: unknown = error, depth = 0;
    cause instanceof Error && depth < 5;
    cause = cause.cause, depth++
  ) {
    const code = (cause as { code?: unknown }).code;
    if ((typeof code === 'string' && NETWORK_CODES.has(code)) || NETWORK_MESSAGE.test(cause.message))
      return 'network';
  }
  return 'service';
}

/**
 * @param timeoutMs set when our own per-call timeout fired (the error is then the abort reason).
 */
export function toBedrockUnavailable(
  error: unknown,
  modelId: string,
  timeoutMs?: number,
): BedrockUnavailableError {
  if (timeoutMs !== undefined) {
    return new BedrockUnavailableError('timeout', `no reply within ${timeoutMs} ms`, modelId, {
      cause: error,
    });
  }
  const name = error instanceof Error ? error.name : typeof error;
  const message = error instanceof Error ? error.message : String(error);
  return new BedrockUnavailableError(kindOf(error), `${name}: ${message}`, modelId, { cause: error });
}
