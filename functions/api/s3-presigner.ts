/**
 * `Presigner` over an S3 client: `createPresignedPost` with the conditions below, and
 * `getSignedUrl` for GetObject. The URLs point wherever the client points: AWS, or the local
 * stack's S3 endpoint (path style).
 *
 *   conditions: ["eq", "$Content-Type", contentType], ["content-length-range", 1, maxBytes],
 *               and those the SDK adds for the fields: { bucket }, { key }, { X-Amz-* }
 *
 * In Lambda the signature comes from the function's role session: a URL stops working when it
 * expires or when that session does, whichever comes first (Lambda's sessions outlive the
 * default expiries here).
 */
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { PresignedPost } from '../../core/contracts/api.js';
import type { DownloadUrlRequest, Presigner, UploadFormRequest } from './presigner.js';

export interface S3PresignerProps {
  readonly client: S3Client;
  readonly bucket: string;
}

export class S3Presigner implements Presigner {
  readonly #client: S3Client;
  readonly #bucket: string;

  constructor(props: S3PresignerProps) {
    this.#client = props.client;
    this.#bucket = props.bucket;
  }

  async uploadForm(request: UploadFormRequest): Promise<PresignedPost> {
    const { url, fields } = await createPresignedPost(this.#client, {
      Bucket: this.#bucket,
      Key: request.key,
      Conditions: [
        ['eq', '$Content-Type', request.contentType],
        ['content-length-range', 1, request.maxBytes],
      ],
      Fields: { 'Content-Type': request.contentType },
      Expires: request.expiresInSec,
    });
    return { url, fields };
  }

  downloadUrl(request: DownloadUrlRequest): Promise<string> {
    return getSignedUrl(this.#client, new GetObjectCommand({ Bucket: this.#bucket, Key: request.key }), {
      expiresIn: request.expiresInSec,
    });
  }
}
