/**
 * Media types from magic bytes (the first 16 bytes suffice), never from file names or the
 * Content-Type a client chose.
 *
 * | portrait | signature                                 |
 * |----------|-------------------------------------------|
 * | png      | 89 50 4E 47 0D 0A 1A 0A                   |
 * | jpeg     | FF D8 FF                                  |
 * | webp     | `RIFF` at 0 and `WEBP` at 8               |
 *
 * Audio: core/speech/sniff.ts (RIFF/WAVE, ID3, MPEG and ADTS sync, ftyp, OggS, fLaC, ...).
 */
import { type AudioFormat, sniffAudioFormat } from '../speech/sniff.js';

export const MEDIA_SNIFF_BYTES = 16;

export const IMAGE_FORMATS = ['png', 'jpeg', 'webp'] as const;
export type ImageFormat = (typeof IMAGE_FORMATS)[number];

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function ascii(bytes: Uint8Array, offset: number, length: number): string {
  if (offset + length > bytes.length) return '';
  return String.fromCharCode(...bytes.subarray(offset, offset + length));
}

export function sniffImageFormat(bytes: Uint8Array): ImageFormat | undefined {
  if (PNG.every((byte, i) => bytes[i] === byte)) return 'png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') return 'webp';
  return undefined;
}

/** The audio container, or undefined when nothing matches. */
export function sniffAudio(bytes: Uint8Array): Exclude<AudioFormat, 'unknown'> | undefined {
  const format = sniffAudioFormat(bytes);
  return format === 'unknown' ? undefined : format;
}

/** `89 50 4e 47 … "‰PNG…"`: the first bytes in hex and printable ASCII, for error messages. */
export function describeBytes(bytes: Uint8Array, count = MEDIA_SNIFF_BYTES): string {
  const head = bytes.subarray(0, count);
  if (head.length === 0) return 'an empty object';
  const hex = [...head].map((b) => b.toString(16).padStart(2, '0')).join(' ');
  const text = [...head].map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
  return `bytes ${hex} ("${text}")`;
}
