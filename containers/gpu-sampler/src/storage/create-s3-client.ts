/**
 * The S3 client of the container, configured from the environment so that one image talks to AWS
 * or to any S3 API (s3rver, MinIO, LocalStack):
 *
 * - `AWS_ENDPOINT_URL_S3` (the SDK's own name) or `S3_ENDPOINT`: a custom endpoint. With one,
 *   path-style addressing is on (`S3_FORCE_PATH_STYLE=false` turns it off) and checksums are sent
 *   only when an operation requires them: s3rver would otherwise store the aws-chunked framing
 *   bytes inside the objects.
 * - `AWS_REGION` / `AWS_DEFAULT_REGION`: the region (a custom endpoint defaults to us-east-1).
 * - Credentials: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (/ AWS_SESSION_TOKEN) of the given
 *   environment when set (it need not be process.env), else the SDK's default chain (the SageMaker
 *   execution role in the cloud); with a custom endpoint and no credentials at all, s3rver's pair.
 */
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';

export const S3_CLIENT_DEFAULTS = {
  /** Region for a custom endpoint when none is set. @default 'us-east-1' */
  localRegion: 'us-east-1',
  /** Credentials for a custom endpoint when the environment has none: s3rver's. @default S3RVER/S3RVER */
  localCredentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  /** Attempts per S3 call, with the SDK's backoff between them. @default 3 */
  maxAttempts: 3,
} as const;

/** Variables by which the SDK's default chain finds credentials without a custom default. */
const CREDENTIAL_VARIABLES = [
  'AWS_ACCESS_KEY_ID',
  'AWS_PROFILE',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
] as const;

/** The client configuration the environment describes (exported for tests and for logging). */
export function s3ClientConfig(env: NodeJS.ProcessEnv = process.env): S3ClientConfig {
  const endpoint = env.AWS_ENDPOINT_URL_S3 || env.S3_ENDPOINT || undefined;
  const region = env.AWS_REGION || env.AWS_DEFAULT_REGION || undefined;
  const config: S3ClientConfig = { maxAttempts: S3_CLIENT_DEFAULTS.maxAttempts };
  if (region) config.region = region;
  if (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) {
    config.credentials = {
      accessKeyId: env.AWS_ACCESS_KEY_ID,
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
      ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
    };
  }
  if (!endpoint) return config;
  config.endpoint = endpoint;
  config.region ??= S3_CLIENT_DEFAULTS.localRegion;
  config.forcePathStyle = env.S3_FORCE_PATH_STYLE !== 'false';
  config.requestChecksumCalculation = 'WHEN_REQUIRED';
  config.responseChecksumValidation = 'WHEN_REQUIRED';
  if (!config.credentials && !CREDENTIAL_VARIABLES.some((name) => env[name])) {
    config.credentials = { ...S3_CLIENT_DEFAULTS.localCredentials };
  }
  return config;
}

export function createS3Client(env: NodeJS.ProcessEnv = process.env): S3Client {
  return new S3Client(s3ClientConfig(env));
}
