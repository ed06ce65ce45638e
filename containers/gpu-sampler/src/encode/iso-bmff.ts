/**
 * A small reader for ISO base media file format boxes (ISO/IEC 14496-12 §4.2): size (32-bit,
 * or 1 + a 64-bit `largesize`, or 0 = "to the end of the enclosing container"), a four-character
 * type, then the payload; full boxes add a version byte and 24 bits of flags.
 */
import type { FileHandle } from 'node:fs/promises';
import { Mp4FormatError } from './errors.js';

export interface Box {
  readonly type: string;
  /** Offset of the box's first byte (in the buffer or the file it was read from). */
  readonly start: number;
  /** Offset of the payload (after size, type and any largesize). */
  readonly payload: number;
  /** Offset just past the box. */
  readonly end: number;
}

/** The boxes laid end to end in `[start, end)` of `bytes`. */
export function childBoxes(bytes: Uint8Array, start = 0, end = bytes.length): Box[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const boxes: Box[] = [];
  let offset = start;
  while (offset + 8 <= end) {
    const box = parseHeader(view, offset, end - offset);
    boxes.push(box);
    offset = box.end;
  }
  if (offset < end) throw new Mp4FormatError(`${end - offset} stray bytes at offset ${offset}`);
  return boxes;
}

/** The first box reached by following `path` (e.g. ['mdia', 'minf', 'stbl']) from `[start, end)`. */
export function findBox(
  bytes: Uint8Array,
  path: readonly string[],
  start = 0,
  end = bytes.length,
): Box | undefined {
  let range = { payload: start, end };
  let found: Box | undefined;
  for (const type of path) {
    found = childBoxes(bytes, range.payload, range.end).find((box) => box.type === type);
    if (!found) return undefined;
    range = found;
  }
  return found;
}

/** Like `findBox` but throws when a box is missing. */
export function requireBox(bytes: Uint8Array, path: readonly string[], start = 0, end = bytes.length): Box {
  const box = findBox(bytes, path, start, end);
  if (!box) throw new Mp4FormatError(`no ${path.join('/')} box`);
  return box;
}

/** Top-level boxes of a file, reading only their headers. */
export async function fileBoxes(file: FileHandle, fileSize: number): Promise<Box[]> {
  const header = new Uint8Array(16);
  const boxes: Box[] = [];
  let offset = 0;
  while (offset + 8 <= fileSize) {
    const { bytesRead } = await file.read(header, 0, 16, offset);
    if (bytesRead < 8) break;
    const box = parseHeader(new DataView(header.buffer, 0, bytesRead), 0, fileSize - offset, offset);
    boxes.push(box);
    offset = box.end;
  }
  if (offset < fileSize) throw new Mp4FormatError(`${fileSize - offset} stray bytes at the end of the file`);
  return boxes;
}

/** Reads a box's payload from a file. */
export async function readPayload(file: FileHandle, box: Box): Promise<Uint8Array> {
  const bytes = new Uint8Array(box.end - box.payload);
  const { bytesRead } = await file.read(bytes, 0, bytes.length, box.payload);
  if (bytesRead !== bytes.length) throw new Mp4FormatError(`${box.type} box is truncated`);
  return bytes;
}

export function fourcc(bytes: Uint8Array, offset: number): string {
  return String.fromCharCode(bytes[offset]!, bytes[offset + 1]!, bytes[offset + 2]!, bytes[offset + 3]!);
}

/** Big-endian unsigned reads, bounds-checked against the array. */
export class BoxReader {
  private readonly view: DataView;
  constructor(
    readonly bytes: Uint8Array,
    public offset: number,
    private readonly end = bytes.length,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  private need(n: number): number {
    const at = this.offset;
    if (at + n > this.end) throw new Mp4FormatError(`box field at offset ${at} runs past its box`);
    this.offset += n;
    return at;
  }
  u8(): number {
    return this.view.getUint8(this.need(1));
  }
  u16(): number {
    return this.view.getUint16(this.need(2));
  }
  u32(): number {
    return this.view.getUint32(this.need(4));
  }
  i32(): number {
    return this.view.getInt32(this.need(4));
  }
  u64(): number {
    return Number(this.view.getBigUint64(this.need(8)));
  }
  /** 32 or 64 bits depending on a full box's version. */
  uv(version: number): number {
    return version === 1 ? this.u64() : this.u32();
  }
  skip(n: number): this {
    this.need(n);
    return this;
  }
  /** A full box's version byte (flags skipped). */
  version(): number {
    const version = this.u8();
    this.skip(3);
    return version;
  }
}

/**
 * The box whose header is at `view[at]`; `available` bytes remain in its container from there;
 * offsets in the result are relative to `origin` (the header's offset in a file, or `at`).
 */
function parseHeader(view: DataView, at: number, available: number, origin = at): Box {
  let size = view.getUint32(at);
  const type = String.fromCharCode(
    view.getUint8(at + 4),
    view.getUint8(at + 5),
    view.getUint8(at + 6),
    view.getUint8(at + 7),
  );
  let headerSize = 8;
  if (size === 1) {
    if (at + 16 > view.byteLength) throw new Mp4FormatError(`${type} box at ${origin}: truncated largesize`);
    size = Number(view.getBigUint64(at + 8));
    headerSize = 16;
  } else if (size === 0) {
    size = available;
  }
  if (size < headerSize || size > available) {
    throw new Mp4FormatError(
      `${type} box at offset ${origin} has size ${size}, ${available} bytes available`,
    );
  }
  return { type, start: origin, payload: origin + headerSize, end: origin + size };
}
