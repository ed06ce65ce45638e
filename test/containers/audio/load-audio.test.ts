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
import { expectUserFacingAudioMessage } from '../../core/speech/user-facing-audio-message.js';
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
        'audio "empty.flac" is empty (no samples after decoding): the speech must contain at least one audio sample',
      );
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
      const error = await loadAudio(video, { name: 'clip.mp4' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UnsupportedAudioError);
      expectUserFacingAudioMessage(
        (error as Error).message,
        'clip.mp4',
        /is not supported: it holds no audio track\./,
      );
    });

    it('says an M4A cut short is incomplete (read through the seekable pipe)', async () => {
      const m4a = fixtures.encode(toneWav(), 'cut.m4a', ['-c:a', 'aac']);
      const error = await loadAudio(m4a.subarray(0, 200), { name: 'cut.m4a' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CorruptAudioError);
      expectUserFacingAudioMessage(
        (error as Error).message,
        'cut.m4a',
        /is corrupt: the file is incomplete \(the index an M4A\/MP4 file needs is missing, as when an upload or a recording is cut off\)\./,
      );
      expect((error as CorruptAudioError).decoderOutput).toMatch(/moov atom not found/);
    });
  });

  /** The messages a user reads for each kind of bad file: the file, what is wrong, what is accepted. */
  describe('user-facing messages', () => {
    /** An ID3 tag and then noise: sniffed as MP3, refused by ffmpeg. */
    const noiseMp3 = () => {
      const bytes = new Uint8Array(4096);
      bytes.set([0x49, 0x44, 0x33, 0x04, 0, 0, 0, 0, 0, 0]);
      let state = 12345;
      for (let i = 10; i < bytes.length; i++) {
        state = (state * 1103515245 + 12345) >>> 0;
        bytes[i] = (state >>> 16) & 0xff;
      }
      return bytes;
    };
    /** "fLaC" and then zeros: sniffed as FLAC, refused by ffmpeg. */
    const fakeFlac = () => {
      const bytes = new Uint8Array(4096);
      bytes.set(new TextEncoder().encode('fLaC'));
      return bytes;
    };

    it.each([
      {
        about: 'zero bytes',
        name: 'speech.wav',
        bytes: () => new Uint8Array(0),
        type: EmptyAudioError,
        says: /is empty \(0 bytes\): the speech must contain at least one audio sample \(silence counts\)\./,
      },
      {
        about: 'a WAV cut inside its header',
        name: 'cut.wav',
        bytes: () => toneWav().subarray(0, 30),
        type: CorruptAudioError,
        says: /is corrupt: the file ends early, inside its WAV header \(truncated\)\./,
      },
      {
        about: 'a WAV cut right after its header',
        name: 'cut.wav',
        bytes: () => toneWav().subarray(0, 45),
        type: CorruptAudioError,
        says: /is corrupt: the file ends early \(truncated: its WAV header announces 264600 bytes of audio but the file holds 1, not even one sample\)\./,
      },
      {
        about: 'a text file named .wav',
        name: 'notes.wav',
        bytes: () => new TextEncoder().encode('this is not audio at all'),
        type: UnsupportedAudioError,
        says: /is not supported: the bytes are not a recognisable audio file \(not WAV, MP3, M4A\/AAC, OGG, FLAC, WebM or AIFF\); it starts with the text "this is not audi"\./,
      },
      {
        about: 'garbage bytes',
        name: 'noise.wav',
        bytes: () => new Uint8Array(2048).fill(7),
        type: UnsupportedAudioError,
        says: /is not supported: the bytes are not a recognisable audio file .*; it starts with the bytes 07 07 07 07 07 07 07 07\./,
      },
      {
        about: 'garbage after an MP3 tag (ffmpeg)',
        name: 'speech.mp3',
        bytes: noiseMp3,
        type: CorruptAudioError,
        says: /is corrupt: its first bytes look like MP3, but the rest is not valid MP3 audio\./,
      },
      {
        about: 'garbage after a FLAC signature (ffmpeg)',
        name: 'fake.flac',
        bytes: fakeFlac,
        type: CorruptAudioError,
        says: /is corrupt: its first bytes look like FLAC, but the rest is not valid FLAC audio\./,
      },
    ])(
      '$about: names the file, says what is wrong and what is accepted',
      async ({ name, bytes, type, says }) => {
        // Act
        const error = await loadAudio(bytes(), { name }).catch((e: unknown) => e);

        // Assess
        expect(error).toBeInstanceOf(type);
        expectUserFacingAudioMessage((error as Error).message, name, says);
      },
    );

    it.each([
      { name: 'cut.flac', args: ['-c:a', 'flac'], keep: 3000 },
      { name: 'cut.ogg', args: ['-c:a', 'libopus', '-b:a', '64k', '-f', 'ogg'], keep: 500 },
    ])(
      '$name cut short (ffmpeg): truncated, with the raw stderr kept for logs',
      async ({ name, args, keep }) => {
        // Prepare
        const whole = fixtures.encode(toneWav(), name, args);

        // Act
        const error = await loadAudio(whole.subarray(0, keep), { name }).catch((e: unknown) => e);

        // Assess
        expect(error).toBeInstanceOf(CorruptAudioError);
        expectUserFacingAudioMessage(
          (error as Error).message,
          name,
          /is corrupt: the file ends early \(truncated\)\./,
        );
        expect((error as CorruptAudioError).decoderOutput).toMatch(/End of file/);
      },
    );
  });

  describe('lengths and limits', () => {
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
