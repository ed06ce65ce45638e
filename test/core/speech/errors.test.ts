import { describe, expect, it } from 'vitest';
import {
  ACCEPTED_AUDIO_FORMATS,
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
      `audio "a.wav" is empty (0 bytes): the speech must contain at least one audio sample (silence counts). Accepted: ${ACCEPTED_AUDIO_FORMATS}`,
    );
    expect(new CorruptAudioError('it holds no audio data').message).toBe(
      `audio is corrupt: it holds no audio data. Accepted: ${ACCEPTED_AUDIO_FORMATS}`,
    );
    expect(new AudioTooLongError(75.25, 60, { fileName: 'talk.mp3' })).toMatchObject({
      message: 'audio "talk.mp3" is too long: 75.25 s, the limit is 60 s',
      durationSec: 75.25,
      limitSec: 60,
      fileName: 'talk.mp3',
    });
    expect(new UnsupportedAudioError('WAV codec 0x0002 (MS ADPCM)').message).toMatch(
      /^audio is not supported: WAV codec 0x0002 \(MS ADPCM\)\. Accepted: a complete WAV, MP3, .* any number of channels\)$/,
    );
  });

  it('say what is accepted, in user terms, in every client-fault message', () => {
    const errors = [
      new EmptyAudioError('0 bytes', { fileName: 'a.wav' }),
      new CorruptAudioError('the file ends early (truncated)', { fileName: 'a.wav' }),
      new UnsupportedAudioError('it holds no audio track', { fileName: 'a.wav' }),
    ];
    for (const { message } of errors) {
      expect(message).toContain(`. Accepted: ${ACCEPTED_AUDIO_FORMATS}`);
      expect(message).toMatch(/WAV, MP3, M4A\/AAC, OGG \(Opus or Vorbis\), FLAC, WebM or AIFF/);
      expect(message).not.toMatch(/ffmpeg|in-process|\n/);
    }
  });

  it('keep detail and the decoder output apart from the message', () => {
    const error = new CorruptAudioError('the file ends early (truncated)', {
      fileName: 'a.flac',
      decoderOutput: 'pipe:0: End of file',
    });
    expect(error).toMatchObject({
      name: 'CorruptAudioError',
      detail: 'the file ends early (truncated)',
      decoderOutput: 'pipe:0: End of file',
      fileName: 'a.flac',
    });
    expect(error.message).not.toContain('pipe:');
    expect(new EmptyAudioError('0 bytes')).toMatchObject({ detail: '0 bytes', decoderOutput: undefined });
  });
});
