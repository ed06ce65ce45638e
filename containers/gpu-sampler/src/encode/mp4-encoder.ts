/**
 * RGB frames + an audio file -> an H.264/AAC MP4, through the bundled static ffmpeg.
 *
 * Frames go to ffmpeg's stdin as raw rgb24; the audio is read from its file (bytes are written
 * to a temporary file first). The MP4 is written to `<outPath>.partial-<random>` and renamed to
 * `outPath` only when ffmpeg succeeds, so an output appears whole or not at all.
 *
 * Duration: no `-shortest` (it cuts streams at packet granularity, often a frame early). The
 * caller writes ceil(audioSeconds · fps) frames, so the video lasts N/fps ∈ [D, D + 1/fps); the AAC
 * track keeps its exact length through an edit list (priming samples skipped); the movie lasts the
 * longer of the two, i.e. within one frame of the audio.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ffmpegPath } from '../audio/ffmpeg-decode.js';
import { EncodeError, FfmpegError } from './errors.js';

export const X264_PRESETS = [
  'ultrafast',
  'superfast',
  'veryfast',
  'faster',
  'fast',
  'medium',
  'slow',
  'slower',
  'veryslow',
] as const;
export type X264Preset = (typeof X264_PRESETS)[number];

export const ENCODER_DEFAULTS = {
  /** x264 constant rate factor (0 = lossless, 51 = worst). @default 20 */
  crf: 20,
  /**
   * x264 speed preset. On 250 rendered 512² frames at CRF 20, superfast took 0.64 s of CPU against
   * veryfast's 0.83 (-23%) for a higher PSNR (47.2 dB against 45.4; SSIM 0.991 against 0.988) in a
   * file about twice as large (~620 KB of video for 10 s instead of ~270 KB): the encoder shares the
   * cores with the renderer, so its CPU is the clip's wall time. @default 'superfast'
   */
  preset: 'superfast',
  /** @default '128k' */
  audioBitrate: '128k',
  /** AAC sample rate (the input is resampled). @default 48000 */
  audioSampleRate: 48_000,
  /** stderr kept for error messages, in lines. @default 20 */
  stderrLines: 20,
  /**
   * Raw frames ffmpeg may queue between its reading thread and the encoder (`-thread_queue_size`,
   * here in bytes; at least its default 8 frames, at most 64): with room for ~40 frames at 512²
   * instead of 8, the renderer no longer waits whenever x264 falls a little behind on busy cores
   * (time spent waiting to write, 10 s clip at load ~7: 1.5 s -> 0.9 s). @default 32 MiB
   */
  inputQueueBytes: 32 * 2 ** 20,
} as const satisfies { preset: X264Preset } & Record<string, unknown>;

export interface Mp4EncoderOptions {
  readonly outPath: string;
  /** Even (yuv420p). */
  readonly width: number;
  /** Even (yuv420p). */
  readonly height: number;
  readonly fps: number;
  /** The speech track: a file path (preferred) or its bytes (any format ffmpeg reads). */
  readonly audio: { readonly path: string } | { readonly bytes: Uint8Array };
  /** @default ENCODER_DEFAULTS.crf */
  readonly crf?: number;
  /** @default ENCODER_DEFAULTS.preset */
  readonly preset?: X264Preset;
}

export interface Mp4EncodeResult {
  readonly path: string;
  readonly frames: number;
  readonly bytes: number;
}

type State = 'open' | 'finishing' | 'done' | 'failed' | 'aborted';
interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly error?: Error;
}

/** Starts ffmpeg; write frames with `writeFrame`, then `finish()` (or `abort()`). */
export async function openMp4Encoder(options: Mp4EncoderOptions): Promise<Mp4Encoder> {
  return Mp4Encoder.open(options);
}

export class Mp4Encoder {
  readonly outPath: string;
  readonly partialPath: string;
  readonly frameBytes: number;
  private state: State = 'open';
  private frames = 0;
  private failure: EncodeError | undefined;
  private stderrTail = '';

