/**
 * Decoding through the bundled static ffmpeg (`@ffmpeg-installer/linux-x64`): the bytes go in on
 * stdin, 16 kHz mono float32 little-endian comes out on stdout; nothing is written to disk by us.
 *
 *   ffmpeg -hide_banner -nostats -loglevel error -i <input> -vn -rematrix_maxval 1 -ac 1 -ar 16000 \
 *          -f f32le pipe:1
 *
 * `-rematrix_maxval 1` normalises the downmix so that its coefficients sum to 1: stereo becomes
 * the mean of the channels, as the in-process WAV decoder does (ffmpeg's default for float
 * output is (L + R)/√2, +3 dB for correlated channels).
 *
 * `<input>` is `pipe:0`, except for the ISO-BMFF family (M4A/MP4), where it is `cache:pipe:0`:
 * an M4A written by most encoders keeps its index (`moov`) after the samples, and a plain pipe
 * cannot seek back to them. ffmpeg's cache protocol makes the pipe seekable by keeping what it
 * read in an anonymous, already-unlinked file of its own (in TMPDIR), gone when ffmpeg exits.
 *
 * Errors: ffmpeg failing, or producing no samples while complaining, is `CorruptAudioError` (or
 * `UnsupportedAudioError` for an input without an audio track) saying in plain words what is
 * wrong with the file (ffmpeg-failure.ts), its stderr kept on the error for the logs only; a
 * missing binary, a spawn failure or a timeout is `AudioDecoderError` (the server's fault, not
 * the file's).
 */
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { AudioDecoderError } from '../../../../core/speech/errors.js';
import type { AudioFormat } from '../../../../core/speech/sniff.js';
import { ffmpegFailureError, lastStderrLine } from './ffmpeg-failure.js';

export const FFMPEG_DECODE_DEFAULTS = {
  /** Output sample rate, Hz. @default 16000 */
  sampleRate: 16000,
  /** ffmpeg is killed after this long, ms. @default 60_000 */
  timeoutMs: 60_000,
  /** Bytes of stderr kept for the logs (never quoted in a message). @default 16_384 */
  stderrTailBytes: 16_384,
  /** Environment variable that overrides the bundled binary (e.g. on arm64 hosts). @default 'FFMPEG_PATH' */
  pathEnv: 'FFMPEG_PATH',
} as const;

export interface FfmpegDecodeOptions {
  /** For messages. */
  readonly fileName?: string;
  /** The sniffed format; M4A/MP4 get a seekable input. */
  readonly format?: AudioFormat;
  /** Keep at most this many samples; the rest are counted, not stored. @default Infinity */
  readonly maxSamples?: number;
  /**
   * Stop ffmpeg once it has produced this many samples (`complete: false`), so an endless or
   * hours-long input costs bounded CPU. @default Infinity
   */
  readonly stopAfterSamples?: number;
  /** @default FFMPEG_DECODE_DEFAULTS.timeoutMs */
  readonly timeoutMs?: number;
}

export interface FfmpegDecoded {
  readonly sampleRate: 16000;
  /** Mono samples, at most `maxSamples` of them. */
  readonly samples: Float32Array;
  /** All samples ffmpeg produced, stored or not: the true decoded length when `complete`. */
  readonly totalSamples: number;
  /** False when decoding was stopped at `stopAfterSamples`: the input is at least that long. */
  readonly complete: boolean;
}

/**
 * Absolute path of the ffmpeg binary: `$FFMPEG_PATH`, else the one in `@ffmpeg-installer/linux-x64`
 * (resolved from this module, so it works from any working directory). Checked to be executable.
 */
