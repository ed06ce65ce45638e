/**
 * Untrusted audio bytes -> 16 kHz mono float samples, with every refusal a named `AudioError`.
 *
 *   1. empty       0 bytes                                     -> EmptyAudioError
 *   2. sniff       magic bytes (never the file name)           -> UnsupportedAudioError if unknown
 *   3. decode      WAV in-process (header checked for the length before decoding), anything
 *                  else through ffmpeg; a WAV codec we do not decode in-process (ADPCM, A-law,
 *                  mu-law, RIFX, > 8 channels) goes to ffmpeg as well
 *   4. resample    to 16 kHz (windowed sinc, core/speech/resample.ts); ffmpeg output already is
 *   5. check       no samples -> EmptyAudioError; longer than `maxDurationSec` (+ `toleranceSec`)
 *                  -> AudioTooLongError
 *                  (ffmpeg output beyond the limit is counted, not kept, so a long file costs no
 *                  memory and the error still states its true duration; past 10x the limit
 *                  ffmpeg is stopped and the error says "more than N s")
 */
import {
  AudioTooLongError,
  EmptyAudioError,
  NOT_RECOGNISED_AUDIO,
  UnsupportedAudioError,
} from '../../../../core/speech/errors.js';
import { resample } from '../../../../core/speech/resample.js';
import { type AudioFormat, describeStart, sniffAudioFormat } from '../../../../core/speech/sniff.js';
import { decodeWav, readWavInfo } from '../../../../core/speech/wav-decode.js';
import { ffmpegDecode } from './ffmpeg-decode.js';

export const LOAD_AUDIO_DEFAULTS = {
  /** Longest audio accepted, s. @default 60 */
  maxDurationSec: 60,
  /**
   * Slack over the limit, s: decoders may add a few ms of codec priming or padding, and a clip
   * cut to exactly the limit should pass. @default 0.1
   */
  toleranceSec: 0.1,
  /**
   * Past the limit, ffmpeg keeps decoding (to state the true duration in the error) up to this
   * multiple of the limit, then stops: "more than N s". @default 10
   */
  measureBeyondLimit: 10,
  /** Output sample rate, Hz. @default 16000 */
  sampleRate: 16000,
} as const;

export interface LoadAudioOptions {
  /** The file's name, for messages. */
  readonly name?: string;
  /** @default LOAD_AUDIO_DEFAULTS.maxDurationSec */
  readonly maxDurationSec?: number;
  /** ffmpeg's time limit, ms. @default FFMPEG_DECODE_DEFAULTS.timeoutMs */
  readonly timeoutMs?: number;
}

export interface LoadedAudio {
  readonly sampleRate: 16000;
  /** Mono samples, nominally -1..1. */
  readonly samples: Float32Array;
  readonly durationSec: number;
  /** The sniffed container format. */
  readonly format: AudioFormat;
  /** The source's sample rate when it is known (WAV), before resampling. */
  readonly sourceSampleRate?: number;
  /** Non-fatal findings, e.g. a truncated WAV data chunk. */
  readonly warnings: readonly string[];
}

/** Decodes audio bytes of any accepted format to 16 kHz mono; see the module comment for the checks. */
export async function loadAudio(bytes: Uint8Array, options: LoadAudioOptions = {}): Promise<LoadedAudio> {
  const fileName = options.name;
  const maxDurationSec = options.maxDurationSec ?? LOAD_AUDIO_DEFAULTS.maxDurationSec;
  if (!(maxDurationSec > 0)) throw new RangeError(`maxDurationSec must be > 0, got ${maxDurationSec}`);
  const rate = LOAD_AUDIO_DEFAULTS.sampleRate;
  const limitSec = maxDurationSec + LOAD_AUDIO_DEFAULTS.toleranceSec;
  const tooLong = (durationSec: number, atLeast = false) =>
    new AudioTooLongError(durationSec, maxDurationSec, { fileName, atLeast });

  // 1. empty, 2. sniff
  if (bytes.length === 0) throw new EmptyAudioError('0 bytes', { fileName });
  const format = sniffAudioFormat(bytes);
  if (format === 'unknown') {
    throw new UnsupportedAudioError(`${NOT_RECOGNISED_AUDIO}; it starts with ${describeStart(bytes)}`, {
      fileName,
    });
  }

  // 3. decode, 4. resample
  const warnings: string[] = [];
  let samples: Float32Array | undefined;
  let sourceSampleRate: number | undefined;
  if (format === 'wav') {
    try {
      const info = readWavInfo(bytes, fileName);
      if (info.frames / info.sampleRate > limitSec) throw tooLong(info.frames / info.sampleRate);
      const wav = decodeWav(bytes, { fileName, info });
      if (info.truncated) {
        const found = (info.frames / info.sampleRate).toFixed(2);
        const declared = (info.declaredFrames / info.sampleRate).toFixed(2);
        warnings.push(`the WAV data chunk is truncated: decoded ${found} s of the ${declared} s it declares`);
      }
      sourceSampleRate = wav.sampleRate;
      samples = resample(wav.samples, wav.sampleRate, rate);
    } catch (error) {
      if (!(error instanceof UnsupportedAudioError)) throw error;
      warnings.push(`${error.detail} is not decoded in-process; decoded with ffmpeg`);
    }
  }
  if (!samples) {
    const maxSamples = Math.floor(limitSec * rate);
    const stopAfterSamples = maxSamples * LOAD_AUDIO_DEFAULTS.measureBeyondLimit;
    const { timeoutMs } = options;
    const decoded = await ffmpegDecode(bytes, { fileName, format, maxSamples, stopAfterSamples, timeoutMs });
    if (decoded.totalSamples > maxSamples) throw tooLong(decoded.totalSamples / rate, !decoded.complete);
    samples = decoded.samples;
  }

  // 5. check
  if (samples.length === 0) throw new EmptyAudioError('no samples after decoding', { fileName });
  const durationSec = samples.length / rate;
  if (durationSec > limitSec) throw tooLong(durationSec);
  return {
    sampleRate: 16000,
    samples,
    durationSec,
    format,
    ...(sourceSampleRate === undefined ? {} : { sourceSampleRate }),
    warnings,
  };
}
