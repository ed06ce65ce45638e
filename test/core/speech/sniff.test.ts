import { describe, expect, it } from 'vitest';
import { describeMagic, describeStart, sniffAudioFormat } from '../../../core/speech/sniff.js';

const bytes = (...parts: Array<string | number[]>): Uint8Array =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? Array.from(p, (c) => c.charCodeAt(0)) : p)));

describe('sniffAudioFormat', () => {
  it.each([
    ['wav', bytes('RIFF', [0, 0, 0, 0], 'WAVE', 'fmt ')],
    ['wav', bytes('RF64', [0xff, 0xff, 0xff, 0xff], 'WAVE')],
    ['aiff', bytes('FORM', [0, 0, 0, 0], 'AIFF')],
    ['flac', bytes('fLaC', [0, 0, 0, 34])],
    ['ogg', bytes('OggS', [0, 2])],
    ['webm', bytes([0x1a, 0x45, 0xdf, 0xa3, 0x9f])],
    ['m4a', bytes([0, 0, 0, 0x18], 'ftyp', 'M4A ', [0, 0, 0, 0])],
    ['mp4', bytes([0, 0, 0, 0x18], 'ftyp', 'isom', [0, 0, 0, 0])],
    ['mp3', bytes('ID3', [4, 0, 0, 0, 0, 0, 0], [0xff, 0xfb, 0x90, 0x64])],
    ['mp3', bytes([0xff, 0xfb, 0x90, 0x64, 0, 0])],
    ['aac', bytes([0xff, 0xf1, 0x50, 0x80, 0, 0])],
    ['flac', bytes('ID3', [4, 0, 0, 0, 0, 0, 2], [0, 0], 'fLaC')],
    ['unknown', bytes('hello world, not audio')],
    ['unknown', bytes([0xff, 0xfb, 0xf0, 0x64])], // bitrate index 15 is invalid
    ['unknown', bytes('RIFF', [0, 0, 0, 0], 'AVI ')],
    ['unknown', new Uint8Array(0)],
  ] as const)('detects %s', (format, input) => {
    expect(sniffAudioFormat(input)).toBe(format);
  });

  it('describes the first bytes in hex for messages', () => {
    expect(describeMagic(bytes('RIFF'))).toBe('52 49 46 46');
    expect(describeMagic(new Uint8Array(20), 2)).toBe('00 00 ...');
  });

  it('quotes a text file as text and anything else as hex bytes', () => {
    expect(describeStart(bytes('hello, this is a text file'))).toBe('the text "hello, this is a"');
    expect(describeStart(bytes('say "hi"\n'))).toBe('the text "say \\"hi\\"\\n"');
    expect(describeStart(new Uint8Array(20).fill(7))).toBe('the bytes 07 07 07 07 07 07 07 07');
    expect(describeStart(bytes('ab', [0]))).toBe('the bytes 61 62 00');
  });
});
