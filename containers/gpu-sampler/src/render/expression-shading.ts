/**
 * Appearance, not only geometry: per-frame shading of the source before it is warped (so the
 * shading follows the skin).
 *
 *   log(I'/I) = S = I_e sum_k a_k(m) M_k + a_att(m) A
 *
 * Notation: I the source RGB, I' the shaded source, m the frame's motion, I_e the expression scale
 * (render-frame.ts `intensity`), M_k the wrinkle / fold maps (wrinkle-maps.ts) with weights a_k:
 *   AU1 -> forehead lines (central), AU2L / AU2R -> forehead lines (lateral, per side),
 *   AU4 -> glabellar lines, AU9 -> nose-bridge and nose-side wrinkles,
 *   fold (per side) = max(AU12 side, 0.6 AU6, 0.6 AU10, 0.5 AU11) -> deeper nasolabial fold,
 *   crow's feet (per side) = AU6 (x (0.5 + 0.5 AU12 side));
 * A the source's smile detail (detail-layer.ts, one log ratio per colour channel, so
 * S has one per channel there) with weight a_att = the smile-conflict weight
 * (smile-conflict.ts: how much the target contradicts a smile). Zero motion gives S = 0 (the
 * identity), so a smiling source keeps its smile unless the target contradicts it.
 */
import { CHANNEL_NAMES } from '../../../../core/motion/channels.js';
import type { RgbImage } from '../face/portrait.js';
import { buildDetailLayer } from './detail-layer.js';
import type { MeshTopology } from './mesh-topology.js';
import { smileConflict } from './smile-conflict.js';
import { buildWrinkleMaps, type SparseMap } from './wrinkle-maps.js';

export interface ExpressionShading {
  /** The shaded source for this frame (one buffer, reused: the source's bytes where nothing shades). */
  apply(motion: Float32Array): RgbImage;
}

/**
 * Where a map is non-zero: per map row j, image columns [from[j], to[j]) (empty when from >= to).
 * Built once per portrait, so a frame touches only the pixels its active maps shade.
 */
interface RowSpans {
  readonly y0: number;
  readonly h: number;
  readonly from: Int32Array;
  readonly to: Int32Array;
}

function rowSpans(map: SparseMap, channels: number): RowSpans {
  const from = new Int32Array(map.h);
  const to = new Int32Array(map.h);
  const rowLength = map.w * channels;
  for (let j = 0; j < map.h; j++) {
    let first = rowLength;
    let last = -1;
    for (let k = 0; k < rowLength; k++) {
      if (map.data[j * rowLength + k] !== 0) {
        if (first === rowLength) first = k;
        last = k;
      }
    }
    from[j] = map.x0 + Math.floor(first / channels);
    to[j] = last < 0 ? from[j]! : map.x0 + Math.floor(last / channels) + 1;
  }
  return { y0: map.y0, h: map.h, from, to };
}

/** One active map of a frame: the map, its weight, where it is non-zero. */
interface Active {
  map: SparseMap;
  a: number;
  spans: RowSpans;
}

