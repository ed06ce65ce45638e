import { accessSync, constants } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ffmpegDecode,
  ffmpegPath,
  lastStderrLine,
} from '../../../containers/gpu-sampler/src/audio/ffmpeg-decode.js';
import { AudioDecoderError, CorruptAudioError } from '../../../core/speech/errors.js';
import { sine } from '../../core/speech/signals.js';
import { writeWav } from '../../core/speech/wav-writer.js';

const wav = () => writeWav([sine(440, 16000, 1, 0.5)], { sampleRate: 16000, bits: 16 });

describe('ffmpegPath', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('finds the bundled, executable ffmpeg', () => {
    const path = ffmpegPath();
    expect(path).toMatch(/@ffmpeg-installer\/linux-x64\/ffmpeg$/);
    expect(() => accessSync(path, constants.X_OK)).not.toThrow();
  });

  it('honours FFMPEG_PATH and says clearly when that binary is missing', () => {
    vi.stubEnv('FFMPEG_PATH', '/nonexistent/ffmpeg');
    expect(() => ffmpegPath()).toThrow(AudioDecoderError);
    expect(() => ffmpegPath()).toThrow(/ffmpeg at \/nonexistent\/ffmpeg is missing or not executable/);
  });
});

describe('ffmpegDecode', () => {
  it('decodes to 16 kHz mono float without temp files of ours', async () => {
    const decoded = await ffmpegDecode(wav());
    expect(decoded.sampleRate).toBe(16000);
    expect(decoded.totalSamples).toBe(16000);
    expect(decoded.samples.length).toBe(16000);
    expect(Math.max(...decoded.samples)).toBeCloseTo(0.5, 3);
  });

  it('keeps at most maxSamples but counts them all', async () => {
    const decoded = await ffmpegDecode(wav(), { maxSamples: 1000 });
    expect(decoded.samples.length).toBe(1000);
    expect(decoded).toMatchObject({ totalSamples: 16000, complete: true });
  });

  it('stops ffmpeg after stopAfterSamples and says the decode is incomplete', async () => {
    const decoded = await ffmpegDecode(wav(), { maxSamples: 100, stopAfterSamples: 2000 });
    expect(decoded.complete).toBe(false);
    expect(decoded.samples.length).toBe(100);
    expect(decoded.totalSamples).toBeGreaterThanOrEqual(2000);
  });

  it('reports garbage as corrupt with the last line of ffmpeg stderr', async () => {
    const garbage = new Uint8Array(2048).fill(7);
    const error = await ffmpegDecode(garbage, { fileName: 'x.bin' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CorruptAudioError);
    expect((error as Error).message).toMatch(/^audio "x.bin" is corrupt: ffmpeg exited with code 1: .+/);
  });

  it('gives up after the timeout with a decoder (server-side) error', async () => {
    await expect(ffmpegDecode(wav(), { timeoutMs: 1 })).rejects.toThrow(
      new AudioDecoderError('ffmpeg did not finish within 1 ms'),
    );
  });
});

describe('lastStderrLine', () => {
  it('takes the last meaningful line without the [demuxer @ 0x...] prefix', () => {
    const stderr = [
      '[mov,mp4,m4a,3gp,3g2,mj2 @ 0x3a579bc0] moov atom not found',
      '[cache @ 0x101694c0] Inner protocol failed to seekback end : -38',
      '    Last message repeated 4 times',
      '',
    ].join('\n');
    expect(lastStderrLine(stderr)).toBe('moov atom not found');
    expect(lastStderrLine('')).toBe('');
  });
});
