import { describe, expect, it } from 'vitest';
import {
  AudioDecoderError,
  AudioError,
  AudioTooLongError,
  CorruptAudioError,
  EmptyAudioError,
  UnsupportedAudioError,
} from '../../../core/speech/errors.js';

describe('audio errors', () => {
  it('have stable names (Step Functions match on them), a common base and a cause', () => {
    const cause = new Error('root');
    const errors = [
      new EmptyAudioError('0 bytes', { cause }),
      new CorruptAudioError('no data chunk', { cause }),
      new UnsupportedAudioError('WAV codec 0x0002', { cause }),
      new AudioTooLongError(75.25, 60, { cause }),
      new AudioDecoderError('ffmpeg missing', { cause }),
    ];
    expect(errors.map((e) => e.name)).toEqual([
      'EmptyAudioError',
      'CorruptAudioError',
      'UnsupportedAudioError',
      'AudioTooLongError',
      'AudioDecoderError',
    ]);
    for (const error of errors) {
      expect(error).toBeInstanceOf(AudioError);
      expect(error.cause).toBe(cause);
    }
  });

  it('name the file when it is known', () => {
    expect(new EmptyAudioError('0 bytes', { fileName: 'a.wav' }).message).toBe(
      'audio "a.wav" is empty (0 bytes)',
    );
    expect(new CorruptAudioError('no data chunk').message).toBe('audio is corrupt: no data chunk');
    expect(new AudioTooLongError(75.25, 60, { fileName: 'talk.mp3' })).toMatchObject({
      message: 'audio "talk.mp3" is too long: 75.25 s, the limit is 60 s',
      durationSec: 75.25,
      limitSec: 60,
      fileName: 'talk.mp3',
    });
    expect(new UnsupportedAudioError('WAV codec 0x0002 (MS ADPCM)').message).toMatch(
      /^audio is not supported: WAV codec 0x0002 \(MS ADPCM\)\. Accepted: WAV .* decoded by the bundled ffmpeg$/,
    );
  });
});
