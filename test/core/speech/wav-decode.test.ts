import { describe, expect, it } from 'vitest';
import { CorruptAudioError, EmptyAudioError, UnsupportedAudioError } from '../../../core/speech/errors.js';
import { decodeWav, readWavInfo } from '../../../core/speech/wav-decode.js';
import { sine } from './signals.js';
import { expectUserFacingAudioMessage } from './user-facing-audio-message.js';
import { writeWav } from './wav-writer.js';

/** A short ramp through -0.9..0.9, exact enough to compare after quantisation. */
function ramp(n: number): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => -0.9 + (1.8 * i) / (n - 1));
}

function maxError(a: Float32Array, b: Float32Array): number {
  let e = 0;
  for (let i = 0; i < a.length; i++) e = Math.max(e, Math.abs((a[i] as number) - (b[i] as number)));
  return e;
}

describe('decodeWav', () => {
  it.each([
    { encoding: 'pcm', bits: 8, tolerance: 1 / 128 },
    { encoding: 'pcm', bits: 16, tolerance: 1 / 32768 },
    { encoding: 'pcm', bits: 24, tolerance: 1 / 8388608 },
    { encoding: 'pcm', bits: 32, tolerance: 1e-7 },
    { encoding: 'float', bits: 32, tolerance: 0 },
    { encoding: 'float', bits: 64, tolerance: 0 },
  ] as const)('decodes $bits-bit $encoding within one quantisation step', ({ encoding, bits, tolerance }) => {
    // Prepare
    const signal = ramp(1000);
    const bytes = writeWav([signal], { sampleRate: 16000, encoding, bits });

    // Act
    const wav = decodeWav(bytes);

    // Assess
    expect(wav.sampleRate).toBe(16000);
    expect(wav.samples.length).toBe(1000);
    expect(maxError(wav.samples, signal)).toBeLessThanOrEqual(tolerance + 1e-9);
    expect(wav.info).toMatchObject({ encoding, bitsPerSample: bits, channels: 1, truncated: false });
  });

  it('downmixes stereo to the mean of the channels', () => {
    const left = sine(440, 44100, 0.1, 0.6);
    const right = sine(440, 44100, 0.1, 0.2, Math.PI); // opposite phase
    const wav = decodeWav(writeWav([left, right], { sampleRate: 44100, bits: 16 }));
    expect(wav.sampleRate).toBe(44100);
    const expected = left.map((l, i) => (l + (right[i] as number)) / 2);
    expect(maxError(wav.samples, expected)).toBeLessThan(1e-4);
  });

  it.each([44100, 48000, 8000, 22050, 96000])('keeps a %i Hz sample rate', (rate) => {
    const wav = decodeWav(writeWav([sine(440, rate, 0.05)], { sampleRate: rate }));
    expect(wav.sampleRate).toBe(rate);
    expect(wav.samples.length).toBe(Math.round(rate * 0.05));
  });

  it('decodes WAVE_FORMAT_EXTENSIBLE with 6 channels', () => {
    const channels = Array.from({ length: 6 }, (_, c) => new Float32Array(100).fill(c / 10));
    const wav = decodeWav(writeWav(channels, { sampleRate: 48000, bits: 24, extensible: true }));
    expect(wav.info.channels).toBe(6);
    expect(wav.samples[50]).toBeCloseTo(0.25, 5);
  });

  it('skips LIST chunks with odd sizes, with or without the pad byte', () => {
    const signal = ramp(200);
    const extraChunks = [
      { id: 'LIST', data: new Uint8Array(13).fill(65) },
      { id: 'fact', data: new Uint8Array(4) },
    ];
    for (const omitPad of [false, true]) {
      const wav = decodeWav(writeWav([signal], { sampleRate: 16000, extraChunks, omitPad }));
      expect(maxError(wav.samples, signal)).toBeLessThan(1e-4);
    }
  });

  it('decodes what is there of a truncated data chunk and says so', () => {
    const bytes = writeWav([ramp(1000)], { sampleRate: 16000, declaredDataBytes: 4000 });
    const info = readWavInfo(bytes.subarray(0, bytes.length - 1)); // half a frame cut too
    expect(info).toMatchObject({ frames: 999, declaredFrames: 2000, truncated: true });
    expect(decodeWav(bytes.subarray(0, bytes.length - 1)).samples.length).toBe(999);
  });

  it('replaces NaN and infinite float samples by 0', () => {
    const signal = Float32Array.from([0.5, Number.NaN, Number.POSITIVE_INFINITY, -0.5]);
    const wav = decodeWav(writeWav([signal], { sampleRate: 16000, encoding: 'float', bits: 32 }));
    expect(Array.from(wav.samples)).toEqual([0.5, 0, 0, -0.5]);
  });
});