export function ffmpegPath(): string {
  const override = process.env[FFMPEG_DECODE_DEFAULTS.pathEnv];
  let path: string;
  if (override) {
    path = override;
  } else {
    try {
      const require = createRequire(import.meta.url);
      path = join(dirname(require.resolve('@ffmpeg-installer/linux-x64/package.json')), 'ffmpeg');
    } catch (cause) {
      throw new AudioDecoderError(
        `the ffmpeg binary package @ffmpeg-installer/linux-x64 is not installed (linux x64 only); ` +
          `install it or set ${FFMPEG_DECODE_DEFAULTS.pathEnv} to an ffmpeg binary`,
        { cause },
      );
    }
  }
  try {
    accessSync(path, constants.X_OK);
  } catch (cause) {
    throw new AudioDecoderError(`ffmpeg at ${path} is missing or not executable`, { cause });
  }
  return path;
}

function collect(chunks: Buffer[], bytes: number): Float32Array {
  const samples = new Float32Array(Math.floor(bytes / 4));
  const target = new Uint8Array(samples.buffer);
  let offset = 0;
  for (const chunk of chunks) {
    const take = Math.min(chunk.length, target.length - offset);
    target.set(chunk.subarray(0, take), offset);
    offset += take;
    if (offset >= target.length) break;
  }
  return samples; // f32le into a little-endian host (x64, arm64)
}

/** Bytes of `samples` float32 samples (Infinity when unbounded). */
function byteCount(samples: number | undefined): number {
  return samples === undefined || !Number.isFinite(samples)
    ? Number.POSITIVE_INFINITY
    : Math.floor(samples) * 4;
}

/** Decodes any format ffmpeg reads to 16 kHz mono float samples. */
export function ffmpegDecode(bytes: Uint8Array, options: FfmpegDecodeOptions = {}): Promise<FfmpegDecoded> {
  const { fileName } = options;
  const maxBytes = byteCount(options.maxSamples);
  const stopBytes = byteCount(options.stopAfterSamples);
  const timeoutMs = options.timeoutMs ?? FFMPEG_DECODE_DEFAULTS.timeoutMs;
  const input = options.format === 'm4a' || options.format === 'mp4' ? 'cache:pipe:0' : 'pipe:0';
  const rate = String(FFMPEG_DECODE_DEFAULTS.sampleRate);
  const quiet = ['-hide_banner', '-nostats', '-loglevel', 'error'];
  const output = ['-vn', '-rematrix_maxval', '1', '-ac', '1', '-ar', rate, '-f', 'f32le', 'pipe:1'];
  const args = [...quiet, '-i', input, ...output];
  const binary = ffmpegPath();

  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let stored = 0;
    let total = 0;
    let stderr = '';
    let settled = false;
    let stopped = false;
    const finish = (error: Error | undefined, value?: FfmpegDecoded) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) reject(error);
      else resolve(value as FfmpegDecoded);
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      finish(new AudioDecoderError(`ffmpeg did not finish within ${timeoutMs} ms`, { fileName }));
    }, timeoutMs);

    child.stdout.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (stored < maxBytes) {
        chunks.push(chunk);
        stored += chunk.length;
      }
      if (total >= stopBytes && !stopped) {
        stopped = true;
        child.kill('SIGKILL');
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-FFMPEG_DECODE_DEFAULTS.stderrTailBytes);
    });
    child.on('error', (cause) =>
      finish(new AudioDecoderError(`ffmpeg could not start: ${cause.message}`, { fileName, cause })),
    );
    // ffmpeg may stop reading early (garbage input): the broken pipe is reported by the exit code.
    child.stdin.on('error', () => {});
    child.on('close', (code, signal) => {
      if (stopped) {
        const samples = collect(chunks, Math.min(stored, maxBytes));
        finish(undefined, {
          sampleRate: 16000,
          samples,
          totalSamples: Math.floor(total / 4),
          complete: false,
        });
        return;
      }
      // Exit 0 with no samples and a complaint is a failure too; without one, an empty input.
      if (code !== 0 || (total < 4 && lastStderrLine(stderr))) {
        finish(ffmpegFailureError({ code, signal }, stderr, { fileName, format: options.format }));
        return;
      }
      const samples = collect(chunks, Math.min(stored, maxBytes));
      finish(undefined, { sampleRate: 16000, samples, totalSamples: Math.floor(total / 4), complete: true });
    });
    child.stdin.end(bytes);
  });
}
