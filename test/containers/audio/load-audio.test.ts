import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAudio } from '../../../containers/gpu-sampler/src/audio/load-audio.js';
import {
  AudioTooLongError,
  CorruptAudioError,
  EmptyAudioError,
  UnsupportedAudioError,
} from '../../../core/speech/errors.js';
import { extractSpeechFeatures } from '../../../core/speech/features.js';
import { pearson, sine, sineAmplitude, zeroCrossingFrequency } from '../../core/speech/signals.js';
import { writeWav } from '../../core/speech/wav-writer.js';
import { type FixtureDir, fixtureDir } from './encode-fixture.js';

const SECONDS = 1.5;
/** 1.5 s of a 440 Hz sine at amplitude 0.5, 44.1 kHz stereo 16-bit. */
const toneWav = () => {
  const tone = sine(440, 44100, SECONDS, 0.5);
  return writeWav([tone, tone], { sampleRate: 44100, bits: 16 });
};

/** The decoded tone keeps its length, pitch and level (lossy codecs: level within 10 %). */
function expectTone(samples: Float32Array, durationSec: number): void {
  expect(Math.abs(durationSec - SECONDS)).toBeLessThan(0.1);
  const inner: [number, number] = [4000, samples.length - 4000];
  expect(Math.abs(zeroCrossingFrequency(samples, 16000, ...inner) - 440) / 440).toBeLessThan(0.01);
  expect(Math.abs(sineAmplitude(samples, 440, 16000, ...inner) - 0.5) / 0.5).toBeLessThan(0.1);
}

