/**
 * The presigning port: browser-style uploads (S3 POST policies) and time-limited downloads.
 * Adapters: s3-presigner.ts (any S3 API: AWS, or the local stack's s3rver, whose endpoint then
 * appears in the URLs) and memory-presigner.ts (tests).
 */
import type { PresignedPost } from '../../core/contracts/api.js';

export interface UploadFormRequest {
  readonly key: string;
  /** The exact Content-Type the upload must send (a policy condition). */
  readonly contentType: string;
  /** Largest upload accepted, in bytes (the policy's content-length-range is 1..maxBytes). */
  readonly maxBytes: number;
  readonly expiresInSec: number;
}

export interface DownloadUrlRequest {
  readonly key: string;
  readonly expiresInSec: number;
}

export interface Presigner {
  uploadForm(request: UploadFormRequest): Promise<PresignedPost>;
  downloadUrl(request: DownloadUrlRequest): Promise<string>;
}
