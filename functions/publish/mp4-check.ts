/**
 * What an MP4 in S3 holds, from ranged reads (the media data is never downloaded): the top-level
 * boxes (ISO/IEC 14496-12 §4.2: 32-bit size, or 1 + a 64-bit largesize, or 0 = to the end), then
 * the `moov` box's movie header and track handlers.
 *
 *   ftyp                       must come first
 *   moov/mvhd                  timescale, duration -> durationSec
 *   moov/trak/mdia/hdlr        'vide' | 'soun' -> hasVideo, hasAudio
 *
 * The encoder writes `+faststart` files (moov before mdat), so the first read (the head chunk)
 * usually holds everything.
 */

export const MP4_CHECK_DEFAULTS = {
  /** Bytes read first; box headers and a faststart moov are usually inside. @default 65536 */
  headBytes: 65_536,
  /** Largest moov box read. @default 16777216 */
  moovMaxBytes: 16 * 1024 * 1024,
  /** Top-level boxes walked at most. @default 64 */
  maxTopLevelBoxes: 64,
} as const;

/** Inclusive byte range reader, like HTTP Range. */
export type ReadRange = (start: number, end: number) => Promise<Uint8Array>;

export interface Mp4Facts {
  readonly bytes: number;
  readonly durationSec: number;
  readonly hasVideo: boolean;
  readonly hasAudio: boolean;
  /** moov before mdat. */
  readonly faststart: boolean;
  readonly topLevel: readonly string[];
}

interface Box {
  readonly type: string;
  readonly payload: number;
  readonly end: number;
}

/** A problem found in the file; the caller names the object. */
export class Mp4FormatProblem extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Mp4FormatProblem';
  }
}

function fourcc(bytes: Uint8Array, at: number): string {
  return String.fromCharCode(...bytes.subarray(at, at + 4));
}

function header(bytes: Uint8Array, at: number, available: number, base: number): Box {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const size32 = view.getUint32(at);
  const type = fourcc(bytes, at + 4);
  if (size32 === 1) {
    if (at + 16 > bytes.length) throw new Mp4FormatProblem(`truncated ${type} box header`);
    const size = Number(view.getBigUint64(at + 8));
    if (size < 16 || size > available) throw new Mp4FormatProblem(`${type} box size ${size} is out of range`);
    return { type, payload: base + 16, end: base + size };
  }
  const size = size32 === 0 ? available : size32;
  if (size < 8 || size > available) throw new Mp4FormatProblem(`${type} box size ${size} is out of range`);
  return { type, payload: base + 8, end: base + size };
}

/** Children laid end to end in bytes[start, end). */
function children(bytes: Uint8Array, start: number, end: number): Box[] {
  const boxes: Box[] = [];
  for (let at = start; at + 8 <= end; ) {
    const box = header(bytes, at, end - at, at);
    boxes.push(box);
    at = box.end;
  }
  return boxes;
}

function child(bytes: Uint8Array, parent: Box | undefined, type: string): Box | undefined {
  return parent && children(bytes, parent.payload, parent.end).find((box) => box.type === type);
}

async function topLevelBoxes(size: number, read: ReadRange): Promise<Box[]> {
  const head = await read(0, Math.min(size, MP4_CHECK_DEFAULTS.headBytes) - 1);
  const boxes: Box[] = [];
  for (let at = 0; at + 8 <= size; ) {
    if (boxes.length >= MP4_CHECK_DEFAULTS.maxTopLevelBoxes)
      throw new Mp4FormatProblem(`more than ${MP4_CHECK_DEFAULTS.maxTopLevelBoxes} top-level boxes`);
    const bytes =
      at + 16 <= head.length ? head.subarray(at, at + 16) : await read(at, Math.min(at + 16, size) - 1);
    const box = header(bytes, 0, size - at, at);
    boxes.push(box);
    at = box.end;
  }
  return boxes;
}

/** @throws Mp4FormatProblem */
export async function checkMp4(size: number, read: ReadRange): Promise<Mp4Facts> {
  if (size < 16) throw new Mp4FormatProblem(`only ${size} bytes`);
  const top = await topLevelBoxes(size, read);
  const names = top.map((box) => box.type);
  if (names[0] !== 'ftyp')
    throw new Mp4FormatProblem(`it does not start with an ftyp box (found ${names[0]})`);
  const moovBox = top.find((box) => box.type === 'moov');
  if (!moovBox) throw new Mp4FormatProblem('it has no moov box (an unfinished or fragmented file)');
  if (moovBox.end - moovBox.payload > MP4_CHECK_DEFAULTS.moovMaxBytes)
    throw new Mp4FormatProblem(`its moov box is larger than ${MP4_CHECK_DEFAULTS.moovMaxBytes} bytes`);

  const moov = await read(moovBox.payload, moovBox.end - 1);
  const root: Box = { type: 'moov', payload: 0, end: moov.length };
  const mvhd = child(moov, root, 'mvhd');
  if (!mvhd) throw new Mp4FormatProblem('it has no moov/mvhd box');
  const view = new DataView(moov.buffer, moov.byteOffset, moov.byteLength);
  const version = moov[mvhd.payload];
  const timescale = view.getUint32(mvhd.payload + (version === 1 ? 20 : 12));
  const duration =
    version === 1 ? Number(view.getBigUint64(mvhd.payload + 24)) : view.getUint32(mvhd.payload + 16);
  if (timescale === 0) throw new Mp4FormatProblem('its movie timescale is 0');

  const handlers = children(moov, root.payload, root.end)
    .filter((box) => box.type === 'trak')
    .map((trak) => child(moov, child(moov, trak, 'mdia'), 'hdlr'))
    .map((hdlr) => (hdlr ? fourcc(moov, hdlr.payload + 8) : ''));
  return {
    bytes: size,
    durationSec: duration / timescale,
    hasVideo: handlers.includes('vide'),
    hasAudio: handlers.includes('soun'),
    faststart: names.includes('mdat') && names.indexOf('moov') < names.indexOf('mdat'),
    topLevel: names,
  };
}