describe('loadAudio', () => {
  let fixtures: FixtureDir;
  beforeAll(() => {
    fixtures = fixtureDir();
  });
  afterAll(() => fixtures.remove());

  it('decodes a 44.1 kHz stereo WAV in-process and resamples it to 16 kHz', async () => {
    const audio = await loadAudio(toneWav(), { name: 'tone.wav' });
    expect(audio).toMatchObject({ sampleRate: 16000, format: 'wav', sourceSampleRate: 44100, warnings: [] });
    expect(audio.samples.length).toBe(24000);
    expectTone(audio.samples, audio.durationSec);
  });

  it.each([
    { name: 'tone.mp3', format: 'mp3', args: ['-c:a', 'libmp3lame', '-b:a', '96k'] },
    { name: 'tone.flac', format: 'flac', args: ['-c:a', 'flac'] },
    { name: 'tone.ogg', format: 'ogg', args: ['-c:a', 'libvorbis', '-q:a', '4'] },
    { name: 'tone.opus', format: 'ogg', args: ['-c:a', 'libopus', '-b:a', '64k', '-f', 'ogg'] },
    { name: 'tone.m4a', format: 'm4a', args: ['-c:a', 'aac', '-b:a', '96k'] },
    { name: 'tone.webm', format: 'webm', args: ['-c:a', 'libopus', '-b:a', '64k'] },
  ])('decodes $name through ffmpeg', async ({ name, format, args }) => {
    // Prepare
    const bytes = fixtures.encode(toneWav(), name, args);

    // Act
    const audio = await loadAudio(bytes, { name });

    // Assess
    expect(audio.format).toBe(format);
    expect(audio.sampleRate).toBe(16000);
    expectTone(audio.samples, audio.durationSec);
  });

  it('decodes an M4A whose index follows the samples (not seekable through a plain pipe)', async () => {
    const bytes = fixtures.generate('long.m4a', [
      '-f',
      'lavfi',
      '-i',
      'sine=frequency=440:duration=10:sample_rate=16000',
      '-c:a',
      'aac',
      '-b:a',
      '32k',
    ]);
    const moov = Buffer.from(bytes).indexOf('moov');
    expect(moov).toBeGreaterThan(Buffer.from(bytes).indexOf('mdat'));
    const audio = await loadAudio(bytes);
    expect(Math.abs(audio.durationSec - 10)).toBeLessThan(0.1);
  });

  it('hands WAV codecs it does not decode (ADPCM, A-law) to ffmpeg, with a warning', async () => {
    for (const codec of ['adpcm_ms', 'pcm_alaw']) {
      const bytes = fixtures.encode(toneWav(), `tone-${codec}.wav`, ['-c:a', codec]);
      const audio = await loadAudio(bytes);
      expect(audio.format).toBe('wav');
      expect(audio.warnings.join()).toMatch(/decoded with ffmpeg/);
      expectTone(audio.samples, audio.durationSec);
    }
  });

  it('keeps speech features intact through MP3', async () => {
    const wav = new Uint8Array(
      readFileSync(new URL('../../../examples/speech-news-16k.wav', import.meta.url)),
    );
    const mp3 = fixtures.encode(wav, 'news.mp3', ['-c:a', 'libmp3lame', '-b:a', '64k']);
    const audio = await loadAudio(mp3, { name: 'news.mp3' });
    const features = extractSpeechFeatures(audio.samples, { fps: 25 });
    expect(features.warnings).toEqual([]);
    expect(pearson(features.articulation.jawOpen, features.rms)).toBeGreaterThanOrEqual(0.7);
  });

  describe('refusals', () => {
    it('is empty for 0 bytes and for a file without samples', async () => {
      await expect(loadAudio(new Uint8Array(0), { name: 'a.wav' })).rejects.toThrow(
        new EmptyAudioError('0 bytes', { fileName: 'a.wav' }),
      );
      const empty = writeWav([new Float32Array(0)], { sampleRate: 16000 });
      await expect(loadAudio(empty)).rejects.toBeInstanceOf(EmptyAudioError);
      const emptyFlac = fixtures.encode(empty, 'empty.flac', ['-c:a', 'flac']);
      await expect(loadAudio(emptyFlac, { name: 'empty.flac' })).rejects.toThrow(
        'audio "empty.flac" is empty (no samples after decoding)',
      );
    });

    it('is unsupported for unknown bytes, naming the file and the accepted formats', async () => {
      const garbage = new TextEncoder().encode('this is not audio at all');
      const error = await loadAudio(garbage, { name: 'notes.txt' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UnsupportedAudioError);
      expect((error as Error).message).toMatch(
        /audio "notes.txt" is not supported: unrecognised format \(first bytes 74 68/,
      );
      expect((error as Error).message).toMatch(/MP3, M4A\/AAC, OGG \(Opus, Vorbis\), FLAC/);
    });

    it('is corrupt for a truncated WAV header', async () => {
      await expect(loadAudio(toneWav().subarray(0, 30), { name: 'cut.wav' })).rejects.toThrow(
        /audio "cut.wav" is corrupt/,
      );
    });

    it('is corrupt, quoting ffmpeg, when a known container holds garbage', async () => {
      const fake = new Uint8Array(4096);
      fake.set(new TextEncoder().encode('fLaC'));
      const error = await loadAudio(fake, { name: 'fake.flac' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CorruptAudioError);
      expect((error as Error).message).toMatch(/audio "fake.flac" is corrupt: .*\S/);
      const m4a = fixtures.encode(toneWav(), 'cut.m4a', ['-c:a', 'aac']);
      await expect(loadAudio(m4a.subarray(0, 200))).rejects.toBeInstanceOf(CorruptAudioError);
    });

    it('is unsupported for a video without an audio stream', async () => {
      const video = fixtures.generate('silent-video.mp4', [
        '-f',
        'lavfi',
        '-i',
        'color=c=black:s=32x32:d=0.2',
        '-c:v',
        'libx264',
        '-pix_fmt',
        'yuv420p',
      ]);
      await expect(loadAudio(video, { name: 'clip.mp4' })).rejects.toThrow(/no audio stream/);
    });

    it('is too long beyond a custom limit, stating duration and limit (WAV and ffmpeg paths)', async () => {
      const wavError = await loadAudio(toneWav(), { name: 'tone.wav', maxDurationSec: 1 }).catch(
        (e: unknown) => e,
      );
      expect(wavError).toBeInstanceOf(AudioTooLongError);
      expect(wavError).toMatchObject({ durationSec: 1.5, limitSec: 1, fileName: 'tone.wav' });
      expect((wavError as Error).message).toBe('audio "tone.wav" is too long: 1.50 s, the limit is 1 s');

      const mp3 = fixtures.encode(toneWav(), 'long.mp3', ['-c:a', 'libmp3lame']);
      const mp3Error = await loadAudio(mp3, { maxDurationSec: 0.5 }).catch((e: unknown) => e);
      expect(mp3Error).toBeInstanceOf(AudioTooLongError);
      expect((mp3Error as AudioTooLongError).durationSec).toBeCloseTo(1.5, 1);
      await expect(loadAudio(mp3, { maxDurationSec: 1.5 })).resolves.toMatchObject({ format: 'mp3' });

      // Far beyond the limit ffmpeg is stopped early: "more than".
      const far = await loadAudio(mp3, { maxDurationSec: 0.05 }).catch((e: unknown) => e);
      expect(far).toMatchObject({ name: 'AudioTooLongError', atLeast: true });
      expect((far as Error).message).toMatch(/is too long: more than 1\.\d\d s, the limit is 0\.05 s/);
    });

    it('decodes what is there of a truncated WAV, with a warning', async () => {
      const bytes = toneWav();
      const audio = await loadAudio(bytes.subarray(0, 44 + 44100 * 4)); // 1 s of the 1.5 s
      expect(audio.durationSec).toBeCloseTo(1, 3);
      expect(audio.warnings).toEqual([
        'the WAV data chunk is truncated: decoded 1.00 s of the 1.50 s it declares',
      ]);
    });

    it('refuses a non-positive limit', async () => {
      await expect(loadAudio(toneWav(), { maxDurationSec: 0 })).rejects.toBeInstanceOf(RangeError);
    });
  });
});
