/**
 * `probeMp4`: what an MP4 holds, read from its boxes (only ffmpeg is bundled, not ffprobe).
 *
 *   moov/mvhd                      movie timescale and duration
 *   moov/trak/tkhd                 track duration (movie timescale), width, height
 *   moov/trak/edts/elst            presentation duration (priming samples excluded)
 *   moov/trak/mdia/hdlr            'vide' | 'soun'
 *   moov/trak/mdia/mdhd            media timescale
 *   moov/trak/mdia/minf/stbl/stsd  sample entry: 'avc1' (+ avcC) | 'mp4a' (+ esds), channels, rate
 *   moov/trak/mdia/minf/stbl/stts  sample count and durations -> frames, fps
 *   moov/trak/mdia/minf/stbl/stsz  sample count (cross-check)
 */
import { open } from 'node:fs/promises';
import { Mp4FormatError } from './errors.js';
import {
  type Box,
  BoxReader,
  childBoxes,
  fileBoxes,
  findBox,
  fourcc,
  readPayload,
  requireBox,
} from './iso-bmff.js';

export interface Mp4VideoTrack {
  /** Sample entry fourcc, e.g. 'avc1'. */
  readonly codec: string;
  readonly width: number;
  readonly height: number;
  readonly frames: number;
  /** Frames per second (constant-rate: media timescale / sample delta). */
  readonly fps: number;
  /** Presentation duration (edit list applied, else tkhd). */
  readonly durationSec: number;
  /** From avcC: profile_idc (66 baseline, 77 main, 100 high) and chroma_format_idc (1 = 4:2:0). */
  readonly avc?: {
    readonly profile: number;
    readonly level: number;
    readonly chromaFormat: number;
    readonly bitDepth: number;
  };
}

export interface Mp4AudioTrack {
  /** Sample entry fourcc, e.g. 'mp4a'. */
  readonly codec: string;
  readonly channels: number;
  readonly sampleRate: number;
  readonly durationSec: number;
  /** From esds: objectTypeIndication (0x40 = MPEG-4 audio) and audioObjectType (2 = AAC LC). */
  readonly objectType?: number;
  readonly audioObjectType?: number;
}

export interface Mp4Probe {
  /** Presentation duration: the longest track, edit lists applied (what players play). */
  readonly durationSec: number;
  /** mvhd's duration, which some encoders compute without the edit lists (AAC priming included). */
  readonly headerDurationSec: number;
  readonly width: number;
  readonly height: number;
  readonly fps: number;
  readonly hasAudio: boolean;
  readonly videoCodec: string | undefined;
  readonly audioCodec: string | undefined;
  /** 'moov' before 'mdat' (playback can start before the whole file has arrived). */
  readonly faststart: boolean;
  readonly topLevel: readonly string[];
  readonly video: Mp4VideoTrack | undefined;
  readonly audio: Mp4AudioTrack | undefined;
}

/** @throws Mp4FormatError when the file is not a readable, non-fragmented MP4. */
export async function probeMp4(path: string): Promise<Mp4Probe> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const top = await fileBoxes(file, size);
    if (top[0]?.type !== 'ftyp') throw new Mp4FormatError(`${path} does not start with an ftyp box`);
    const moovBox = top.find((box) => box.type === 'moov');
    if (!moovBox) throw new Mp4FormatError(`${path} has no moov box (unfinished or fragmented file)`);
    const moov = await readPayload(file, moovBox);
    return parseMoov(moov, top);
  } catch (error) {
    if (error instanceof Mp4FormatError) throw error;
    throw new Mp4FormatError(`cannot read ${path} as MP4: ${(error as Error).message}`, { cause: error });
  } finally {
    await file.close();
  }
}

