/**
 * Audio container detection from magic bytes, never from the file name.
 *
 * | format | signature                                                              |
 * |--------|------------------------------------------------------------------------|
 * | wav    | `RIFF`/`RF64`/`RIFX` at 0 and `WAVE` at 8                              |
 * | aiff   | `FORM` at 0 and `AIFF`/`AIFC` at 8                                     |
 * | flac   | `fLaC` at 0                                                            |
 * | ogg    | `OggS` at 0 (Opus, Vorbis, FLAC-in-Ogg)                                 |
 * | webm   | EBML magic `1A 45 DF A3` (WebM / Matroska, e.g. browser recordings)    |
 * | m4a    | `ftyp` at 4 with an audio brand (`M4A `, `M4B `, `M4P `)               |
 * | mp4    | `ftyp` at 4 with any other brand (ffmpeg takes the audio track)        |
 * | mp3    | a valid MPEG-1/2/2.5 audio frame header (sync `FFE`, layer != 0)       |
 * | aac    | an ADTS header (sync `FFF`, layer 0)                                   |
 *
 * An ID3v2 tag (`ID3` + syncsafe size) is skipped first, since MP3, AAC and even FLAC files can
 * start with one; a tag followed by nothing recognisable is taken as MP3.
 */

export const AUDIO_FORMATS = [
  'wav',
  'aiff',
  'flac',
  'ogg',
  'webm',
  'm4a',
  'mp4',
  'mp3',
  'aac',
  'unknown',
] as const;
export type AudioFormat = (typeof AUDIO_FORMATS)[number];

/** Each format by the name users know it by, for messages. */
export const AUDIO_FORMAT_LABELS: Readonly<Record<AudioFormat, string>> = {
  wav: 'WAV',
  aiff: 'AIFF',
  flac: 'FLAC',
  ogg: 'OGG',
  webm: 'WebM',
  m4a: 'M4A',
  mp4: 'MP4',
  mp3: 'MP3',
  aac: 'AAC',
  unknown: 'unknown',
};

const M4A_BRANDS = new Set(['M4A ', 'M4B ', 'M4P ']);

function ascii(bytes: Uint8Array, offset: number, length: number): string {
  if (offset + length > bytes.length) return '';
  return String.fromCharCode(...bytes.subarray(offset, offset + length));
}

/** ID3v2 tag length (header + body + optional footer), or 0 if there is no tag at `offset`. */
function id3Length(bytes: Uint8Array, offset: number): number {
  if (ascii(bytes, offset, 3) !== 'ID3' || offset + 10 > bytes.length) return 0;
  let size = 0;
  for (let i = 6; i < 10; i++) size = size * 128 + ((bytes[offset + i] ?? 0) & 0x7f);
  const hasFooter = ((bytes[offset + 5] ?? 0) & 0x10) !== 0;
  return 10 + size + (hasFooter ? 10 : 0);
}

/** `mp3` for a plausible MPEG audio frame header at `offset`, `aac` for ADTS, else undefined. */
function frameSync(bytes: Uint8Array, offset: number): 'mp3' | 'aac' | undefined {
  if (offset + 4 > bytes.length) return undefined;
  const b1 = bytes[offset + 1] ?? 0;
  const b2 = bytes[offset + 2] ?? 0;
  if (bytes[offset] !== 0xff || (b1 & 0xe0) !== 0xe0) return undefined;
  const layer = (b1 >> 1) & 3;
  if (layer === 0) {
    // ADTS: 12-bit sync, then ID, layer 00; sampling index 0..12.
    return (b1 & 0xf6) === 0xf0 && ((b2 >> 2) & 0x0f) <= 12 ? 'aac' : undefined;
  }
  const version = (b1 >> 3) & 3; // 01 is reserved
  const bitrateIndex = b2 >> 4; // 1111 is invalid
  const rateIndex = (b2 >> 2) & 3; // 11 is reserved
  return version !== 1 && bitrateIndex !== 15 && rateIndex !== 3 ? 'mp3' : undefined;
}

/** The container format of `bytes`, from its first bytes; `unknown` when nothing matches. */
export function sniffAudioFormat(bytes: Uint8Array): AudioFormat {
  const riff = ascii(bytes, 0, 4);
  if ((riff === 'RIFF' || riff === 'RF64' || riff === 'RIFX') && ascii(bytes, 8, 4) === 'WAVE') return 'wav';
  if (riff === 'FORM' && ['AIFF', 'AIFC'].includes(ascii(bytes, 8, 4))) return 'aiff';
  if (riff === 'OggS') return 'ogg';
  if (riff === '\x1a\x45\xdf\xa3') return 'webm';
  if (ascii(bytes, 4, 4) === 'ftyp') return M4A_BRANDS.has(ascii(bytes, 8, 4)) ? 'm4a' : 'mp4';

  const start = id3Length(bytes, 0);
  if (ascii(bytes, start, 4) === 'fLaC') return 'flac';
  const sync = frameSync(bytes, start);
  if (sync) return sync;
  return start > 0 ? 'mp3' : 'unknown';
}

/** The first bytes as hex, for error messages: `"52 49 46 46 ..."`. */
export function describeMagic(bytes: Uint8Array, count = 12): string {
  const hex = Array.from(bytes.subarray(0, count), (b) => b.toString(16).padStart(2, '0')).join(' ');
  return bytes.length > count ? `${hex} ...` : hex;
}

/** Printable ASCII and the usual whitespace: a text file, not a binary one. */
function isText(bytes: Uint8Array): boolean {
  return bytes.every((b) => (b >= 0x20 && b < 0x7f) || b === 0x09 || b === 0x0a || b === 0x0d);
}

/**
 * How a file starts, for error messages: `the text "hello, this is a"` when its first bytes are
 * text (a text file renamed .wav), else `the bytes 07 07 07 07 07 07 07 07` in hex.
 */
export function describeStart(bytes: Uint8Array, count = 16): string {
  const head = bytes.subarray(0, count);
  if (head.length > 0 && isText(head)) return `the text ${JSON.stringify(String.fromCharCode(...head))}`;
  return `the bytes ${describeMagic(head, 8).replace(/ \.\.\.$/, '')}`;
}
