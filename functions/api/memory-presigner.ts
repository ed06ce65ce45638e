/**
 * `Presigner` for tests and in-process runs: deterministic `memory://` URLs that name the key,
 * the conditions and the expiry, and remember what was presigned.
 */
import type { PresignedPost } from '../../core/contracts/api.js';
import type { DownloadUrlRequest, Presigner, UploadFormRequest } from './presigner.js';

export class MemoryPresigner implements Presigner {
  readonly bucket: string;
  readonly uploads: UploadFormRequest[] = [];
  readonly downloads: DownloadUrlRequest[] = [];

  constructor(bucket = 'tbd') {
    this.bucket = bucket;
  }

  async uploadForm(request: UploadFormRequest): Promise<PresignedPost> {
    this.uploads.push(request);
    return {
      url: `memory://${this.bucket}`,
      fields: {
        key: request.key,
        'Content-Type': request.contentType,
        'x-memory-max-bytes': String(request.maxBytes),
        'x-memory-expires-in': String(request.expiresInSec),
      },
    };
  }

  async downloadUrl(request: DownloadUrlRequest): Promise<string> {
    this.downloads.push(request);
    return `memory://${this.bucket}/${request.key}?expires-in=${request.expiresInSec}`;
  }
}
