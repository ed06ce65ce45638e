import { describe, expect, it } from 'vitest';
import { checkMp4, Mp4FormatProblem } from '../../../functions/publish/mp4-check.js';
import { box, buildMp4 } from './mp4-fixture.js';

function reader(bytes: Uint8Array) {
  const reads: [number, number][] = [];
  const read = async (start: number, end: number) => {
    reads.push([start, end]);
    return bytes.slice(start, end + 1);
  };
  return { reads, read };
}

describe('checkMp4', () => {
  it('reads a faststart file from its head: duration, tracks, box order', async () => {
    // Prepare
    const file = buildMp4({ durationSec: 2.48, mdatBytes: 200_000 });
    const { reads, read } = reader(file);

    // Act
    const facts = await checkMp4(file.length, read);

    // Assess
    expect(facts).toEqual({
      bytes: file.length,
      durationSec: 2.48,
      hasVideo: true,
      hasAudio: true,
      faststart: true,
      topLevel: ['ftyp', 'moov', 'mdat'],
    });
    expect(reads.every(([start, end]) => end - start < 70_000)).toBe(true);
  });

  it('finds a moov after the media data, 64-bit sizes and version-1 headers', async () => {
    const file = buildMp4({
      faststart: false,
      largeMdat: true,
      version1: true,
      timescale: 90_000,
      durationSec: 3,
    });
    const facts = await checkMp4(file.length, reader(file).read);
    expect(facts).toMatchObject({ durationSec: 3, faststart: false, topLevel: ['ftyp', 'mdat', 'moov'] });
  });

  it('reports missing tracks', async () => {
    const file = buildMp4({ audio: false });
    expect(await checkMp4(file.length, reader(file).read)).toMatchObject({ hasVideo: true, hasAudio: false });
  });

  it.each([
    [
      'no ftyp first',
      Uint8Array.from([
        ...box('moov', box('mvhd', new Array(100).fill(0))),
        ...box('free', [0, 0, 0, 0, 0, 0, 0, 0]),
      ]),
      /ftyp/,
    ],
    [
      'no moov',
      Uint8Array.from([...box('ftyp', new Array(16).fill(0)), ...box('mdat', new Array(64).fill(0))]),
      /no moov/,
    ],
    ['a truncated file', buildMp4().slice(0, 700), /out of range/],
    ['a tiny file', new Uint8Array(8), /only 8 bytes/],
  ])('refuses %s', async (_, file, message) => {
    await expect(checkMp4(file.length, reader(file).read)).rejects.toThrow(Mp4FormatProblem);
    await expect(checkMp4(file.length, reader(file).read)).rejects.toThrow(message);
  });
});