describe('readWavInfo errors', () => {
  const good = () => writeWav([ramp(100)], { sampleRate: 16000 });

  it('says empty for 0 bytes and for a declared-empty data chunk', () => {
    expect(() => readWavInfo(new Uint8Array(0), 'a.wav')).toThrow(EmptyAudioError);
    expect(() => readWavInfo(writeWav([new Float32Array(0)], { sampleRate: 16000 }))).toThrow(
      EmptyAudioError,
    );
  });

  it('says corrupt for a truncated header, naming the file', () => {
    expect(() => readWavInfo(good().subarray(0, 30), 'voice.wav')).toThrow(/audio "voice.wav" is corrupt/);
    expect(() => readWavInfo(good().subarray(0, 10))).toThrow(CorruptAudioError);
  });

  it.each([
    { cut: 30, says: /is corrupt: the file ends early, inside its WAV header \(truncated\)\./ },
    {
      cut: 40,
      says: /is corrupt: it holds no audio data \(the WAV has no data chunk: it may be cut off\)\./,
    },
    { cut: 45, says: /is corrupt: the file ends early \(truncated: .*not even one sample\)\./ },
    { cut: 10, says: /is corrupt: it is not a WAV file \(it does not start with a RIFF\/WAVE header\)\./ },
  ])('words a WAV cut after $cut bytes plainly, naming the file and what is accepted', ({ cut, says }) => {
    // Prepare
    const bytes = good().subarray(0, cut);

    // Act
    let error: unknown;
    try {
      readWavInfo(bytes, 'voice.wav');
    } catch (caught) {
      error = caught;
    }

    // Assess
    expect(error).toBeInstanceOf(CorruptAudioError);
    expectUserFacingAudioMessage((error as CorruptAudioError).message, 'voice.wav', says);
  });

  it('says corrupt when the data chunk holds not one whole frame', () => {
    const bytes = writeWav([ramp(100)], { sampleRate: 16000 });
    expect(() => readWavInfo(bytes.subarray(0, 44 + 1))).toThrow(
      /the file ends early \(truncated: its WAV header announces 200 bytes of audio but the file holds 1, not even one sample\)/,
    );
  });

  it('says corrupt for a zero sample rate or zero channels', () => {
    const bytes = good();
    const view = new DataView(bytes.buffer);
    view.setUint32(24, 0, true);
    expect(() => readWavInfo(bytes)).toThrow(
      /the WAV header is damaged \(it declares a sample rate of 0 Hz\)/,
    );
    const other = good();
    new DataView(other.buffer).setUint16(22, 0, true);
    expect(() => readWavInfo(other)).toThrow(/the WAV header is damaged \(it declares 0 channels\)/);
  });

  it('says unsupported for other codecs, RIFX and more than 8 channels', () => {
    expect(() => readWavInfo(writeWav([ramp(100)], { sampleRate: 8000, formatTag: 2 }))).toThrow(
      /WAV codec 0x0002 \(MS ADPCM\)/,
    );
    const rifx = good();
    rifx.set([0x52, 0x49, 0x46, 0x58], 0);
    expect(() => readWavInfo(rifx)).toThrow(UnsupportedAudioError);
    const nine = writeWav(
      Array.from({ length: 9 }, () => ramp(10)),
      { sampleRate: 16000 },
    );
    expect(() => readWavInfo(nine)).toThrow(/9 channels/);
    const twelve = good();
    new DataView(twelve.buffer).setUint16(34, 12, true); // bits per sample
    expect(() => readWavInfo(twelve)).toThrow(/12-bit pcm/);
  });

  it('lists the accepted formats in unsupported errors', () => {
    expect(() => readWavInfo(writeWav([ramp(10)], { sampleRate: 16000, formatTag: 7 }))).toThrow(
      /Accepted: a complete WAV, MP3, M4A\/AAC/,
    );
  });
});
