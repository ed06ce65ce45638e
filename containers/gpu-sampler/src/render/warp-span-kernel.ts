/**
 * The warp's inner loop (piecewise-affine-warp.ts, `spanFixed` without clamping) as a WebAssembly
 * function: the same 32-bit integer arithmetic, so the same bytes, about 1.5x faster than the JS
 * loop (no bounds check per byte, i32 all the way; a 128-bit SIMD version of the pixel measured no
 * faster, so it is not kept).
 *
 * The module is assembled here from its instructions (below, one per line, as in the text format),
 * so there is no toolchain and no binary file. It imports its memory; `runSpans(list, count, src,
 * out, stride)` reads `count` span records of six i32 at byte offset `list`:
 *
 *   [o, n, fx, fy, da, dd]  o: byte offset of the span's first pixel in the RGB image at `out`;
 *                           n: pixels; fx, fy: the first pixel's source position (16.16);
 *                           da, dd: the source step per pixel (16.16)
 *
 * and fills each span with the bilinear samples of the RGB image at `src` (row stride `stride`
 * bytes), exactly as `spanFixed` does: for each channel, t = s00 · 256 + (s10 - s00) wx, u = s01 · 256
 * + (s11 - s01) wx, value = (t · 256 + (u - t) wy + 32768) >> 16, with wx, wy the 8-bit fractions.
 * Every 2x2 neighbourhood must lie in the image (the caller checks; the span is "interior").
 */

/** Bytes per span record. */
export const SPAN_RECORD_BYTES = 24;

export interface SpanKernel {
  /** The kernel's memory (fixed size: views on it stay valid). */
  readonly buffer: ArrayBuffer;
  runSpans(list: number, count: number, src: number, out: number, stride: number): void;
}

/** The part of the WebAssembly JS API used here (the project's TypeScript libs do not declare it). */
interface WasmApi {
  Memory: new (descriptor: { initial: number }) => { readonly buffer: ArrayBuffer };
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: Record<string, unknown> };
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** Instantiates the kernel over a new memory of `bytes` (rounded up to whole 64 KiB pages). */
export function createSpanKernel(bytes: number): SpanKernel {
  const memory = new wasm.Memory({ initial: Math.ceil(bytes / 65_536) });
  const instance = new wasm.Instance(spanModule(), { env: { memory } });
  const runSpans = instance.exports.runSpans as SpanKernel['runSpans'];
  return { buffer: memory.buffer, runSpans };
}

let compiled: object | undefined;
function spanModule(): object {
  compiled ??= new wasm.Module(assemble());
  return compiled;
}

// Opcodes (WebAssembly core spec, section 5.4).
const BLOCK = 0x02;
const LOOP = 0x03;
const END = 0x0b;
const BR = 0x0c;
const BR_IF = 0x0d;
const EMPTY = 0x40;
const GET = 0x20;
const SET = 0x21;
const TEE = 0x22;
const I32 = 0x7f;
const LOAD = 0x28;
const LOAD8_U = 0x2d;
const STORE8 = 0x3a;
const CONST = 0x41;
const GE_U = 0x4f;
const ADD = 0x6a;
const SUB = 0x6b;
const MUL = 0x6c;
const AND = 0x71;
const SHL = 0x74;
const SHR_S = 0x75;

/** Unsigned and signed LEB128. */
const uleb = (n: number): number[] => {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
};
const sleb = (n: number): number[] => {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
};
const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const name = (s: string): number[] => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];

