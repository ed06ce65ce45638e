/**
 * What a failed ffmpeg decode means to the person who sent the file. ffmpeg's stderr is written
 * for developers (`pipe:0: Invalid data found when processing input`, `[mov,mp4,m4a,3gp,3g2,mj2 @
 * 0x3a579bc0] moov atom not found`): the message says it in plain words instead, built from the
 * phrases below and the sniffed format only, so no stderr text, temp path or address reaches it.
 * The raw stderr stays on the error for the logs (`decoderOutput`, and the `cause`).
 *
 * | ffmpeg says (anywhere in its stderr)                  | the message says                              |
 * |-------------------------------------------------------|-----------------------------------------------|
 * | `does not contain any stream`, `matches no streams`   | it holds no audio track (Unsupported)         |
 * | `moov atom not found`                                 | the file is incomplete (M4A/MP4 index missing) |
 * | `no 'data' tag found`                                 | it holds no audio data (WAV without data)     |
 * | `End of file`, `truncated`, `unexpected end`, ...     | the file ends early (truncated)               |
 * | `Invalid data found`, header/tag not found or invalid | not valid <format> audio / not audio at all   |
 * | anything else, or ffmpeg killed by a signal           | the <format> audio is damaged or cut off      |
 *
 * The first row that matches wins; all but the first are `CorruptAudioError`.
 */
import {
  CorruptAudioError,
  NOT_RECOGNISED_AUDIO,
  UnsupportedAudioError,
} from '../../../../core/speech/errors.js';
import { AUDIO_FORMAT_LABELS, type AudioFormat } from '../../../../core/speech/sniff.js';

/** Lines of ffmpeg noise that say nothing about the input. */
const NOISE = [/Inner protocol failed to seekback/, /Last message repeated/];

/** The last stderr line worth quoting in a log, without ffmpeg's `[demuxer @ 0x...]` prefix. */
export function lastStderrLine(stderr: string): string {
  const lines = stderr
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0 && !NOISE.some((re) => re.test(line)));
  return (lines.at(-1) ?? '').replace(/^\[[^\]]*@ 0x[0-9a-f]+\]\s*/, '');
}

/** How ffmpeg ended: its exit code, or the signal that killed it. */
export interface FfmpegExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/**
 * ffmpeg's own account of a failed decode, the `cause` of the AudioError: in the logs (name and
 * message), never in a message a user reads.
 */
export class FfmpegDecodeFailure extends Error {
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  /** The tail of ffmpeg's stderr, as it wrote it. */
  readonly stderr: string;

  constructor(exit: FfmpegExit, stderr: string) {
    const reason = exit.signal
      ? `ffmpeg was killed by ${exit.signal}`
      : exit.code === 0
        ? 'ffmpeg decoded no samples'
        : `ffmpeg exited with code ${exit.code}`;
    const last = lastStderrLine(stderr);
    super(last ? `${reason}: ${last}` : reason);
    this.name = 'FfmpegDecodeFailure';
    this.exitCode = exit.code;
    this.signal = exit.signal;
    this.stderr = stderr;
  }
}

/** `WAV`, `MP3`, ... or undefined when the format was not sniffed. */
function labelOf(format: AudioFormat | undefined): string | undefined {
  return format === undefined || format === 'unknown' ? undefined : AUDIO_FORMAT_LABELS[format];
}

interface Rule {
  readonly when: RegExp;
  readonly says: (label: string | undefined) => string;
}

const NO_AUDIO_TRACK = /does not contain any stream|matches no streams|no audio streams?\b/i;

/** Ordered: the first match wins (see the module comment). */
const RULES: readonly Rule[] = [
  {
    when: /moov atom not found/i,
    says: () =>
      'the file is incomplete (the index an M4A/MP4 file needs is missing, as when an upload or a ' +
      'recording is cut off)',
  },
  {
    when: /no 'data' tag found/i,
    says: () => 'it holds no audio data (the WAV has no data chunk: it may be cut off)',
  },
  {
    when: /end of file|truncat|unexpected end|premature end|partial file|ran out of data/i,
    says: () => 'the file ends early (truncated)',
  },
  {
    when: /invalid data found|header parsing failed|header missing|error reading header|could not find \S+ (tag|header)|no '\w+' tag|not a valid|invalid (header|magic|signature)/i,
    says: (label) =>
      label
        ? `its first bytes look like ${label}, but the rest is not valid ${label} audio`
        : NOT_RECOGNISED_AUDIO,
  },
];

/** Plain words for what is wrong with the file, from ffmpeg's stderr and the sniffed format. */
export function describeFfmpegFailure(stderr: string, format?: AudioFormat): string {
  const label = labelOf(format);
  const rule = RULES.find((r) => r.when.test(stderr));
  if (rule) return rule.says(label);
  return label
    ? `its ${label} audio is damaged or cut off, and cannot be decoded`
    : 'it is damaged, cut off or not audio, and cannot be decoded';
}

export interface FfmpegFailureContext {
  readonly fileName?: string;
  readonly format?: AudioFormat;
}

/**
 * The named error for a failed decode: `UnsupportedAudioError` for an input without an audio
 * track, else `CorruptAudioError`; the message in plain words, ffmpeg's stderr on `decoderOutput`.
 */
export function ffmpegFailureError(
  exit: FfmpegExit,
  stderr: string,
  context: FfmpegFailureContext = {},
): CorruptAudioError | UnsupportedAudioError {
  const options = {
    fileName: context.fileName,
    decoderOutput: stderr,
    cause: new FfmpegDecodeFailure(exit, stderr),
  };
  if (NO_AUDIO_TRACK.test(stderr)) return new UnsupportedAudioError('it holds no audio track', options);
  return new CorruptAudioError(describeFfmpegFailure(stderr, context.format), options);
}
