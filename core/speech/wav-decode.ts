/**
 * A pure WAV decoder: RIFF (and RF64) WAVE files, little-endian, to mono float samples.
 *
 * Accepted: `WAVE_FORMAT_PCM` (1) with 8-bit unsigned or 16/24/32-bit signed integers,
 * `WAVE_FORMAT_IEEE_FLOAT` (3) with 32/64-bit floats, and `WAVE_FORMAT_EXTENSIBLE` (0xFFFE)
 * wrapping either (samples left-justified in their container, e.g. 24 valid bits in 32); any
 * sample rate; 1..8 channels, downmixed to mono by the mean of the channels.
 *
 * Scaling to -1..1: 8-bit `(b - 128) / 128`; n-bit signed `v / 2^(n-1)`; floats as stored, with
 * NaN and infinities replaced by 0.
 *
 * Robustness: chunks are walked by their declared sizes with the RIFF pad byte after odd-sized
 * chunks (and tolerated when a writer forgot it); unknown chunks (LIST, fact, cue, ...) are
 * skipped; the RIFF size is ignored; a data chunk that runs past the end of the file is decoded as
 * far as whole frames go (`truncated: true`). A declared-empty data chunk is `EmptyAudioError`; a
 * broken header, no fmt or data chunk, or not one whole frame is `CorruptAudioError`; other codecs
 * (ADPCM, A-law, mu-law, ...), RIFX (big-endian) and more than 8 channels are
 * `UnsupportedAudioError`, which a caller may hand to ffmpeg instead.
 */
import { CorruptAudioError, EmptyAudioError, UnsupportedAudioError } from './errors.js';

export const WAV_DECODE_DEFAULTS = {
  /** Most channels decoded in-process. @default 8 */
  maxChannels: 8,
  /** Sample rates outside 1..maxSampleRate Hz are corrupt headers. @default 1_000_000 */
  maxSampleRate: 1_000_000,
} as const;

export type WavEncoding = 'pcm' | 'float';

/** The parsed header of a WAV file and where its samples are. */
export interface WavInfo {
  readonly encoding: WavEncoding;
  /** Container bits per sample (8, 16, 24, 32 or 64). */
  readonly bitsPerSample: number;
  readonly channels: number;
  readonly sampleRate: number;
  /** Bytes per frame (all channels of one sample instant). */
  readonly blockAlign: number;
  /** Offset of the first sample byte. */
  readonly dataOffset: number;
  /** Whole frames present in the file. */
  readonly frames: number;
  /** Frames the data chunk declares (more than `frames` when truncated). */
  readonly declaredFrames: number;
  readonly truncated: boolean;
}

export interface DecodedWav {
  readonly sampleRate: number;
  /** Mono samples, -1..1. */
  readonly samples: Float32Array;
  readonly info: WavInfo;
}

const CODEC_NAMES: Record<number, string> = {
  2: 'MS ADPCM',
  6: 'A-law',
  7: 'mu-law',
  17: 'IMA ADPCM',
  49: 'GSM 6.10',
  80: 'MPEG',
  85: 'MP3',
};

function fourcc(bytes: Uint8Array, offset: number): string {
  return String.fromCharCode(...bytes.subarray(offset, offset + 4));
}