function parseMoov(moov: Uint8Array, top: readonly Box[]): Mp4Probe {
  const mvhd = new BoxReader(moov, requireBox(moov, ['mvhd']).payload);
  const mvhdVersion = mvhd.version();
  mvhd.skip(mvhdVersion === 1 ? 16 : 8);
  const movieTimescale = mvhd.u32();
  const movieDuration = mvhd.uv(mvhdVersion);

  let video: Mp4VideoTrack | undefined;
  let audio: Mp4AudioTrack | undefined;
  for (const trak of childBoxes(moov).filter((box) => box.type === 'trak')) {
    const handler = fourcc(moov, requireBox(moov, ['mdia', 'hdlr'], trak.payload, trak.end).payload + 8);
    if (handler === 'vide' && !video) video = parseVideo(moov, trak, movieTimescale);
    if (handler === 'soun' && !audio) audio = parseAudio(moov, trak, movieTimescale);
  }
  const names = top.map((box) => box.type);
  const tracks = [video, audio].filter((track) => track !== undefined);
  return {
    durationSec: tracks.length ? Math.max(...tracks.map((track) => track.durationSec)) : 0,
    headerDurationSec: movieDuration / movieTimescale,
    width: video?.width ?? 0,
    height: video?.height ?? 0,
    fps: video?.fps ?? 0,
    hasAudio: audio !== undefined,
    videoCodec: video?.codec,
    audioCodec: audio?.codec,
    faststart: names.includes('mdat') && names.indexOf('moov') < names.indexOf('mdat'),
    topLevel: names,
    video,
    audio,
  };
}

interface TrackBasics {
  readonly durationSec: number;
  readonly width: number;
  readonly height: number;
  readonly timescale: number;
  readonly stbl: Box;
  readonly entry: Box;
}

function trackBasics(moov: Uint8Array, trak: Box, movieTimescale: number): TrackBasics {
  const tkhd = new BoxReader(moov, requireBox(moov, ['tkhd'], trak.payload, trak.end).payload);
  const version = tkhd.version();
  tkhd.skip(version === 1 ? 16 : 8).skip(8); // times, track_ID + reserved
  const headerDuration = tkhd.uv(version);
  tkhd.skip(8 + 2 + 2 + 2 + 2 + 36); // reserved, layer, alternate_group, volume, reserved, matrix
  const width = tkhd.u32() / 65536;
  const height = tkhd.u32() / 65536;

  const mdhd = new BoxReader(moov, requireBox(moov, ['mdia', 'mdhd'], trak.payload, trak.end).payload);
  mdhd.skip(mdhd.version() === 1 ? 16 : 8);
  const timescale = mdhd.u32();

  const stbl = requireBox(moov, ['mdia', 'minf', 'stbl'], trak.payload, trak.end);
  const stsd = requireBox(moov, ['stsd'], stbl.payload, stbl.end);
  const [entry] = childBoxes(moov, stsd.payload + 8, stsd.end);
  if (!entry) throw new Mp4FormatError('empty stsd box');
  const edited = editListDuration(moov, trak);
  return { durationSec: (edited ?? headerDuration) / movieTimescale, width, height, timescale, stbl, entry };
}

/**
 * The presentation length of a track's edit list (movie timescale), if it has one. Encoders put
 * AAC priming samples before the edit's media_time; some (ffmpeg 4.1) still count them in tkhd
 * and mvhd durations, the edit list does not.
 */
function editListDuration(moov: Uint8Array, trak: Box): number | undefined {
  const elst = findBox(moov, ['edts', 'elst'], trak.payload, trak.end);
  if (!elst) return undefined;
  const r = new BoxReader(moov, elst.payload, elst.end);
  const version = r.version();
  const entries = r.u32();
  let total = 0;
  for (let i = 0; i < entries; i++) {
    total += r.uv(version);
    r.skip(version === 1 ? 8 : 4).skip(4); // media_time, media_rate
  }
  return total;
}

function parseVideo(moov: Uint8Array, trak: Box, movieTimescale: number): Mp4VideoTrack {
  const { durationSec, width, height, timescale, stbl, entry } = trackBasics(moov, trak, movieTimescale);
  const stts = new BoxReader(moov, requireBox(moov, ['stts'], stbl.payload, stbl.end).payload);
  stts.version();
  const entries = stts.u32();
  let frames = 0;
  let ticks = 0;
  const deltas = new Set<number>();
  for (let i = 0; i < entries; i++) {
    const count = stts.u32();
    const delta = stts.u32();
    frames += count;
    ticks += count * delta;
    if (count > 0) deltas.add(delta);
  }
  const stsz = new BoxReader(moov, requireBox(moov, ['stsz'], stbl.payload, stbl.end).payload);
  stsz.version();
  stsz.skip(4);
  const sampleCount = stsz.u32();
  if (sampleCount !== frames)
    throw new Mp4FormatError(`video stts counts ${frames} samples, stsz ${sampleCount}`);
  const fps = deltas.size === 1 ? timescale / [...deltas][0]! : ticks > 0 ? (frames * timescale) / ticks : 0;

  // VisualSampleEntry: 8 (reserved, data_reference_index) + 16 + width, height + 50 more bytes.
  const avcC = findBox(moov, ['avcC'], entry.payload + 78, entry.end);
  return {
    codec: entry.type,
    width,
    height,
    frames,
    fps,
    durationSec,
    ...(avcC ? { avc: parseAvcC(moov, avcC) } : {}),
  };
}