function assemble(): Uint8Array {
  // Locals: the five parameters, then the working registers.
  const [list, count, src, out, stride] = [0, 1, 2, 3, 4];
  const [o, end, fx, fy, da, dd, p, q, wx, wy, t, u, rec, recEnd] = [
    5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18,
  ];
  const get = (l: number) => [GET, l];
  const set = (l: number) => [SET, l];
  const tee = (l: number) => [TEE, l];
  const i32 = (n: number) => [CONST, ...sleb(n)];
  const load = (offset: number) => [LOAD, 2, ...uleb(offset)];
  const load8 = (offset: number) => [LOAD8_U, 0, ...uleb(offset)];
  const store8 = (offset: number) => [STORE8, 0, ...uleb(offset)];

  /** One colour channel c of the current pixel (see the module comment). */
  // biome-ignore format: one instruction group per line
  const channel = (c: number) => [
    // t = s00 << 8 + (s10 - s00) * wx
    ...get(p), ...load8(c), ...tee(t), ...i32(8), SHL,
    ...get(p), ...load8(3 + c), ...get(t), SUB, ...get(wx), MUL, ADD, ...set(t),
    // u = s01 << 8 + (s11 - s01) * wx
    ...get(q), ...load8(c), ...tee(u), ...i32(8), SHL,
    ...get(q), ...load8(3 + c), ...get(u), SUB, ...get(wx), MUL, ADD, ...set(u),
    // out[o + c] = (t << 8 + (u - t) * wy + 32768) >> 16
    ...get(o),
    ...get(t), ...i32(8), SHL, ...get(u), ...get(t), SUB, ...get(wy), MUL, ADD,
    ...i32(32_768), ADD, ...i32(16), SHR_S,
    ...store8(c),
  ];

  // biome-ignore format: one instruction group per line
  const body = [
    // rec = list; recEnd = list + count * 24
    ...get(list), ...set(rec),
    ...get(list), ...get(count), ...i32(SPAN_RECORD_BYTES), MUL, ADD, ...set(recEnd),
    BLOCK, EMPTY,
    LOOP, EMPTY,
    ...get(rec), ...get(recEnd), GE_U, BR_IF, 1,
    // o = out + rec.o; end = o + 3 rec.n; fx, fy, da, dd
    ...get(out), ...get(rec), ...load(0), ADD, ...set(o),
    ...get(o), ...get(rec), ...load(4), ...i32(3), MUL, ADD, ...set(end),
    ...get(rec), ...load(8), ...set(fx),
    ...get(rec), ...load(12), ...set(fy),
    ...get(rec), ...load(16), ...set(da),
    ...get(rec), ...load(20), ...set(dd),
    BLOCK, EMPTY,
    LOOP, EMPTY,
    ...get(o), ...get(end), GE_U, BR_IF, 1,
    // p = src + (fy >> 16) * stride + (fx >> 16) * 3; q = p + stride
    ...get(src), ...get(fy), ...i32(16), SHR_S, ...get(stride), MUL, ADD,
    ...get(fx), ...i32(16), SHR_S, ...i32(3), MUL, ADD, ...set(p),
    ...get(p), ...get(stride), ADD, ...set(q),
    // wx = (fx >> 8) & 255; wy = (fy >> 8) & 255
    ...get(fx), ...i32(8), SHR_S, ...i32(255), AND, ...set(wx),
    ...get(fy), ...i32(8), SHR_S, ...i32(255), AND, ...set(wy),
    ...channel(0),
    ...channel(1),
    ...channel(2),
    // o += 3; fx += da; fy += dd
    ...get(o), ...i32(3), ADD, ...set(o),
    ...get(fx), ...get(da), ADD, ...set(fx),
    ...get(fy), ...get(dd), ADD, ...set(fy),
    BR, 0,
    END,
    END,
    // rec += 24
    ...get(rec), ...i32(SPAN_RECORD_BYTES), ADD, ...set(rec),
    BR, 0,
    END,
    END,
    END,
  ];
  const locals = vec([[...uleb(recEnd - stride), I32]]);
  const code = [...locals, ...body];

  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    // type 0: (i32 i32 i32 i32 i32) -> ()
    ...section(1, vec([[0x60, ...vec([[I32], [I32], [I32], [I32], [I32]]), ...vec([])]])),
    // import env.memory, at least one page
    ...section(2, vec([[...name('env'), ...name('memory'), 0x02, 0x00, 0x01]])),
    ...section(3, vec([[0]])),
    ...section(7, vec([[...name('runSpans'), 0x00, 0]])),
    ...section(10, vec([[...uleb(code.length), ...code]])),
  ]);
}