export function createExpressionShading(
  image: RgbImage,
  topology: MeshTopology,
  options: {
    intensity: number;
    /** The buffer the shaded source lives in (width·height·3; the renderer's warp source). */
    into?: Uint8Array;
  },
): ExpressionShading {
  const maps = buildWrinkleMaps(topology);
  const detail = buildDetailLayer(image, topology);
  const spansOf = new Map<SparseMap, RowSpans>(Object.values(maps).map((map) => [map, rowSpans(map, 1)]));
  const detailSpans = rowSpans(detail, 3);
  const ch = (name: string) => CHANNEL_NAMES.indexOf(name);
  const channel = {
    AU1: ch('AU1'),
    AU2L: ch('AU2L'),
    AU2R: ch('AU2R'),
    AU4: ch('AU4'),
    AU6: ch('AU6'),
    AU9: ch('AU9'),
    AU10: ch('AU10'),
    AU11: ch('AU11'),
    AU12L: ch('AU12L'),
    AU12R: ch('AU12R'),
  };
  const { width, height } = image;
  const src = image.data;
  const shaded = { width, height, data: options.into ?? new Uint8Array(src.length) };
  if (shaded.data.length !== src.length) throw new RangeError(`into must hold ${src.length} bytes`);
  shaded.data.set(src);
  const out = shaded.data;
  const acc = new Float32Array(width * height);
  // This frame's and the previous frame's shaded columns per image row: [from, to), rows [yMin, yMax).
  let rows = { from: new Int32Array(height).fill(width), to: new Int32Array(height), yMin: height, yMax: 0 };
  let previous = {
    from: new Int32Array(height).fill(width),
    to: new Int32Array(height),
    yMin: height,
    yMax: 0,
  };
  const active: Active[] = [];
  const I = options.intensity;

  const add = (map: SparseMap | undefined, a: number) => {
    if (map && a > 1e-3 && map.w > 0 && map.h > 0) active.push({ map, a, spans: spansOf.get(map)! });
  };
  const cover = ({ y0, h, from, to }: RowSpans) => {
    for (let j = 0; j < h; j++) {
      if (from[j]! >= to[j]!) continue;
      const y = y0 + j;
      if (from[j]! < rows.from[y]!) rows.from[y] = from[j]!;
      if (to[j]! > rows.to[y]!) rows.to[y] = to[j]!;
      if (y < rows.yMin) rows.yMin = y;
      if (y + 1 > rows.yMax) rows.yMax = y + 1;
    }
  };

  return {
    apply(m) {
      const at = (c: number) => Math.max(0, m[c] ?? 0);
      active.length = 0;
      add(maps.AU1, I * at(channel.AU1));
      add(maps.AU2L, I * at(channel.AU2L));
      add(maps.AU2R, I * at(channel.AU2R));
      add(maps.AU4, I * at(channel.AU4));
      add(maps.AU9, I * at(channel.AU9));
      const fold = (au12: number) =>
        I * Math.max(at(au12), 0.6 * at(channel.AU6), 0.6 * at(channel.AU10), 0.5 * at(channel.AU11));
      const crowsFeet = (au12: number) => I * at(channel.AU6) * (0.5 + 0.5 * at(au12));
      add(maps.foldL, fold(channel.AU12L));
      add(maps.crowsFeetL, crowsFeet(channel.AU12L));
      add(maps.foldR, fold(channel.AU12R));
      add(maps.crowsFeetR, crowsFeet(channel.AU12R));
      const unsmile = smileConflict(m);
      const att = unsmile > 1e-3 && detail.w > 0 && detail.h > 0 ? unsmile : 0;

      // Restore what the previous frame shaded.
      [previous, rows] = [rows, previous];
      for (let y = previous.yMin; y < previous.yMax; y++) {
        const x0 = previous.from[y]!;
        const x1 = previous.to[y]!;
        if (x0 < x1) out.set(src.subarray((y * width + x0) * 3, (y * width + x1) * 3), (y * width + x0) * 3);
      }
      rows.from.fill(width, rows.yMin, rows.yMax);
      rows.to.fill(0, rows.yMin, rows.yMax);
      rows.yMin = height;
      rows.yMax = 0;
      if (active.length === 0 && att === 0) return shaded;

      // S = sum_k a_k M_k, summed only where the maps are non-zero (adding a zero is the identity).
      for (const { spans } of active) cover(spans);
      if (att > 0) cover(detailSpans);
      for (let y = rows.yMin; y < rows.yMax; y++) {
        if (rows.from[y]! < rows.to[y]!) acc.fill(0, y * width + rows.from[y]!, y * width + rows.to[y]!);
      }
      for (const { map, a, spans } of active) {
        for (let j = 0; j < map.h; j++) {
          const x0 = spans.from[j]!;
          const x1 = spans.to[j]!;
          const row = (map.y0 + j) * width;
          const k = j * map.w - map.x0;
          for (let x = x0; x < x1; x++) acc[row + x] = acc[row + x]! + a * map.data[k + x]!;
        }
      }

      // I' = I exp(S + a_att A), rounded and clamped; untouched where both are zero.
      const { x0: dx0, y0: dy0, w: dw, h: dh, data: dd } = detail;
      for (let y = rows.yMin; y < rows.yMax; y++) {
        const inY = att > 0 && y >= dy0 && y < dy0 + dh;
        const x1 = rows.to[y]!;
        for (let x = rows.from[y]!; x < x1; x++) {
          const s = acc[y * width + x]!;
          const di = inY && x >= dx0 && x < dx0 + dw ? ((y - dy0) * dw + x - dx0) * 3 : -1;
          const o = (y * width + x) * 3;
          if (di < 0) {
            if (s === 0) continue;
            const e = Math.exp(s);
            for (let k = 0; k < 3; k++) {
              const v = src[o + k]! * e + 0.5;
              out[o + k] = v > 255 ? 255 : v | 0;
            }
            continue;
          }
          if (s === 0 && dd[di] === 0 && dd[di + 1] === 0 && dd[di + 2] === 0) continue;
          for (let k = 0; k < 3; k++) {
            const v = src[o + k]! * Math.exp(s + att * dd[di + k]!) + 0.5;
            out[o + k] = v > 255 ? 255 : v | 0;
          }
        }
      }
      return shaded;
    },
  };
}