  private constructor(
    options: Mp4EncoderOptions,
    private readonly child: ChildProcess,
    private readonly exited: Promise<Exit>,
    private readonly tempAudio: string | undefined,
    partialPath: string,
  ) {
    this.outPath = options.outPath;
    this.partialPath = partialPath;
    this.frameBytes = options.width * options.height * 3;
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (text: string) => {
      this.stderrTail = (this.stderrTail + text).slice(-16_384);
    });
    child.stdin?.on('error', () => {}); // EPIPE when ffmpeg dies: reported by the write callback
  }

  static async open(options: Mp4EncoderOptions): Promise<Mp4Encoder> {
    validate(options);
    let executable: string;
    try {
      executable = ffmpegPath();
    } catch (error) {
      throw new EncodeError(`no ffmpeg to encode with: ${(error as Error).message}`, { cause: error });
    }
    const partialPath = `${options.outPath}.partial-${randomBytes(6).toString('hex')}`;
    let tempAudio: string | undefined;
    let audioPath: string;
    if ('path' in options.audio) {
      audioPath = options.audio.path;
    } else {
      tempAudio = join(tmpdir(), `tbd-audio-${randomBytes(8).toString('hex')}`);
      await writeFile(tempAudio, options.audio.bytes, { mode: 0o600 });
      audioPath = tempAudio;
    }
    const child = spawn(executable, ffmpegArgs(options, audioPath, partialPath), {
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    const exited = new Promise<Exit>((resolve) => {
      child.once('error', (error) => resolve({ code: null, signal: null, error }));
      child.once('close', (code, signal) => resolve({ code, signal }));
    });
    return new Mp4Encoder(options, child, exited, tempAudio, partialPath);
  }

  /** Frames written so far. */
  get frameCount(): number {
    return this.frames;
  }

  /**
   * Writes one frame (width·height·3 bytes, rgb24, row-major). Resolves once ffmpeg has taken the
   * bytes, so the caller may reuse its buffer; await each call (that is the backpressure).
   */
  async writeFrame(rgb: Uint8Array): Promise<void> {
    if (this.state !== 'open')
      throw this.failure ?? new EncodeError(`cannot write a frame: encoder is ${this.state}`);
    if (rgb.length !== this.frameBytes) {
      throw new EncodeError(
        `frame ${this.frames} has ${rgb.length} bytes, expected ${this.frameBytes} (width·height·3)`,
      );
    }
    const stdin = this.child.stdin!;
    try {
      await new Promise<void>((resolve, reject) => {
        stdin.write(rgb, (error) => (error ? reject(error) : resolve()));
      });
    } catch (error) {
      throw await this.fail(`ffmpeg stopped reading frames after ${this.frames}`, error);
    }
    this.frames += 1;
  }

  /** Closes the input, waits for ffmpeg, and moves the finished file to `outPath`. */
  async finish(): Promise<Mp4EncodeResult> {
    if (this.state !== 'open')
      throw this.failure ?? new EncodeError(`cannot finish: encoder is ${this.state}`);
    if (this.frames === 0) {
      await this.abort();
      throw new EncodeError('cannot finish: no frames were written');
    }
    this.state = 'finishing';
    this.child.stdin!.end();
    const exit = await this.exited;
    if (exit.code !== 0) throw await this.fail(`encoding ${this.frames} frames failed`, exit.error);
    try {
      await rename(this.partialPath, this.outPath);
      const { size } = await stat(this.outPath);
      this.state = 'done';
      return { path: this.outPath, frames: this.frames, bytes: size };
    } catch (error) {
      this.state = 'failed';
      this.failure = new EncodeError(`cannot move ${this.partialPath} to ${this.outPath}`, { cause: error });
      await this.cleanUp();
      throw this.failure;
    } finally {
      await this.removeTempAudio();
    }
  }

  /** Stops ffmpeg and deletes the partial file (idempotent). */
  async abort(): Promise<void> {
    if (this.state === 'done' || this.state === 'aborted') return;
    this.state = 'aborted';
    this.child.kill('SIGKILL');
    await this.exited;
    await this.cleanUp();
  }

  private async fail(message: string, cause: unknown): Promise<EncodeError> {
    if (this.failure) return this.failure;
    this.state = 'failed';
    const exit = await this.waitForExit();
    const detail = exit.code === 0 ? message : `${message}: ${describeExit(exit)}`;
    this.failure = new FfmpegError(detail, { exitCode: exit.code, stderr: this.lastStderrLines(), cause });
    await this.cleanUp();
    return this.failure;
  }

  /** ffmpeg's exit; killed if it has not exited within `graceMs` (e.g. alive but not reading). */
  private async waitForExit(graceMs = 5_000): Promise<Exit> {
    let timer: NodeJS.Timeout | undefined;
    const kill = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        this.child.kill('SIGKILL');
        resolve();
      }, graceMs);
    });
    try {
      await Promise.race([this.exited, kill]);
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  private lastStderrLines(): string {
    return this.stderrTail.split(/\r?\n/).filter(Boolean).slice(-ENCODER_DEFAULTS.stderrLines).join('\n');
  }

  private async cleanUp(): Promise<void> {
    await rm(this.partialPath, { force: true });
    await this.removeTempAudio();
  }

  private async removeTempAudio(): Promise<void> {
    if (this.tempAudio) await rm(this.tempAudio, { force: true });
  }
}

