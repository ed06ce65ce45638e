import { describe, expect, it } from 'vitest';
import {
  describeFfmpegFailure,
  FfmpegDecodeFailure,
  ffmpegFailureError,
  lastStderrLine,
} from '../../../containers/gpu-sampler/src/audio/ffmpeg-failure.js';
import { CorruptAudioError, UnsupportedAudioError } from '../../../core/speech/errors.js';
import type { AudioFormat } from '../../../core/speech/sniff.js';
import { expectUserFacingAudioMessage } from '../../core/speech/user-facing-audio-message.js';

/** stderr of the bundled ffmpeg (-loglevel error) on real bad inputs, as it wrote it. */
const STDERR = {
  garbage: 'pipe:0: Invalid data found when processing input\n',
  cutM4a: [
    '[cache @ 0x295c0540] Inner protocol failed to seekback end : -38',
    '[mov,mp4,m4a,3gp,3g2,mj2 @ 0x295bfc40] moov atom not found',
    'cache:pipe:0: Invalid data found when processing input',
    '',
  ].join('\n'),
  noiseMp3:
    '[mp3float @ 0x41d3f800] invalid new backstep -1\npipe:0: Invalid data found when processing input\n',
  cutFlac: 'pipe:0: End of file\n',
  cutAdpcmWav: "[wav @ 0xe3ecc40] no 'data' tag found\npipe:0: Invalid data found when processing input\n",
  fakeWebm:
    '[matroska,webm @ 0x122bfc40] EBML header parsing failed\npipe:0: Invalid data found when processing input\n',
  fakeAiff:
    '[aiff @ 0xa899c40] could not find COMM tag or invalid block_align value\npipe:0: Operation not permitted\n',
  cutAiff: 'pipe:0: Input/output error\n',
  silentVideo: "Output #0, f32le, to 'pipe:1':\nOutput file #0 does not contain any stream\n",
} as const;

describe('describeFfmpegFailure', () => {
  it.each<[keyof typeof STDERR, AudioFormat | undefined, string]>([
    [
      'garbage',
      undefined,
      'the bytes are not a recognisable audio file (not WAV, MP3, M4A/AAC, OGG, FLAC, WebM or AIFF)',
    ],
    [
      'cutM4a',
      'm4a',
      'the file is incomplete (the index an M4A/MP4 file needs is missing, as when an upload or a recording is cut off)',
    ],
    ['noiseMp3', 'mp3', 'its first bytes look like MP3, but the rest is not valid MP3 audio'],
    ['cutFlac', 'flac', 'the file ends early (truncated)'],
    ['cutAdpcmWav', 'wav', 'it holds no audio data (the WAV has no data chunk: it may be cut off)'],
    ['fakeWebm', 'webm', 'its first bytes look like WebM, but the rest is not valid WebM audio'],
    ['fakeAiff', 'aiff', 'its first bytes look like AIFF, but the rest is not valid AIFF audio'],
    ['cutAiff', 'aiff', 'its AIFF audio is damaged or cut off, and cannot be decoded'],
    ['cutAiff', undefined, 'it is damaged, cut off or not audio, and cannot be decoded'],
  ])('translates %s (%s) into plain words', (key, format, expected) => {
    expect(describeFfmpegFailure(STDERR[key], format)).toBe(expected);
  });
});

describe('ffmpegFailureError', () => {
  it('is corrupt, in plain words, with the raw stderr kept for the logs', () => {
    // Act
    const error = ffmpegFailureError({ code: 1, signal: null }, STDERR.noiseMp3, {
      fileName: 'speech.mp3',
      format: 'mp3',
    });

    // Assess
    expect(error).toBeInstanceOf(CorruptAudioError);
    expect(error).toMatchObject({
      name: 'CorruptAudioError',
      fileName: 'speech.mp3',
      detail: 'its first bytes look like MP3, but the rest is not valid MP3 audio',
      decoderOutput: STDERR.noiseMp3,
    });
    expectUserFacingAudioMessage(error.message, 'speech.mp3', /is corrupt: its first bytes look like MP3/);
    expect(error.cause).toBeInstanceOf(FfmpegDecodeFailure);
    expect(error.cause).toMatchObject({
      name: 'FfmpegDecodeFailure',
      exitCode: 1,
      signal: null,
      stderr: STDERR.noiseMp3,
      message: 'ffmpeg exited with code 1: pipe:0: Invalid data found when processing input',
    });
  });

  it('is unsupported for an input without an audio track', () => {
    const error = ffmpegFailureError({ code: 1, signal: null }, STDERR.silentVideo, {
      fileName: 'clip.mp4',
      format: 'mp4',
    });
    expect(error).toBeInstanceOf(UnsupportedAudioError);
    expectUserFacingAudioMessage(error.message, 'clip.mp4', /is not supported: it holds no audio track\./);
  });

  it('words a killed ffmpeg or a silent failure without quoting anything', () => {
    const killed = ffmpegFailureError({ code: null, signal: 'SIGSEGV' }, '', {
      fileName: 'a.ogg',
      format: 'ogg',
    });
    expect(killed).toBeInstanceOf(CorruptAudioError);
    expectUserFacingAudioMessage(killed.message, 'a.ogg', /is corrupt: its OGG audio is damaged or cut off/);
    expect((killed.cause as Error).message).toBe('ffmpeg was killed by SIGSEGV');
    const none = ffmpegFailureError({ code: 0, signal: null }, STDERR.cutFlac, { fileName: 'a.flac' });
    expect((none.cause as Error).message).toBe('ffmpeg decoded no samples: pipe:0: End of file');
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
