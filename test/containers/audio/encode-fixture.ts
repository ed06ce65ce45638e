/**
 * Encoded audio fixtures made at test time: a WAV (from the test writer) piped into the bundled
 * ffmpeg and encoded to a file in a temporary directory (a file, not a pipe, so that the M4A index
 * lands after the samples as with most real encoders).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ffmpegPath } from '../../../containers/gpu-sampler/src/audio/ffmpeg-decode.js';

export interface FixtureDir {
  /** Encodes `wav` with the given ffmpeg output options into `name` and returns the bytes. */
  encode(wav: Uint8Array, name: string, outputArgs: readonly string[]): Uint8Array;
  /** Runs ffmpeg with a lavfi source (no input bytes) into `name`. */
  generate(name: string, args: readonly string[]): Uint8Array;
  remove(): void;
}

export function fixtureDir(): FixtureDir {
  const dir = mkdtempSync(join(tmpdir(), 'tbd-audio-'));
  const run = (args: readonly string[], input?: Uint8Array) =>
    execFileSync(ffmpegPath(), ['-hide_banner', '-loglevel', 'error', '-y', ...args], {
      ...(input ? { input } : {}),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
  return {
    encode(wav, name, outputArgs) {
      run(['-i', 'pipe:0', ...outputArgs, join(dir, name)], wav);
      return new Uint8Array(readFileSync(join(dir, name)));
    },
    generate(name, args) {
      run([...args, join(dir, name)]);
      return new Uint8Array(readFileSync(join(dir, name)));
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
