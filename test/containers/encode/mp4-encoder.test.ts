import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EncodeError, FfmpegError } from '../../../containers/gpu-sampler/src/encode/errors.js';
import { inputQueueFrames, openMp4Encoder } from '../../../containers/gpu-sampler/src/encode/mp4-encoder.js';
import { probeMp4 } from '../../../containers/gpu-sampler/src/encode/probe.js';
import { gradientFrame, toneWav } from './media-fixtures.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tbd-encode-test-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function tempAudioFiles(): Promise<string[]> {
  return (await readdir(tmpdir())).filter((name) => name.startsWith('tbd-audio-'));
}

describe('Mp4Encoder', () => {
  it('encodes frames + a WAV file into H.264/AAC, as long as the audio within one frame, faststart', async () => {
    // Prepare: 2 s of audio at 25 fps -> ceil(2 · 25) = 50 frames
    const [width, height, fps, seconds] = [320, 240, 25, 2];
    const audioPath = join(dir, 'speech.wav');
    await writeFile(audioPath, toneWav(seconds));
    const outPath = join(dir, 'video.mp4');
    const frames = Math.ceil(seconds * fps);
    const frame = new Uint8Array(width * height * 3);

    // Act
    const encoder = await openMp4Encoder({ outPath, width, height, fps, audio: { path: audioPath } });
    for (let i = 0; i < frames; i++) await encoder.writeFrame(gradientFrame(width, height, i, frame));
    const result = await encoder.finish();
    const probe = await probeMp4(outPath);

    // Assess
    expect(result).toMatchObject({ path: outPath, frames });
    expect(result.bytes).toBeGreaterThan(1000);
    expect(await readdir(dir)).toEqual(['speech.wav', 'video.mp4']);
    expect(probe).toMatchObject({
      width,
      height,
      fps,
      hasAudio: true,
      videoCodec: 'avc1',
      audioCodec: 'mp4a',
    });
    expect(probe.video).toMatchObject({ frames, avc: { chromaFormat: 1, bitDepth: 8 } }); // yuv420p
    expect(probe.audio).toMatchObject({
      objectType: 0x40,
      audioObjectType: 2,
      channels: 1,
      sampleRate: 48_000,
    }); // AAC LC
    expect(Math.abs(probe.durationSec - seconds)).toBeLessThanOrEqual(1 / fps);
    expect(Math.abs(probe.video!.durationSec - seconds)).toBeLessThanOrEqual(1 / fps);
    expect(Math.abs(probe.audio!.durationSec - seconds)).toBeLessThan(0.005);
    expect(Math.abs(probe.headerDurationSec - seconds)).toBeLessThanOrEqual(1 / fps);
    expect(probe.faststart).toBe(true);
    expect(probe.topLevel.indexOf('moov')).toBeLessThan(probe.topLevel.indexOf('mdat'));
  });

  it('audio given as bytes, a length that is not a whole number of frames', async () => {
    // Prepare: 1.93 s at 30 fps -> 58 frames = 1.933 s
    const [width, height, fps, seconds] = [64, 48, 30, 1.93];
    const outPath = join(dir, 'bytes.mp4');
    const frames = Math.ceil(seconds * fps);
    const before = await tempAudioFiles();

    // Act
    const encoder = await openMp4Encoder({ outPath, width, height, fps, audio: { bytes: toneWav(seconds) } });
    for (let i = 0; i < frames; i++) await encoder.writeFrame(gradientFrame(width, height, i));
    const result = await encoder.finish();
    const probe = await probeMp4(outPath);

    // Assess
    expect(result.frames).toBe(58);
    expect(probe.video!.frames).toBe(58);
    expect(Math.abs(probe.video!.durationSec - 58 / 30)).toBeLessThanOrEqual(0.001); // movie timescale: ms
    expect(probe.durationSec - seconds).toBeGreaterThanOrEqual(0);
    expect(probe.durationSec - seconds).toBeLessThan(1 / fps);
    expect(await tempAudioFiles()).toEqual(before);
  });

  it('abort() kills ffmpeg and leaves no file', async () => {
    const audioPath = join(dir, 'speech.wav');
    await writeFile(audioPath, toneWav(1));
    const outPath = join(dir, 'aborted.mp4');
    const encoder = await openMp4Encoder({
      outPath,
      width: 64,
      height: 64,
      fps: 25,
      audio: { path: audioPath },
    });
    for (let i = 0; i < 5; i++) await encoder.writeFrame(gradientFrame(64, 64, i));

    await encoder.abort();
    await encoder.abort(); // idempotent

    expect(await readdir(dir)).toEqual(['speech.wav']);
    await expect(encoder.writeFrame(gradientFrame(64, 64, 5))).rejects.toThrow(/aborted/);
  });

  it('ffmpeg failing on corrupt audio is an FfmpegError quoting its stderr, and leaves no file', async () => {
    // Prepare
    const audioPath = join(dir, 'corrupt.wav');
    await writeFile(
      audioPath,
      Buffer.concat([Buffer.from('RIFF\x10\x00\x00\x00WAVEjunk'), Buffer.alloc(64, 7)]),
    );
    const outPath = join(dir, 'failed.mp4');

    // Act
    const encoder = await openMp4Encoder({
      outPath,
      width: 64,
      height: 64,
      fps: 25,
      audio: { path: audioPath },
    });
    let error: unknown;
    try {
      for (let i = 0; i < 50; i++) await encoder.writeFrame(gradientFrame(64, 64, i));
      await encoder.finish();
    } catch (e) {
      error = e;
    }

    // Assess
    expect(error).toBeInstanceOf(FfmpegError);
    expect(error).toBeInstanceOf(EncodeError);
    expect((error as FfmpegError).exitCode).not.toBe(0);
    expect((error as FfmpegError).stderr).toMatch(/corrupt\.wav/);
    expect((error as Error).message).toMatch(/ffmpeg stderr \(last lines\):\n.*corrupt\.wav/s);
    expect(await readdir(dir)).toEqual(['corrupt.wav']);
  });

  it('checks its arguments and frames', async () => {
    const audio = { bytes: toneWav(0.2) };
    const outPath = join(dir, 'x.mp4');
    await expect(openMp4Encoder({ outPath, width: 65, height: 64, fps: 25, audio })).rejects.toThrow(/even/);
    await expect(openMp4Encoder({ outPath, width: 64, height: 64, fps: 0, audio })).rejects.toThrow(
      EncodeError,
    );

    const encoder = await openMp4Encoder({ outPath, width: 64, height: 64, fps: 25, audio });
    await expect(encoder.writeFrame(new Uint8Array(10))).rejects.toThrow(/expected 12288/);
    await expect(encoder.finish()).rejects.toThrow(/no frames/);
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('inputQueueFrames', () => {
  it('queues ~32 MiB of raw frames in ffmpeg, within 8 (its default) and 64 frames', () => {
    expect(inputQueueFrames(512 * 512 * 3)).toBe(42);
    expect(inputQueueFrames(2048 * 2048 * 3)).toBe(8);
    expect(inputQueueFrames(64 * 64 * 3)).toBe(64);
  });
});
