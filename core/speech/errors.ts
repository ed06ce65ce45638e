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
 * Messages are read by the person who sent the file (CLI, error.json, API bodies), on one line:
 * which file (`audio "speech.mp3"`), what is wrong in plain words, and for the client faults what
 * is accepted. Never a decoder's own output, a temp path or a stack: a decoder's raw output is
 * kept on `decoderOutput` (and the `cause`) for the logs.
 */

/** The accepted containers by the names users know, e.g. for "not WAV, MP3, ..." */
export const ACCEPTED_AUDIO_FORMAT_NAMES = 'WAV, MP3, M4A/AAC, OGG, FLAC, WebM or AIFF';

/**
 * What we accept, quoted after "Accepted:" in the client-fault messages. How each format is
 * decoded (PCM and float WAV in-process, everything else through ffmpeg) is ours to know, not the
 * user's, so it is not said here.
 */
export const ACCEPTED_AUDIO_FORMATS =
  'a complete WAV, MP3, M4A/AAC, OGG (Opus or Vorbis), FLAC, WebM or AIFF audio file ' +
  '(any sample rate, any number of channels)';

/** What is wrong with bytes that no accepted format recognises. */
export const NOT_RECOGNISED_AUDIO = `the bytes are not a recognisable audio file (not ${ACCEPTED_AUDIO_FORMAT_NAMES})`;

/** What an empty file lacks: there is no minimum length, but there must be a sample (silence counts). */
export const AUDIO_MINIMUM = 'the speech must contain at least one audio sample (silence counts)';

export interface AudioErrorOptions extends ErrorOptions {
  /** The file's name, quoted in the message. */
  readonly fileName?: string;
  /** A decoder's raw diagnostics (e.g. ffmpeg's stderr), for logs only: never in the message. */
  readonly decoderOutput?: string;
}

/** `audio "name.wav"` or `audio` when the name is unknown. */
export function describeAudio(fileName?: string): string {
  return fileName ? `audio "${fileName}"` : 'audio';
}

export class AudioError extends Error {
  readonly fileName: string | undefined;
  /** A decoder's raw diagnostics, for logs only (see `AudioErrorOptions.decoderOutput`). */
  readonly decoderOutput: string | undefined;

  constructor(message: string, options: AudioErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AudioError';
    this.fileName = options.fileName;
    this.decoderOutput = options.decoderOutput;
  }
}

export class EmptyAudioError extends AudioError {
  /** e.g. "0 bytes" or "no samples after decoding". */
  readonly detail: string;

  constructor(detail: string, options: AudioErrorOptions = {}) {
    super(
      `${describeAudio(options.fileName)} is empty (${detail}): ${AUDIO_MINIMUM}. Accepted: ${ACCEPTED_AUDIO_FORMATS}`,
      options,
    );
    this.name = 'EmptyAudioError';
    this.detail = detail;
  }
}

export class CorruptAudioError extends AudioError {
  /** What is broken, in plain words, e.g. "the file ends early (truncated)". */
  readonly detail: string;

  constructor(detail: string, options: AudioErrorOptions = {}) {
    super(
      `${describeAudio(options.fileName)} is corrupt: ${detail}. Accepted: ${ACCEPTED_AUDIO_FORMATS}`,
      options,
    );
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
