/**
 * Minimal MP4 files built box by box (ISO/IEC 14496-12), enough for the publish checks: ftyp,
 * moov (mvhd with a duration, one trak per track with its hdlr), mdat. Not playable.
 */

export interface Mp4FixtureOptions {
  /** @default 2 */
  readonly durationSec?: number;
  /** @default 1000 */
  readonly timescale?: number;
  /** @default true */
  readonly video?: boolean;
  /** @default true */
  readonly audio?: boolean;
  /** moov before mdat. @default true */
  readonly faststart?: boolean;
  /** @default 1024 */
  readonly mdatBytes?: number;
  /** mvhd version 1 (64-bit times). @default false */
  readonly version1?: boolean;
  /** Write mdat with a 64-bit largesize header. @default false */
  readonly largeMdat?: boolean;
}

const ascii = (text: string): number[] => [...text].map((c) => c.charCodeAt(0));
const u32 = (n: number): number[] => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
const u64 = (n: number): number[] => [...u32(Math.floor(n / 2 ** 32)), ...u32(n >>> 0)];
const zeros = (n: number): number[] => new Array<number>(n).fill(0);

export function box(type: string, ...payload: number[][]): number[] {
  const body = payload.flat();
  return [...u32(8 + body.length), ...ascii(type), ...body];
}

function trak(handler: 'vide' | 'soun'): number[] {
  return box(
    'trak',
    box('tkhd', zeros(84)),
    box('mdia', box('mdhd', zeros(24)), box('hdlr', zeros(8), ascii(handler), zeros(12), ascii('tbd\u0000'))),
  );
}

export function buildMp4(options: Mp4FixtureOptions = {}): Uint8Array {
  const timescale = options.timescale ?? 1000;
  const duration = Math.round((options.durationSec ?? 2) * timescale);
  const mvhd = options.version1
    ? box('mvhd', [1, 0, 0, 0], u64(0), u64(0), u32(timescale), u64(duration), zeros(80))
    : box('mvhd', [0, 0, 0, 0], u32(0), u32(0), u32(timescale), u32(duration), zeros(80));
  const moov = box(
    'moov',
    mvhd,
    options.video === false ? [] : trak('vide'),
    options.audio === false ? [] : trak('soun'),
  );
  const data = zeros(options.mdatBytes ?? 1024);
  const mdat = options.largeMdat
    ? [...u32(1), ...ascii('mdat'), ...u64(16 + data.length), ...data]
    : box('mdat', data);
  const ftyp = box('ftyp', ascii('isom'), u32(512), ascii('isomiso2avc1mp41'));
  const order = options.faststart === false ? [ftyp, mdat, moov] : [ftyp, moov, mdat];
  return Uint8Array.from(order.flat());
}
