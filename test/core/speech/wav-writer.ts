/**
 * A tiny WAV writer for tests: builds RIFF/WAVE bytes from float channels (-1..1), with the
 * encodings the decoder accepts and the oddities it must survive (extra chunks, odd sizes,
 * a forgotten pad byte, WAVE_FORMAT_EXTENSIBLE, a data chunk declared longer than written).
 */

export interface WavWriterOptions {
  readonly sampleRate: number;
  /** @default 'pcm' */
  readonly encoding?: 'pcm' | 'float';
  /** 8, 16, 24, 32 (pcm) or 32, 64 (float). @default 16 */
  readonly bits?: number;
  /** Write a WAVE_FORMAT_EXTENSIBLE fmt chunk. @default false */
  readonly extensible?: boolean;
  /** Override the fmt format tag (e.g. 2 for ADPCM) without changing how samples are written. */
  readonly formatTag?: number;
  /** Chunks written between fmt and data (e.g. LIST with an odd size). */
  readonly extraChunks?: ReadonlyArray<{ readonly id: string; readonly data: Uint8Array }>;
  /** Leave out the pad byte after odd-sized extra chunks (a common writer bug). @default false */
  readonly omitPad?: boolean;
  /** Declared data size in bytes, when it should differ from what is written. */
  readonly declaredDataBytes?: number;
}

function quantise(x: number, bits: number): number {
  const full = 2 ** (bits - 1);
  return Math.max(-full, Math.min(full - 1, Math.round(x * full)));
}

/** WAV bytes for `channels` (each a Float32Array of the same length). */
export function writeWav(channels: readonly Float32Array[], options: WavWriterOptions): Uint8Array {
  const encoding = options.encoding ?? 'pcm';
  const bits = options.bits ?? 16;
  const count = channels.length;
  const frames = channels[0]?.length ?? 0;
  const bytesPerSample = bits / 8;
  const blockAlign = count * bytesPerSample;
  const dataBytes = frames * blockAlign;
  const fmtSize = options.extensible ? 40 : 16;
  const extras = options.extraChunks ?? [];
  const extraBytes = extras.reduce(
    (n, c) => n + 8 + c.data.length + (options.omitPad ? 0 : c.data.length % 2),
    0,
  );
  const total = 12 + 8 + fmtSize + extraBytes + 8 + dataBytes;
  const bytes = new Uint8Array(total);
  const view = new DataView(bytes.buffer);
  const ascii = (offset: number, text: string) => {
    for (let i = 0; i < text.length; i++) bytes[offset + i] = text.charCodeAt(i);
  };
  const tag = options.formatTag ?? (encoding === 'pcm' ? 1 : 3);

  ascii(0, 'RIFF');
  view.setUint32(4, total - 8, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, fmtSize, true);
  view.setUint16(20, options.extensible ? 0xfffe : tag, true);
  view.setUint16(22, count, true);
  view.setUint32(24, options.sampleRate, true);
  view.setUint32(28, options.sampleRate * blockAlign, true);
  view.setUint16(32, blockAlign, true);
  view.setUint16(34, bits, true);
  if (options.extensible) {
    view.setUint16(36, 22, true); // cbSize
    view.setUint16(38, bits, true); // valid bits
    view.setUint32(40, count === 1 ? 4 : 3, true); // channel mask
    view.setUint16(44, tag, true); // sub-format GUID, first two bytes
    bytes.set([0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71], 46);
  }
  let offset = 20 + fmtSize;
  for (const chunk of extras) {
    ascii(offset, chunk.id);
    view.setUint32(offset + 4, chunk.data.length, true);
    bytes.set(chunk.data, offset + 8);
    offset += 8 + chunk.data.length + (options.omitPad ? 0 : chunk.data.length % 2);
  }
  ascii(offset, 'data');
  view.setUint32(offset + 4, options.declaredDataBytes ?? dataBytes, true);
  offset += 8;
  for (let i = 0; i < frames; i++) {
    for (let c = 0; c < count; c++) {
      const x = channels[c]?.[i] ?? 0;
      if (encoding === 'float') {
        if (bits === 32) view.setFloat32(offset, x, true);
        else view.setFloat64(offset, x, true);
      } else if (bits === 8) {
        view.setUint8(offset, Math.max(0, Math.min(255, Math.round(x * 128) + 128)));
      } else if (bits === 16) {
        view.setInt16(offset, quantise(x, 16), true);
      } else if (bits === 24) {
        const v = quantise(x, 24);
        view.setUint8(offset, v & 0xff);
        view.setUint8(offset + 1, (v >> 8) & 0xff);
        view.setInt8(offset + 2, v >> 16);
      } else {
        view.setInt32(offset, quantise(x, 32), true);
      }
      offset += bytesPerSample;
    }
  }
  return bytes;
}
