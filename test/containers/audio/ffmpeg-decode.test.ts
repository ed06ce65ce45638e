import { accessSync, constants } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ffmpegDecode, ffmpegPath } from '../../../containers/gpu-sampler/src/audio/ffmpeg-decode.js';
import { FfmpegDecodeFailure } from '../../../containers/gpu-sampler/src/audio/ffmpeg-failure.js';
import { AudioDecoderError, CorruptAudioError } from '../../../core/speech/errors.js';
import { sine } from '../../core/speech/signals.js';
import { expectUserFacingAudioMessage } from '../../core/speech/user-facing-audio-message.js';
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

  it('reports garbage as corrupt in plain words, keeping ffmpeg stderr for the logs only', async () => {
    // Prepare
    const garbage = new Uint8Array(2048).fill(7);

    // Act
    const error = await ffmpegDecode(garbage, { fileName: 'x.bin' }).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(CorruptAudioError);
    const corrupt = error as CorruptAudioError;
    expectUserFacingAudioMessage(
      corrupt.message,
      'x.bin',
      /is corrupt: the bytes are not a recognisable audio file \(not WAV, MP3, M4A\/AAC, OGG, FLAC, WebM or AIFF\)\./,
    );
    expect(corrupt.decoderOutput).toMatch(/pipe:0: Invalid data found when processing input/);
    expect(corrupt.cause).toBeInstanceOf(FfmpegDecodeFailure);
    expect(corrupt.cause).toMatchObject({
      exitCode: 1,
      message: 'ffmpeg exited with code 1: pipe:0: Invalid data found when processing input',
    });
  });

  it('gives up after the timeout with a decoder (server-side) error', async () => {
    await expect(ffmpegDecode(wav(), { timeoutMs: 1 })).rejects.toThrow(
      new AudioDecoderError('ffmpeg did not finish within 1 ms'),
    );
  });
});
