import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Mp4FormatError } from '../../../containers/gpu-sampler/src/encode/errors.js';
import { childBoxes } from '../../../containers/gpu-sampler/src/encode/iso-bmff.js';
import { probeMp4 } from '../../../containers/gpu-sampler/src/encode/probe.js';

// A hand-built MP4 (ISO/IEC 14496-12) exercising version-1 boxes, a 64-bit largesize, and a
// last box of size 0 ("to the end of the file"): 10 frames of 1/24 s, 640×360, no audio.

const u8 = (...values: number[]) => Buffer.from(values);
const u16 = (v: number) => Buffer.from([v >> 8, v & 255]);
const u32 = (v: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(v);
  return b;
};
const u64 = (v: number) => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(v));
  return b;
};
const zeros = (n: number) => Buffer.alloc(n);
const box = (type: string, ...parts: Buffer[]) => {
  const payload = Buffer.concat(parts);
  return Buffer.concat([u32(8 + payload.length), Buffer.from(type, 'latin1'), payload]);
};
const fullBox = (type: string, version: number, ...parts: Buffer[]) =>
  box(type, u8(version, 0, 0, 0), ...parts);

function handMadeMp4(): Buffer {
  const mvhd = fullBox('mvhd', 1, zeros(16), u32(1000), u64(416), zeros(80));
  const tkhd = fullBox(
    'tkhd',
    1,
    zeros(16),
    u32(1),
    zeros(4),
    u64(417),
    zeros(8 + 8 + 36),
    u32(640 << 16),
    u32(360 << 16),
  );
  const mdhd = fullBox('mdhd', 1, zeros(16), u32(24_000), u64(10_000), zeros(4));
  const hdlr = fullBox('hdlr', 0, zeros(4), Buffer.from('vide'), zeros(12), u8(0));
  const avcC = box('avcC', u8(1, 100, 0, 31, 0xff, 0xe0, 0), u8(0xfc | 1, 0xf8 | 0, 0xf8 | 0, 0));
  const avc1 = box('avc1', zeros(6), u16(1), zeros(16), u16(640), u16(360), zeros(50), avcC);
  const stsd = fullBox('stsd', 0, u32(1), avc1);
  const stts = fullBox('stts', 0, u32(1), u32(10), u32(1000));
  const stsz = fullBox('stsz', 0, u32(100), u32(10));
  const stbl = box('stbl', stsd, stts, stsz);
  const trak = box('trak', tkhd, box('mdia', mdhd, hdlr, box('minf', stbl)));
  const moov = box('moov', mvhd, trak);
  const ftyp = box('ftyp', Buffer.from('isom'), u32(512), Buffer.from('isomavc1'));
  const mdat = Buffer.concat([u32(1), Buffer.from('mdat'), u64(16 + 1000), zeros(1000)]);
  const tail = Buffer.concat([u32(0), Buffer.from('free'), zeros(20)]);
  return Buffer.concat([ftyp, moov, mdat, tail]);
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tbd-probe-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('probeMp4', () => {
  it('reads a hand-made MP4 with version-1 boxes, largesize and a size-0 last box', async () => {
    const path = join(dir, 'hand.mp4');
    await writeFile(path, handMadeMp4());

    const probe = await probeMp4(path);

    expect(probe).toMatchObject({
      width: 640,
      height: 360,
      fps: 24,
      hasAudio: false,
      videoCodec: 'avc1',
      audioCodec: undefined,
      faststart: true,
      topLevel: ['ftyp', 'moov', 'mdat', 'free'],
    });
    expect(probe.durationSec).toBeCloseTo(0.417, 6); // tkhd (no edit list)
    expect(probe.headerDurationSec).toBeCloseTo(416 / 1000, 6);
    expect(probe.video).toMatchObject({
      frames: 10,
      avc: { profile: 100, level: 31, chromaFormat: 1, bitDepth: 8 },
    });
  });

  it.each([
    ['a text file', Buffer.from('hello, not a movie\n'), /does not start with an ftyp|size/],
    [
      'a box larger than the file',
      Buffer.concat([u32(4096), Buffer.from('ftyp'), zeros(8)]),
      /has size 4096/,
    ],
    ['no moov', box('ftyp', Buffer.from('isom'), u32(0)), /no moov box/],
  ])('refuses %s with Mp4FormatError', async (_name, bytes, message) => {
    const path = join(dir, 'bad.mp4');
    await writeFile(path, bytes);

    const error = await probeMp4(path).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(Mp4FormatError);
    expect((error as Error).message).toMatch(message);
  });

  it('childBoxes rejects a box that overruns its container', () => {
    const bytes = Buffer.concat([box('free', zeros(4)), u32(100), Buffer.from('skip')]);
    expect(() => childBoxes(bytes)).toThrow(/skip box at offset 12 has size 100, 8 bytes available/);
  });
});
