/**
 * Checks the media a manifest names before any stage runs: each must exist (HEAD), be non-empty
 * and within its size limit, and start with the magic bytes of an accepted type (a ranged GET of
 * the first 16 bytes; the rest is never downloaded).
 */
import type { JobManifest } from '../../core/contracts/job-manifest.js';
import { incomingKey, type JobRef } from '../../core/jobs/job-keys.js';
import {
  describeBytes,
  MEDIA_SNIFF_BYTES,
  sniffAudio,
  sniffImageFormat,
} from '../../core/jobs/media-sniff.js';
import type { ObjectStore } from '../shared/object-store.js';
import { type MediaField, MediaNotFoundError, MediaSizeError, MediaTypeError } from './errors.js';

export const MEDIA_DEFAULTS = {
  /** Largest portrait accepted, in bytes. @default 26214400 (25 MiB) */
  portraitMaxBytes: 25 * 1024 * 1024,
  /** Largest speech track accepted, in bytes. @default 104857600 (100 MiB) */
  audioMaxBytes: 100 * 1024 * 1024,
} as const;

export type MediaLimits = { readonly [K in keyof typeof MEDIA_DEFAULTS]: number };

export interface CheckedMedium {
  readonly key: string;
  readonly etag: string;
  readonly size: number;
  /** e.g. 'png', 'wav'. */
  readonly format: string;
}

export interface CheckedMedia {
  readonly portrait: CheckedMedium;
  readonly audio: CheckedMedium;
}

const ACCEPTED: Record<MediaField, string> = {
  portrait: 'a PNG, JPEG or WebP image',
  audio: 'a WAV, MP3, AAC, M4A/MP4, OGG, FLAC, AIFF or WebM audio file',
};

async function checkMedium(
  objects: ObjectStore,
  field: MediaField,
  key: string,
  limit: number,
): Promise<CheckedMedium> {
  const head = await objects.head(key);
  if (!head) throw new MediaNotFoundError(field, key);
  if (head.size === 0) throw new MediaTypeError(field, key, `is empty; expected ${ACCEPTED[field]}`);
  if (head.size > limit) throw new MediaSizeError(field, key, head.size, limit);
  const { body } = await objects.get(key, { start: 0, end: Math.min(head.size, MEDIA_SNIFF_BYTES) - 1 });
  const format = field === 'portrait' ? sniffImageFormat(body) : sniffAudio(body);
  if (!format)
    throw new MediaTypeError(field, key, `is not ${ACCEPTED[field]}: it starts with ${describeBytes(body)}`);
  return { key, etag: head.etag, size: head.size, format };
}

export async function checkMedia(
  objects: ObjectStore,
  ref: JobRef,
  manifest: JobManifest,
  limits: MediaLimits = MEDIA_DEFAULTS,
): Promise<CheckedMedia> {
  const portrait = await checkMedium(
    objects,
    'portrait',
    incomingKey(ref, manifest.portrait),
    limits.portraitMaxBytes,
  );
  const audio = await checkMedium(objects, 'audio', incomingKey(ref, manifest.audio), limits.audioMaxBytes);
  return { portrait, audio };
}
