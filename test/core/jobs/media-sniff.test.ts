import { describe, expect, it } from 'vitest';
import { describeBytes, sniffAudio, sniffImageFormat } from '../../../core/jobs/media-sniff.js';

const bytes = (...parts: (string | number[])[]) =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)));

describe('media sniffing', () => {
  it.each([
    ['png', bytes([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])],
    ['jpeg', bytes([0xff, 0xd8, 0xff, 0xe0], 'JFIF')],
    ['webp', bytes('RIFF', [0, 0, 0, 0], 'WEBPVP8 ')],
  ])('recognises a %s portrait', (format, head) => {
    expect(sniffImageFormat(head)).toBe(format);
  });

  it('refuses other images and text', () => {
    expect(sniffImageFormat(bytes('GIF89a'))).toBeUndefined();
    expect(sniffImageFormat(bytes('RIFF', [0, 0, 0, 0], 'WAVEfmt '))).toBeUndefined();
    expect(sniffImageFormat(new Uint8Array())).toBeUndefined();
  });

  it.each([
    ['wav', bytes('RIFF', [0, 0, 0, 0], 'WAVEfmt ')],
    ['mp3', bytes('ID3', [4, 0, 0, 0, 0, 0x10, 0])],
    ['mp3', bytes([0xff, 0xfb, 0x90, 0x64])],
    ['m4a', bytes([0, 0, 0, 0x20], 'ftypM4A ')],
    ['ogg', bytes('OggS', [0, 2])],
    ['flac', bytes('fLaC', [0, 0, 0, 0x22])],
  ])('recognises %s audio', (format, head) => {
    expect(sniffAudio(head)).toBe(format);
  });

  it('refuses text as audio and describes the bytes it saw', () => {
    const head = bytes('hello, world');
    expect(sniffAudio(head)).toBeUndefined();
    expect(describeBytes(head)).toBe('bytes 68 65 6c 6c 6f 2c 20 77 6f 72 6c 64 ("hello, world")');
    expect(describeBytes(new Uint8Array())).toBe('an empty object');
  });
});