/** AVCDecoderConfigurationRecord (ISO/IEC 14496-15 §5.3.3.1). */
function parseAvcC(bytes: Uint8Array, box: Box): NonNullable<Mp4VideoTrack['avc']> {
  const r = new BoxReader(bytes, box.payload, box.end);
  r.skip(1); // configurationVersion
  const profile = r.u8();
  r.skip(1); // profile_compatibility
  const level = r.u8();
  r.skip(1); // lengthSizeMinusOne
  const sps = r.u8() & 0x1f;
  for (let i = 0; i < sps; i++) r.skip(r.u16());
  const pps = r.u8();
  for (let i = 0; i < pps; i++) r.skip(r.u16());
  let chromaFormat = 1;
  let bitDepth = 8;
  if ([100, 110, 122, 144].includes(profile) && r.offset + 4 <= box.end) {
    chromaFormat = r.u8() & 0x03;
    bitDepth = (r.u8() & 0x07) + 8;
  }
  return { profile, level, chromaFormat, bitDepth };
}

function parseAudio(moov: Uint8Array, trak: Box, movieTimescale: number): Mp4AudioTrack {
  const { durationSec, entry } = trackBasics(moov, trak, movieTimescale);
  // AudioSampleEntry: 8 + version (QuickTime: 0, 1 or 2) + 6 reserved, channelcount, samplesize,
  // 4 reserved, samplerate (16.16); QuickTime versions 1 and 2 append 16 or 36 bytes.
  const r = new BoxReader(moov, entry.payload, entry.end).skip(8);
  const soundVersion = r.u16();
  r.skip(6);
  const channels = r.u16();
  r.skip(2 + 4);
  const sampleRate = r.u32() / 65536;
  const extra = soundVersion === 1 ? 16 : soundVersion === 2 ? 36 : 0;
  const esds = findBox(moov, ['esds'], entry.payload + 28 + extra, entry.end);
  const config = esds ? parseEsds(moov, esds) : {};
  return {
    codec: entry.type,
    // The sample entry's channelcount is often a template 2; AudioSpecificConfig knows better.
    channels: config.channelConfiguration || channels,
    sampleRate,
    durationSec,
    ...(config.objectType === undefined ? {} : { objectType: config.objectType }),
    ...(config.audioObjectType === undefined ? {} : { audioObjectType: config.audioObjectType }),
  };
}

/** ES_Descriptor (tag 3) > DecoderConfigDescriptor (tag 4) > DecoderSpecificInfo (tag 5). */
function parseEsds(
  bytes: Uint8Array,
  box: Box,
): { objectType?: number; audioObjectType?: number; channelConfiguration?: number } {
  const r = new BoxReader(bytes, box.payload, box.end);
  r.version();
  const descriptor = (): { tag: number; end: number } => {
    const tag = r.u8();
    let length = 0;
    for (let i = 0; i < 4; i++) {
      const b = r.u8();
      length = (length << 7) | (b & 0x7f);
      if ((b & 0x80) === 0) break;
    }
    return { tag, end: r.offset + length };
  };
  if (descriptor().tag !== 3) return {};
  r.skip(2); // ES_ID
  const flags = r.u8();
  if (flags & 0x80) r.skip(2);
  if (flags & 0x40) r.skip(r.u8());
  if (flags & 0x20) r.skip(2);
  if (descriptor().tag !== 4) return {};
  const objectType = r.u8();
  r.skip(12);
  if (descriptor().tag !== 5) return { objectType };
  // AudioSpecificConfig: audioObjectType (5 bits), samplingFrequencyIndex (4; 15 -> 24 more), channels (4).
  let bits = 0;
  let count = 0;
  const read = (n: number): number => {
    while (count < n) {
      bits = (bits << 8) | r.u8();
      count += 8;
    }
    count -= n;
    return (bits >>> count) & ((1 << n) - 1);
  };
  const audioObjectType = read(5);
  if (read(4) === 15) {
    read(12);
    read(12);
  }
  return { objectType, audioObjectType, channelConfiguration: read(4) };
}
