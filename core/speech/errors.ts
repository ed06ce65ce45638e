/**
 * Named errors of audio loading. Step Functions' Retry/Catch match on `error.name`, so the names
 * are part of the contract: rename none of them.
 *
 * - `AudioError`              base of everything below
 *   - `EmptyAudioError`       0 bytes, or a file that decodes to no samples (client fault)
 *   - `CorruptAudioError`     a known format whose bytes are broken or truncated (client fault)
 *   - `UnsupportedAudioError` a format or WAV encoding we do not decode (client fault)
 *   - `AudioTooLongError`     longer than the configured limit (client fault)
 *   - `AudioDecoderError`     the decoder itself failed: ffmpeg missing, not runnable or timed
 *                             out (server fault: retryable, HTTP 5xx)
 *
 * Messages name the file when it is known: `audio "speech.mp3": ...`.
 */

/** What we accept, quoted in `UnsupportedAudioError` messages. */
export const ACCEPTED_AUDIO_FORMATS =
  'WAV (PCM 8/16/24/32-bit integer or 32/64-bit float, any sample rate, 1 to 8 channels) is decoded ' +
  'in-process; MP3, M4A/AAC, OGG (Opus, Vorbis), FLAC, WebM and AIFF are decoded by the bundled ffmpeg';

export interface AudioErrorOptions extends ErrorOptions {
  /** The file's name, quoted in the message. */
  readonly fileName?: string;
}

/** `audio "name.wav"` or `audio` when the name is unknown. */
export function describeAudio(fileName?: string): string {
  return fileName ? `audio "${fileName}"` : 'audio';
}

export class AudioError extends Error {
  readonly fileName: string | undefined;

  constructor(message: string, options: AudioErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AudioError';
    this.fileName = options.fileName;
  }
}

export class EmptyAudioError extends AudioError {
  /** e.g. "0 bytes" or "no samples after decoding". */
  readonly detail: string;

  constructor(detail: string, options: AudioErrorOptions = {}) {
    super(`${describeAudio(options.fileName)} is empty (${detail})`, options);
    this.name = 'EmptyAudioError';
    this.detail = detail;
  }
}

export class CorruptAudioError extends AudioError {
  /** What is broken, e.g. "no data chunk" or ffmpeg's last stderr line. */
  readonly detail: string;

  constructor(detail: string, options: AudioErrorOptions = {}) {
    super(`${describeAudio(options.fileName)} is corrupt: ${detail}`, options);
    this.name = 'CorruptAudioError';
    this.detail = detail;
  }
}

export class UnsupportedAudioError extends AudioError {
  /** What is not supported, e.g. "WAV codec 0x0002 (MS ADPCM)". */
  readonly detail: string;

  constructor(detail: string, options: AudioErrorOptions = {}) {
    super(
      `${describeAudio(options.fileName)} is not supported: ${detail}. Accepted: ${ACCEPTED_AUDIO_FORMATS}`,
      options,
    );
    this.name = 'UnsupportedAudioError';
    this.detail = detail;
  }
}

export interface AudioTooLongOptions extends AudioErrorOptions {
  /** Decoding stopped early: the audio is at least `durationSec` long. */
  readonly atLeast?: boolean;
}

export class AudioTooLongError extends AudioError {
  readonly durationSec: number;
  readonly limitSec: number;
  readonly atLeast: boolean;

  constructor(durationSec: number, limitSec: number, options: AudioTooLongOptions = {}) {
    const found = `${options.atLeast ? 'more than ' : ''}${durationSec.toFixed(2)} s`;
    super(`${describeAudio(options.fileName)} is too long: ${found}, the limit is ${limitSec} s`, options);
    this.name = 'AudioTooLongError';
    this.durationSec = durationSec;
    this.limitSec = limitSec;
    this.atLeast = options.atLeast ?? false;
  }
}

export class AudioDecoderError extends AudioError {
  constructor(detail: string, options: AudioErrorOptions = {}) {
    super(`could not decode ${describeAudio(options.fileName)}: ${detail}`, options);
    this.name = 'AudioDecoderError';
  }
}