function ffmpegArgs(options: Mp4EncoderOptions, audioPath: string, outPath: string): string[] {
  const { width, height, fps } = options;
  return [
    ...['-hide_banner', '-loglevel', 'error', '-y'],
    ...['-thread_queue_size', String(inputQueueFrames(width * height * 3))],
    ...['-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', `${width}x${height}`, '-r', String(fps), '-i', 'pipe:0'],
    ...['-i', audioPath],
    ...['-map', '0:v:0', '-map', '1:a:0'],
    // RGB -> BT.709 limited-range YUV 4:2:0, tagged as such.
    ...['-vf', 'scale=out_color_matrix=bt709:out_range=tv,format=yuv420p'],
    ...['-colorspace', 'bt709', '-color_primaries', 'bt709', '-color_trc', 'bt709', '-color_range', 'tv'],
    ...['-c:v', 'libx264', '-preset', options.preset ?? ENCODER_DEFAULTS.preset],
    ...['-crf', String(options.crf ?? ENCODER_DEFAULTS.crf), '-pix_fmt', 'yuv420p'],
    ...[
      '-c:a',
      'aac',
      '-b:a',
      ENCODER_DEFAULTS.audioBitrate,
      '-ar',
      String(ENCODER_DEFAULTS.audioSampleRate),
    ],
    ...['-movflags', '+faststart', '-f', 'mp4', outPath],
  ];
}

/** `-thread_queue_size` for frames of `frameBytes`: ENCODER_DEFAULTS.inputQueueBytes worth, 8..64. */
export function inputQueueFrames(frameBytes: number): number {
  return Math.max(8, Math.min(64, Math.floor(ENCODER_DEFAULTS.inputQueueBytes / frameBytes)));
}

function validate(options: Mp4EncoderOptions): void {
  const { width, height, fps, crf, preset } = options;
  for (const [name, value] of [
    ['width', width],
    ['height', height],
  ] as const) {
    if (!Number.isInteger(value) || value < 2 || value % 2 !== 0) {
      throw new EncodeError(`${name} must be a positive even integer (yuv420p), got ${value}`);
    }
  }
  if (!(Number.isFinite(fps) && fps > 0 && fps <= 240))
    throw new EncodeError(`fps must be in (0, 240], got ${fps}`);
  if (crf !== undefined && !(Number.isInteger(crf) && crf >= 0 && crf <= 51)) {
    throw new EncodeError(`crf must be an integer in 0..51, got ${crf}`);
  }
  if (preset !== undefined && !X264_PRESETS.includes(preset)) {
    throw new EncodeError(`preset must be one of ${X264_PRESETS.join(', ')}, got ${preset}`);
  }
  if ('bytes' in options.audio && options.audio.bytes.length === 0)
    throw new EncodeError('the audio is empty');
}

function describeExit(exit: Exit): string {
  if (exit.error) return `ffmpeg could not run (${exit.error.message})`;
  return exit.signal ? `ffmpeg was killed by ${exit.signal}` : `ffmpeg exited with code ${exit.code}`;
}