/** A chunk id is four printable ASCII characters. */
function isChunkId(bytes: Uint8Array, offset: number): boolean {
  if (offset + 8 > bytes.length) return false;
  for (let i = offset; i < offset + 4; i++) {
    const c = bytes[i] ?? 0;
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

interface FmtChunk {
  readonly tag: number;
  readonly channels: number;
  readonly sampleRate: number;
  readonly blockAlign: number;
  readonly bitsPerSample: number;
}

function readFmt(view: DataView, offset: number, size: number, fileName?: string): FmtChunk {
  if (size < 16)
    throw new CorruptAudioError(
      `the WAV header is damaged (its fmt chunk is ${size} bytes, at least 16 are needed)`,
      { fileName },
    );
  let tag = view.getUint16(offset, true);
  if (tag === 0xfffe) {
    if (size < 40)
      throw new CorruptAudioError(
        `the WAV header is damaged (its extensible fmt chunk is ${size} bytes, at least 40 are needed)`,
        { fileName },
      );
    tag = view.getUint16(offset + 24, true); // the sub-format GUID starts with the format tag
  }
  return {
    tag,
    channels: view.getUint16(offset + 2, true),
    sampleRate: view.getUint32(offset + 4, true),
    blockAlign: view.getUint16(offset + 12, true),
    bitsPerSample: view.getUint16(offset + 14, true),
  };
}

function checkFmt(fmt: FmtChunk, fileName?: string): WavEncoding {
  const { tag, channels, sampleRate, bitsPerSample: bits } = fmt;
  if (channels === 0)
    throw new CorruptAudioError('the WAV header is damaged (it declares 0 channels)', { fileName });
  if (sampleRate === 0 || sampleRate > WAV_DECODE_DEFAULTS.maxSampleRate) {
    throw new CorruptAudioError(`the WAV header is damaged (it declares a sample rate of ${sampleRate} Hz)`, {
      fileName,
    });
  }
  if (tag !== 1 && tag !== 3) {
    const codec = CODEC_NAMES[tag] ?? 'unknown codec';
    throw new UnsupportedAudioError(`WAV codec 0x${tag.toString(16).padStart(4, '0')} (${codec})`, {
      fileName,
    });
  }
  if (channels > WAV_DECODE_DEFAULTS.maxChannels) {
    throw new UnsupportedAudioError(`WAV with ${channels} channels`, { fileName });
  }
  const encoding: WavEncoding = tag === 1 ? 'pcm' : 'float';
  const valid = encoding === 'pcm' ? [8, 16, 24, 32] : [32, 64];
  if (!valid.includes(bits)) throw new UnsupportedAudioError(`${bits}-bit ${encoding} WAV`, { fileName });
  return encoding;
}

/** Parses the header and locates the samples; throws the errors described above. */
export function readWavInfo(bytes: Uint8Array, fileName?: string): WavInfo {
  if (bytes.length === 0) throw new EmptyAudioError('0 bytes', { fileName });
  const riff = bytes.length >= 12 ? fourcc(bytes, 0) : '';
  if (riff === 'RIFX' && fourcc(bytes, 8) === 'WAVE') {
    throw new UnsupportedAudioError('big-endian (RIFX) WAV', { fileName });
  }
  if ((riff !== 'RIFF' && riff !== 'RF64') || fourcc(bytes, 8) !== 'WAVE') {
    throw new CorruptAudioError('it is not a WAV file (it does not start with a RIFF/WAVE header)', {
      fileName,
    });
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let fmt: FmtChunk | undefined;
  let data: { offset: number; size: number } | undefined;
  let rf64DataSize: number | undefined;

  let offset = 12;
  while (isChunkId(bytes, offset)) {
    const id = fourcc(bytes, offset);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === 'fmt ') {
      if (body + Math.min(size, 40) > bytes.length)
        throw new CorruptAudioError('the file ends early, inside its WAV header (truncated)', { fileName });
      fmt = readFmt(view, body, size, fileName);
    } else if (id === 'ds64' && size >= 24 && body + 24 <= bytes.length) {
      rf64DataSize = view.getUint32(body + 8, true) + view.getUint32(body + 12, true) * 2 ** 32;
    } else if (id === 'data' && !data) {
      const declared =
        riff === 'RF64' && size === 0xffffffff && rf64DataSize !== undefined ? rf64DataSize : size;
      data = { offset: body, size: declared };
      if (body + declared >= bytes.length) break; // last (or truncated) chunk
    }
    const next = body + size + (size % 2);
    // A writer that forgot the pad byte after an odd-sized chunk: the next id sits one byte earlier.
    offset = size % 2 === 1 && !isChunkId(bytes, next) && isChunkId(bytes, next - 1) ? next - 1 : next;
    if (id === 'data' && data && fmt) break; // nothing after the samples is needed
  }

  if (!fmt)
    throw new CorruptAudioError('the WAV header is damaged (it has no fmt chunk describing the samples)', {
      fileName,
    });
  const encoding = checkFmt(fmt, fileName);
  if (!data)
    throw new CorruptAudioError('it holds no audio data (the WAV has no data chunk: it may be cut off)', {
      fileName,
    });
  if (data.size === 0) throw new EmptyAudioError('the data chunk holds 0 bytes', { fileName });

  const sampleBytes = fmt.bitsPerSample / 8;
  const blockAlign = Math.max(fmt.blockAlign, fmt.channels * sampleBytes);
  const available = Math.max(0, Math.min(data.size, bytes.length - data.offset));
  const frames = Math.floor(available / blockAlign);
  const declaredFrames = Math.floor(data.size / blockAlign);
  if (frames === 0) {
    throw new CorruptAudioError(
      `the file ends early (truncated: its WAV header announces ${data.size} bytes of audio ` +
        `but the file holds ${available}, not even one sample)`,
      { fileName },
    );
  }
  return {
    encoding,
    bitsPerSample: fmt.bitsPerSample,
    channels: fmt.channels,
    sampleRate: fmt.sampleRate,
    blockAlign,
    dataOffset: data.offset,
    frames,
    declaredFrames,
    truncated: frames < declaredFrames,
  };
}

type SampleReader = (view: DataView, offset: number) => number;

function sampleReader(encoding: WavEncoding, bits: number): SampleReader {
  if (encoding === 'float') {
    return bits === 32
      ? (v, p) => {
          const x = v.getFloat32(p, true);
          return Number.isFinite(x) ? x : 0;
        }
      : (v, p) => {
          const x = v.getFloat64(p, true);
          return Number.isFinite(x) ? x : 0;
        };
  }
  switch (bits) {
    case 8:
      return (v, p) => (v.getUint8(p) - 128) / 128;
    case 16:
      return (v, p) => v.getInt16(p, true) / 32768;
    case 24:
      // Little-endian 24-bit: low 16 bits unsigned, high byte signed.
      return (v, p) => (v.getUint16(p, true) + v.getInt8(p + 2) * 65536) / 8388608;
    default:
      return (v, p) => v.getInt32(p, true) / 2147483648;
  }
}

/** Decodes a WAV file to mono float samples at its own sample rate. */
export function decodeWav(
  bytes: Uint8Array,
  options: { fileName?: string; info?: WavInfo } = {},
): DecodedWav {
  const info = options.info ?? readWavInfo(bytes, options.fileName);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const read = sampleReader(info.encoding, info.bitsPerSample);
  const { channels, blockAlign, frames } = info;
  const sampleBytes = info.bitsPerSample / 8;
  const samples = new Float32Array(frames);
  let p = info.dataOffset;
  if (channels === 1) {
    for (let i = 0; i < frames; i++, p += blockAlign) samples[i] = read(view, p);
  } else {
    const scale = 1 / channels;
    for (let i = 0; i < frames; i++, p += blockAlign) {
      let sum = 0;
      for (let c = 0; c < channels; c++) sum += read(view, p + c * sampleBytes);
      samples[i] = sum * scale;
    }
  }
  return { sampleRate: info.sampleRate, samples, info };
}
